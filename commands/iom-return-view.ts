import type { Command } from '../src/assistant/types.js';
import type { Utterance } from '../src/assistant/understand.js';
import { figuresLine, formatInstant, historyLines, returnViewCard } from '../src/cards/iom.js';
import { monthLabel } from '../src/domain/iom-months.js';
import { findIomReturn, iomBoroughs } from '../src/store/iom.repository.js';
import { card, submit, text } from '../src/cards/build.js';
import {
  boroughAsked,
  checksWhatWasSent,
  hasFigures,
  hasReturnWord,
  iomHead,
  isIom,
  maySeeBorough,
  mentionsReturns,
  monthAsked,
  monthNamed,
  namesBorough,
  namesReturnFigures,
  ownBorough,
  STATUS_WORDS,
  VIEW_WORDS,
} from '../src/assistant/iom.js';
import { staffNames } from '../src/store/staff.repository.js';

export const iomReturnView: Command<Utterance | null> = {
  name: 'iom-return-view',
  title: 'View an IOM return',
  description:
    "One borough's IOM return for a month: the figures, good news and who changed what (leads: their own borough).",
  examples: ['show the Haringey IOM return for May 2024', 'show our IOM return for last month'],
  roles: ['iom_central', 'iom_lead'],
  scopes: ['personal'],
  match(u) {
    const head = iomHead(u);
    // "the nov return had 14 arrests didn't it? just want to check what went in": a figure asked
    // about, to check what was sent.
    const checking = checksWhatWasSent(u.raw);
    if (checking && (hasReturnWord(head) || namesReturnFigures(head) || hasFigures(u)))
      return { score: 0.85, slots: u };
    if (hasFigures(u)) return null;
    const returns = hasReturnWord(head) || mentionsReturns(head);
    // "what did we send for October", "what figures did I put in": the return, without the word.
    const whatWasSent =
      /\bwhat (?:did|have) (?:we|i|they|\w+) (?:\w+ )?(?:send|sent|submit|submitted|put|return|returned|report|reported|give|gave)\b|\bwhat (?:we|i|they) (?:put|sent|submitted|returned|reported)\b|\bfigures did\b/.test(
        head,
      );
    // "Enfield's return for October", "Haringey's November figures": one borough's, named.
    const oneBorough =
      /\b(?!(?:month|week|year|today|yesterday|january|february|march|april|may|june|july|august|september|october|november|december)'s)[a-z]+'s (?:\w+ )?(?:return|figures|numbers|submission)\b/.test(
        head,
      ) &&
      !STATUS_WORDS.test(head) &&
      // "is Enfield's return in yet", "has Haringey's arrived": whether it came, not what it says.
      !/\b(?:in yet|arrived|landed|been (?:sent|submitted|received))\b|\bin\??$/.test(head) &&
      !/\b(?:correct|correction|amend|fix|change|update)\b/.test(head);
    // "Enfield's lead is off sick so their return will be late, FYI": news, not a request to see it.
    const news =
      (u.chatter || /\bwill be (?:late|in|sent|with you|over)\b|\bstill waiting\b/.test(head)) &&
      !VIEW_WORDS.test(head);
    if (oneBorough && !/\b(?:my|our)\b/.test(head)) return { score: news ? 0.5 : 0.8, slots: u };
    // "I'd appreciate sight of the Islington return", "review the Enfield figures for September",
    // "what did we report for September", "what Enfield sent": seeing one return, politely.
    const seeing =
      /\b(?:sight of|review|look (?:at|over)|see|check|what (?:did|have) (?:we|they|\w+) (?:report|reported|put in)|what \w+ (?:sent|submitted|reported|put in|put down|returned)|figures for)\b/.test(
        head,
      ) && /\b(?:return|figures|numbers|sent|submitted|reported|put in|put down|returned)\b/.test(head);
    if (seeing && !STATUS_WORDS.test(head) && !hasFigures(u)) return { score: 0.8, slots: u };
    // "haringey return pls", "islington figures oct", "what were enfield's arrests last month":
    // a borough and its return or figures, with no figures given and not asking whether it came.
    const arrivedWords =
      /\b(?:in yet|arrived|landed|tracker)\b|\bin\??$|\b(?:has|have|did)\b.*\b(?:sent|submitted|done)\b/.test(
        head,
      );
    if (
      namesBorough(head) &&
      (returns || namesReturnFigures(head)) &&
      !STATUS_WORDS.test(head) &&
      !arrivedWords &&
      !/\b(?:correct|correction|amend|fix|change|update|should (?:be|read)|cohort|brag|report)\b/.test(head)
    )
      return { score: news ? 0.5 : isIom(head) ? 0.95 : 0.8, slots: u };
    // "october, enfield" from the central team: a borough and a month, nothing else.
    if (namesBorough(head) && monthNamed(u) && head.split(/[\s,]+/).filter(Boolean).length <= 3)
      return { score: 0.7, slots: u };
    // "nov return", "october figures?" from a lead: their own return for that month, to see it.
    if (
      (returns || namesReturnFigures(head)) &&
      monthNamed(u) &&
      head.split(' ').length <= 4 &&
      !STATUS_WORDS.test(head)
    )
      return { score: 0.7, slots: u };
    if (!returns && !whatWasSent) return null;
    // "is our October return in?", "did it go through": a lead checking their own arrived.
    const ownArrived =
      /\b(?:our|my)\b/.test(head) &&
      /\b(?:in|in yet|go through|gone through|went through|arrived|ok)\b\??/.test(head);
    if (ownArrived) return { score: 0.85, slots: u };
    if (!VIEW_WORDS.test(head) && !whatWasSent) return null;
    // "show the returns status" is the status question, not one return.
    if (STATUS_WORDS.test(head) && !/\b(?:gone|go|went) in\b/.test(head)) return { score: 0.4, slots: u };
    return { score: isIom(head) ? 0.95 : 0.85, slots: u };
  },
  async run(ctx, u) {
    if (!u) {
      return {
        reply: {
          text: 'Which return? For example "show the Haringey IOM return for May 2024".',
          personalData: false,
        },
      };
    }
    const asked = await boroughAsked(ctx, u);
    if (!asked.ok) {
      // "pull up the november return": which borough's, with a button for each one known.
      if (!asked.message.startsWith('Which borough?'))
        return { reply: { text: asked.message, personalData: false } };
      const month = monthLabel(monthAsked(u, ctx.today));
      const known = await iomBoroughs(ctx.database);
      const message = `Which borough's IOM return for ${month}?`;
      const buttons = known.map((b) =>
        submit(b, `show the ${b} IOM return for ${month}`, { command: 'iom-return-view' }),
      );
      return {
        reply: {
          text: [message, ...known.map((b) => `- ${b}`)].join('\n'),
          card: card([text(message)], buttons),
          personalData: false,
        },
      };
    }
    const { borough } = asked;
    if (!maySeeBorough(ctx.asker, borough, ['iom_central'])) {
      const own = ownBorough(ctx.asker);
      const message = `Sorry, you can view your own borough's IOM return${own ? ` (${own})` : ''}, not ${borough}'s. The central IOM team sees every borough.`;
      return {
        reply: { text: message, personalData: false },
        audit: { scope: 'iom-return-view-refused', count: 0 },
      };
    }
    const month = monthAsked(u, ctx.today);
    const found = await findIomReturn(ctx.database, borough, month);
    if (!found) {
      return {
        reply: { text: `No IOM return from ${borough} for ${monthLabel(month)} yet.`, personalData: false },
        audit: { scope: 'iom-return-view', count: 0 },
      };
    }
    const { ret, history } = found;
    const names = await staffNames(ctx.database, [
      ret.submittedBy,
      ...history.flatMap((h) => [h.submittedBy, h.replacedBy]),
    ]);
    const byName = names.get(ret.submittedBy) ?? ret.submittedBy;
    const earlier = historyLines(ret, history, names);
    const headline = `${ret.borough} IOM return for ${monthLabel(ret.month)}: ${figuresLine(ret)}.`;
    const lines = [
      headline,
      ret.goodNews ? `Good news: ${ret.goodNews}` : 'No good-news stories given.',
      `Version ${ret.version}, submitted ${formatInstant(ret.submittedAt)} by ${byName}.`,
      ...(earlier.length ? ['Earlier versions:', ...earlier.map((l) => `- ${l}`)] : []),
    ];
    return {
      reply: {
        text: lines.join('\n'),
        card: returnViewCard(ret, byName, earlier),
        personalData: ret.goodNews !== null,
        channelSummary: `${headline} Version ${ret.version}. The good-news text is shown only in our 1:1 chat.`,
      },
      audit: { scope: 'iom-return-view', count: 1 },
    };
  },
};
