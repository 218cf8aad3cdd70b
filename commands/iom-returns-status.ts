import type { Command } from '../src/assistant/types.js';
import type { Utterance } from '../src/assistant/understand.js';
import { receivedText, statusCard, type StatusRow } from '../src/cards/iom.js';
import { startOfMonth, type IsoDate } from '../src/domain/dates.js';
import { lastCompletedMonth, monthLabel, monthProblem } from '../src/domain/iom-months.js';
import { boroughKey, iomBoroughs, iomReturnsForMonth } from '../src/store/iom.repository.js';
import {
  namesBorough,
  hasFigures,
  hasReturnWord,
  iomHead,
  isIom,
  mentionsReturns,
  monthAsked,
  STATUS_WORDS,
  VIEW_WORDS,
} from '../src/assistant/iom.js';
import { staffNames } from '../src/store/staff.repository.js';

export interface IomStatusSlots {
  month: IsoDate;
}

export const iomReturnsStatus: Command<IomStatusSlots | null> = {
  name: 'iom-returns-status',
  title: 'IOM returns status',
  description:
    'Which boroughs have sent their IOM monthly return for a month, with submit times, and which are outstanding.',
  examples: [
    'IOM returns status for last month',
    'IOM returns status for May 2024',
    'which boroughs are missing IOM returns',
  ],
  roles: ['iom_central'],
  scopes: ['personal', 'team'],
  match(u: Utterance) {
    const head = iomHead(u);
    if (hasFigures(u)) return null;
    const returns = hasReturnWord(head) || mentionsReturns(head) || /\btheirs\b/.test(head);
    // "did everyone get their november numbers to us?": every lead's figures, asked about.
    if (
      /\b(?:everyone|everybody|all (?:the )?leads|every lead|all (?:the )?boroughs)\b/.test(head) &&
      /\b(?:numbers|figures|returns?|stats)\b/.test(head) &&
      /\b(?:get|got|sent|send|submitted|in|to us)\b/.test(head) &&
      (u.raw.includes('?') || /^(?:did|has|have|is|are)\b/.test(head))
    )
      return { score: 0.85, slots: { month: monthAsked(u, u.today) } };
    // "have all boroughs sent their IOM returns": every borough at once is the status question.
    const allBoroughs =
      /\b(?:all|every|other) (?:\d+ |three |four |five )?boroughs?\b|\bboroughs\b.*\b(?:sent|submitted|returned|done|in)\b/.test(
        head,
      );
    // "which boroughs have submitted so far", "have all 3 boroughs done november": no "return" needed.
    if (allBoroughs && /\b(?:sent|submitted|returned|done|in|filed)\b/.test(head))
      return { score: 0.8, slots: { month: monthAsked(u, u.today) } };
    // "which boroughs are still outstanding": the status, without the word "return".
    if (
      /\bwhich boroughs\b|\bboroughs? (?:are|is) (?:still )?(?:outstanding|missing|late|overdue)\b/.test(
        head,
      ) &&
      STATUS_WORDS.test(head)
    )
      return { score: 0.85, slots: { month: monthAsked(u, u.today) } };
    // "who hasn't sent november yet", "who's still not sent november?": the central team chasing.
    if (
      /\bwho(?:'s| is| has| have)?\b[^.?!]*\b(?:not|hasnt|hasn't|haven't|havent|yet to|still to)\s+(?:yet\s+)?(?:sent|submitted|returned|done)\b/.test(
        head,
      )
    )
      return { score: 0.85, slots: { month: monthAsked(u, u.today) } };
    // "who's sent nov returns", "returns tracker".
    if (
      returns &&
      /\bwho(?:'s| has| have)? (?:sent|submitted|returned|done)\b|\btrack(?:er|ing)\b/.test(head)
    )
      return { score: 0.85, slots: { month: monthAsked(u, u.today) } };
    // "is Enfield's return in yet", "how are we doing on returns": whether it has arrived.
    const arrived =
      /\b(?:in yet|yet|in\b\??$|arrived|got (?:it|them|theirs)|doing on|progress|how many)\b/.test(head);
    // "has Islington submitted?": a borough sending, without the word "return".
    const submitted =
      /\b(?:has|have)\s+(?:\w+\s+){1,3}(?:submitted|sent (?:it|theirs|them|in)|returned|filed)\b/.test(head);
    const view = VIEW_WORDS.test(head) && !STATUS_WORDS.test(head);
    if (returns && (STATUS_WORDS.test(head) || allBoroughs))
      return { score: isIom(head) ? 0.95 : 0.85, slots: { month: monthAsked(u, u.today) } };
    if (returns && arrived && !view) return { score: 0.8, slots: { month: monthAsked(u, u.today) } };
    // "who do I still need to chase": only the central team chases boroughs.
    if (
      /\bchas(?:e|ing)\b/.test(head) &&
      /\b(?:who|which|anyone|boroughs?)\b/.test(head) &&
      !/\b(?:dip|breach(?:es)?|stls?|referrals?|followups?|cases?)\b/.test(head)
    )
      return { score: 0.7, slots: { month: monthAsked(u, u.today) } };
    if (submitted) return { score: 0.7, slots: { month: monthAsked(u, u.today) } };
    // "is islington in for november", "has enfield sent yet": a borough's return arriving, unnamed.
    if (
      /^(?:is|are|has|have)\b/.test(head) &&
      namesBorough(head) &&
      /\b(?:in|sent|submitted|done|received|back)\b(?= yet| for| now| already|$)/.test(head)
    )
      return { score: 0.75, slots: { month: monthAsked(u, u.today) } };
    return null;
  },
  async run(ctx, slots) {
    const month = slots?.month ?? lastCompletedMonth(ctx.today);
    const [boroughs, returns] = await Promise.all([
      iomBoroughs(ctx.database),
      iomReturnsForMonth(ctx.database, month),
    ]);
    const byKey = new Map(returns.map((r) => [boroughKey(r.borough), r]));
    // A return from a borough that is no longer listed still counts as received.
    const names = new Map(boroughs.map((b) => [boroughKey(b), b]));
    for (const r of returns)
      if (!names.has(boroughKey(r.borough))) names.set(boroughKey(r.borough), r.borough);
    const who = await staffNames(
      ctx.database,
      returns.map((r) => r.submittedBy),
    );
    const rows: StatusRow[] = [...names.entries()]
      .map(([key, borough]) => {
        const ret = byKey.get(key) ?? null;
        return { borough, ret, submittedByName: ret ? (who.get(ret.submittedBy) ?? null) : null };
      })
      .sort((a, b) => a.borough.localeCompare(b.borough, 'en-GB'));
    const received = rows.filter((r) => r.ret);
    const outstanding = rows.filter((r) => !r.ret);
    const problem = monthProblem(month, ctx.today);
    const note =
      problem && month >= startOfMonth(ctx.today) ? `${problem}; returns for it are not due yet.` : null;
    const summary =
      rows.length === 0
        ? `No IOM boroughs are set up yet (no IOM leads in the staff list and no cohort imported).`
        : `IOM returns for ${monthLabel(month)}: ${received.length} of ${rows.length} received, ${outstanding.length} outstanding.`;
    const lines = [
      summary,
      ...(note ? [note] : []),
      ...received.map((r) => `- received: ${r.borough}, ${receivedText(r)}`),
      ...outstanding.map((r) => `- outstanding: ${r.borough}`),
    ];
    return {
      reply: { text: lines.join('\n'), card: statusCard(month, rows, note), personalData: false },
      audit: { scope: 'iom-status', count: received.length },
    };
  },
};
