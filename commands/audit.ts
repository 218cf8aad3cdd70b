import { lookingBack, periodOrThisWeek, periodText, type Period } from '../src/assistant/periods.js';
import type { Command, CommandResult } from '../src/assistant/types.js';
import { type Utterance } from '../src/assistant/understand.js';
import { card, facts, heading, subtle, submit, text } from '../src/cards/build.js';
import { addDays, formatUkDate, todayInLondon } from '../src/domain/dates.js';
import { matchPerson } from '../src/domain/names.js';
import { auditRowsFor, auditSubjects, type AuditRow } from '../src/store/audit.repository.js';
import { personMention, personQuery } from '../src/assistant/person-words.js';

/**
 * "audit for Pat this week": what one member of staff asked the assistant, as counts by intent and
 * by day. The audit log holds no question text and no answers, so neither can this.
 */
export interface AuditSlots {
  /** The member of staff, as typed: an email or (part of) a name. */
  staff: string | null;
  period: Period | null;
}

const EMAIL = /[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/;
const WORDS = [
  'using',
  'activity',
  'looking',
  'looked',
  'up',
  'at',
  'been',
  'show',
  'me',
  "what's",
  'whats',
  'who',
  'bot',
  'pull',
  'has',
  'what',
  'by',
  'from',
  'questions',
  'queries',
  'messages',
  'audit',
  'audits',
  'log',
  'trail',
  'usage',
  'asked',
  'asking',
  'been',
  'activity',
  'questions',
  'did',
  'since',
  'do',
  'done',
  'doing',
  'everything',
  'anything',
  'recorded',
  'record',
  'changed',
  'changes',
  'made',
  'look',
  'into',
  'see',
  'can',
  'could',
  'i',
];

/** The member of staff an audit question names: an email, or the words left once the rest is gone. */
/** "what did sam do today", "what has cara looked at": the one named, captured. */
const WHAT_DID_THEY_DO =
  /\bwhat (?:did|has|have) ([a-z]+(?: [a-z]+)?) (?:do|done|been doing|look(?:ed)? at|record(?:ed)?|change(?:d)?)\b/;
/** "what Dana Dip did between…", "what Hana Head asked": the one named, captured (not "what time did"). */
const WHAT_THEY_DID =
  /\bwhat (?!(?:time|day|date|else|exactly|happened|it|that|this|they|you|we|i|he|she|the|a|an|has|have|had|did|does|do|is|was)\b)([a-z]+(?: [a-z]+)?) (?:did|has done|had done|changed|recorded|looked at|asked|has asked|had asked|has been asking)\b(?! (?:you|i|we|it|they|he|she)\b)/;

function staffAsked(u: Utterance): string | null {
  const email = u.raw.match(EMAIL)?.[0];
  if (email) return email.toLowerCase();
  // "what Dana Dip did between…", "what did sam do today": the one whose doing is asked about.
  const did = (WHAT_THEY_DID.exec(u.text) ?? WHAT_DID_THEY_DO.exec(u.text))?.[1];
  if (did) return did;
  // A capitalised full name, a possessive or the words after "for" first; otherwise what is left.
  return personMention(u, WORDS)?.query ?? personQuery(u, WORDS);
}

const reply = (message: string): CommandResult => ({
  reply: { text: message, card: card([text(message)]), personalData: false },
  audit: { scope: 'admin', count: 0 },
});

/** Records carry an instant; the question is in London calendar days. */
function londonDay(at: Date): string {
  return todayInLondon(at);
}

function countBy<T>(rows: T[], key: (r: T) => string): [string, number][] {
  const m = new Map<string, number>();
  for (const r of rows) m.set(key(r), (m.get(key(r)) ?? 0) + 1);
  return [...m.entries()];
}

export const audit: Command<AuditSlots> = {
  name: 'audit',
  title: 'Audit of questions asked',
  description:
    'Admins: what one member of staff asked, as counts by kind of question and by day (no question text or answers).',
  examples: ['audit for Pat Practitioner this week', 'audit for pat.po@probation.example last week'],
  roles: ['admin'],
  scopes: ['personal'],
  match(u) {
    const auditWord = /\baudits?\b/.test(u.text);
    const askedWhat =
      /\b(?:been using|using the bot|bot usage|activity|looking up|looked up|looking at|been asking|asked about)\b|\b(?:what|who) (?:has|did|have) .+ (?:ask(?:ed)?|been asking)\b|\busage (?:for|of|by)\b|\b(?:questions?|queries|messages) (?:asked |sent |typed )?(?:by|from)\b|\bwhat .+ (?:has|have) been asking\b|\b(?:has|have) .+ been asking\b|\bwhat did .+ ask\b|\bwhat \w+(?: \w+)? (?:asked|has asked|had asked|has been asking)\b|\bhow (?:many|much) (?:queries|questions|messages|times|use) (?:did|has|have) \w+(?: \w+)? (?:make|made|ask|asked|send|sent|use|used)\b|\bhow (?:much|often) (?:has|have|did|does) \w+(?: \w+)? (?:used?|been using|asked?) (?:the |this )?(?:assistant|bot|it)\b/.test(
        u.text,
      );
    // "what did sam do today", "what has cara looked at since monday", "everything Dana recorded
    // in November", "what changes Sam made": one person's activity, asked of an admin.
    const activity =
      WHAT_DID_THEY_DO.test(u.text) ||
      WHAT_THEY_DID.test(u.text) ||
      /\b(?:everything|anything) \w+(?: \w+)? (?:recorded|did|asked|changed|looked at)\b|\bwhat changes \w+(?: \w+)? made\b|\b\w+'s (?:queries|questions|activity|usage)\b/.test(
        u.text,
      );
    if (!auditWord && !askedWhat && !activity) return null;
    const slots = { staff: staffAsked(u), period: lookingBack(u) };
    return { score: slots.staff ? 0.95 : 0.7, slots };
  },
  async run(ctx, slots) {
    if (!slots.staff)
      return reply(
        'Whose questions? For example "audit for Pat Practitioner this week" (a name or an email).',
      );
    const people = await auditSubjects(ctx.database);
    const byEmail = people.find((p) => p.email.toLowerCase() === slots.staff);
    let who = byEmail ?? null;
    if (!who) {
      // Staff are matched like people on probation: exact only, anything fuzzy is confirmed first.
      const records = people.map((p) => {
        const [first = '', ...rest] = p.name.trim().split(/\s+/);
        return {
          id: p.id,
          crn: `S${String(p.id).padStart(6, '0')}`,
          firstName: first,
          lastName: rest.join(' '),
          person: p,
        };
      });
      const r = matchPerson(slots.staff, records);
      if (r.kind === 'found') who = r.record.person;
      else {
        const candidates = r.kind === 'ambiguous' ? r.candidates : r.suggestions;
        const p = periodOrThisWeek(slots.period, ctx.today);
        const message = candidates.length
          ? `More than one member of staff could be "${slots.staff}". Pick one:`
          : `I can't find "${slots.staff}" in the staff list. Try their email address.`;
        const buttons = candidates.slice(0, 5).map((c) =>
          submit(`${c.person.name} (${c.person.email})`, `audit for ${c.person.email} ${p.label}`, {
            command: 'audit',
          }),
        );
        return {
          reply: {
            text: [message, ...candidates.map((c) => `- ${c.person.name} (${c.person.email})`)].join('\n'),
            card: card([text(message)], buttons),
            personalData: false,
          },
          audit: { scope: 'admin', count: 0 },
        };
      }
    }
    const p = periodOrThisWeek(slots.period, ctx.today);
    // A day either side in UTC covers every London day in the period; the exact days are kept below.
    const from = new Date(`${addDays(p.from, -1)}T00:00:00Z`);
    const to = new Date(`${addDays(p.to, 2)}T00:00:00Z`);
    const rows: AuditRow[] = (await auditRowsFor(ctx.database, who.email, from, to)).filter((r) => {
      const d = londonDay(r.at);
      return d >= p.from && d <= p.to;
    });
    const title = `Questions from ${who.name} (${who.email}), ${periodText(p)}`;
    const byIntent = countBy(rows, (r) => r.intent).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    const byDay = countBy(rows, (r) => londonDay(r.at)).sort((a, b) => a[0].localeCompare(b[0]));
    const shared = rows.filter(
      (r) => r.conversationType === 'channel' || r.conversationType === 'groupChat',
    ).length;
    const records = rows.reduce((n, r) => n + (r.resultCount ?? 0), 0);
    const summary =
      rows.length === 0
        ? `No questions recorded ${p.label}.`
        : `${rows.length} question${rows.length === 1 ? '' : 's'} ${p.label}, ${records} record${records === 1 ? '' : 's'} returned in all` +
          (shared ? `; ${shared} asked in a channel or group chat (counts only were shown there).` : '.');
    const body = [heading(title), text(summary)];
    const lines = [title, summary];
    if (rows.length) {
      body.push(
        text('**By kind of question**', { spacing: 'Medium' }),
        facts(byIntent.map(([k, n]) => [k, String(n)])),
      );
      body.push(
        text('**By day**', { spacing: 'Medium' }),
        facts(byDay.map(([d, n]) => [formatUkDate(d), String(n)])),
      );
      lines.push(
        'By kind of question:',
        ...byIntent.map(([k, n]) => `- ${k}: ${n}`),
        'By day:',
        ...byDay.map(([d, n]) => `- ${formatUkDate(d)}: ${n}`),
      );
    }
    body.push(
      subtle(
        'The audit log keeps who asked, when, the kind of question, whose cases and how many records came back; never the question text or the answer.',
      ),
    );
    return {
      reply: {
        text: lines.join('\n'),
        card: card(body),
        // Another member of staff's activity is for the admin's eyes, not a channel's.
        personalData: true,
        channelSummary: `I have the audit answer (${rows.length} question${rows.length === 1 ? '' : 's'}).`,
      },
      audit: { scope: 'admin', count: rows.length },
    };
  },
};
