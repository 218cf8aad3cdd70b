import type { Command, CommandContext, CommandResult } from '../src/assistant/types.js';
import { mentionsEcsl } from '../src/assistant/ecsl-words.js';
import { personSlots } from '../src/assistant/person.js';
import { periodText, type Period } from '../src/assistant/periods.js';
import { resolveCaseScope, type CaseScope } from '../src/assistant/scope.js';
import { aboutJobs, type ScopeWord } from '../src/assistant/understand.js';
import { card, heading, subtle, text, type Element } from '../src/cards/build.js';
import { MAX_ROWS, moreRows } from '../src/cards/cases.js';
import { crdText, releaseBlock } from '../src/cards/releases.js';
import { personLabel, plural } from '../src/cards/text.js';
import { addDays, formatUkDate } from '../src/domain/dates.js';
import { nextTranche, trancheLimits } from '../src/domain/progression.js';
import { custodyByCrd, custodyInTranche, type CustodyRow } from '../src/store/custody.repository.js';
import { staffNames } from '../src/store/staff.repository.js';

/** Without a period the answer covers the next four weeks, the release-alerts warning time. */
const DEFAULT_DAYS = 28;

const RELEASE =
  /\b(?:releas(?:e|es|ed|ing)|crds?|coming out|due out|getting out|gets out|get out|come out|leaving (?:custody|prison|jail)|out of (?:custody|prison|jail)|who(?:'s| is| are) out (?=(?:in|on|this|next|over|between|from|by|tomorrow|today|before|until|\d{1,2}(?:st|nd|rd|th)?|mon|tue|wed|thu|fri|sat|sun|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*\b)|expecting (?:anyone|anybody|someone|any(?: of mine)?) (?:\w+ )?(?:out|released)|who (?:of mine|on my caseload|in (?:my|the) team|from (?:my|the) team) (?:is|are) out (?=(?:in|on|this|next|over|between|from|by|tomorrow|today|before)\b)|any(?:one|body) (?:of mine|on my caseload|on my list) (?:due )?out)\b/;
const TRANCHE = /\btranches?\b|\bprogression model\b/;
/** Words that make "release" a question about people rather than a press release or a new version. */
const ABOUT_PEOPLE =
  /\b(?:who|who's|whos|which|list|due|upcoming|coming up|caseload|cases|team|anyone|any|people|prisoners|soon|next|expected|how many|wave|my)\b/;
const WORDS = [
  'release',
  'released',
  'releases',
  'releasing',
  'crd',
  'crds',
  'prison',
  'prisons',
  'prisoners',
  'jail',
  'tranche',
  'tranches',
  'progression',
  'model',
  'expected',
  'wave',
  'getting',
  'leaving',
  'come',
  'comes',
  'upcoming',
];

export interface ReleasesSlots {
  period: Period | null;
  scope: ScopeWord | null;
  teamCode: string | null;
  /** "who is released on the next tranche day": the next progression-model tranche day. */
  trancheDay: boolean;
}

async function holdersOf(ctx: CommandContext, scope: CaseScope): Promise<Map<string, string>> {
  return scope.kind === 'mine' ? new Map() : staffNames(ctx.database, scope.practitionerEmails);
}

const CRD_NOTE =
  "The CRD is the prison's calculation, taken from the custody extract: I never work out a release date.";

async function inPeriod(ctx: CommandContext, scope: CaseScope, slots: ReleasesSlots): Promise<CommandResult> {
  const p: Period = slots.period ?? {
    from: ctx.today,
    to: addDays(ctx.today, DEFAULT_DAYS),
    label: `in the next ${DEFAULT_DAYS} days`,
  };
  const rows = await custodyByCrd(ctx.database, scope.practitionerEmails, p.from, p.to);
  const holders = await holdersOf(ctx, scope);
  const title = `Releases ${periodText(p)}: ${scope.label}`;
  const summary = rows.length
    ? `${plural(rows.length, 'person', 'people')} in ${scope.label} ${rows.length === 1 ? 'has a' : 'have a'} conditional release date ${p.label}.`
    : `No one in ${scope.label} has a conditional release date ${p.label}.`;
  const body: Element[] = [heading(title), text(summary)];
  for (const r of rows.slice(0, MAX_ROWS))
    body.push(releaseBlock(r, ctx.today, ctx.settings.progression, holders.get(r.practitionerEmail)));
  body.push(...moreRows(rows.length), subtle(CRD_NOTE));
  return {
    reply: {
      text: [
        title,
        summary,
        ...rows.map((r) => `- ${personLabel(r)}: ${crdText(r, ctx.today)}`),
        CRD_NOTE,
      ].join('\n'),
      card: card(body),
      personalData: rows.length > 0,
      channelSummary: `${summary.replace(/\.$/, '')}.`,
    },
    audit: { scope: scope.kind, count: rows.length },
  };
}

async function onTrancheDay(ctx: CommandContext, scope: CaseScope): Promise<CommandResult> {
  const { tranches } = ctx.settings.progression;
  const t = nextTranche(ctx.today, tranches);
  if (!t) {
    const last = tranches.at(-1);
    const message = `Every progression-model tranche has started${last ? ` (the last on ${formatUkDate(last.from)})` : ''}: releases follow each CRD. Ask "who is released in the next 4 weeks".`;
    return {
      reply: { text: message, card: card([text(message)]), personalData: false },
      audit: { scope: scope.kind, count: 0 },
    };
  }
  const { onDay, later } = await custodyInTranche(
    ctx.database,
    scope.practitionerEmails,
    t,
    ctx.settings.progression,
  );
  const holders = await holdersOf(ctx, scope);
  const day = formatUkDate(t.from);
  const title = `Tranche ${t.tranche} day, ${day}: ${scope.label}`;
  const n = onDay.length + later.length;
  const summary = n
    ? `${plural(n, 'person', 'people')} in ${scope.label} ${n === 1 ? 'is' : 'are'} in tranche ${t.tranche} (sentences of ` +
      `${trancheLimits(t, tranches)}): ${onDay.length} with a CRD on the tranche day, ${later.length} with a later CRD.`
    : `No one in custody in ${scope.label} is in tranche ${t.tranche} (sentences of ${trancheLimits(t, tranches)}), from ${day}.`;
  const body: Element[] = [heading(title), text(summary)];
  const lines = [title, summary];
  const group = (label: string, rows: CustodyRow[]) => {
    if (!rows.length) return;
    body.push(text(`**${label} (${rows.length})**`, { spacing: 'Medium' }));
    lines.push(`${label}:`);
    for (const r of rows.slice(0, MAX_ROWS))
      body.push(releaseBlock(r, ctx.today, ctx.settings.progression, holders.get(r.practitionerEmail)));
    body.push(...moreRows(rows.length));
    lines.push(...rows.map((r) => `- ${personLabel(r)}: ${crdText(r, ctx.today)}`));
  };
  group(`Released on the tranche day, ${day}`, onDay);
  group('In the tranche, with a later CRD', later);
  const note =
    'Anyone in the tranche whose new release point has already passed is released on the tranche day; ' +
    `if a CRD here looks later than that, check it with the prison. ${CRD_NOTE} Recalls, EDS, SOPC, life, IPP, ` +
    's.250 sentences and excluded offences are outside the model.';
  body.push(subtle(note));
  lines.push(note);
  return {
    reply: {
      text: lines.join('\n'),
      card: card(body),
      personalData: n > 0,
      channelSummary: summary,
    },
    audit: { scope: scope.kind, count: n },
  };
}

export const releasesDue: Command<ReleasesSlots> = {
  name: 'releases-due',
  title: 'Releases due',
  description:
    'Who on your caseload (or team) has a release date in a period (default 4 weeks), or is released on the next tranche day.',
  examples: [
    'who is released in the next 4 weeks',
    'releases this month for my team',
    'who on my caseload is released on the next tranche day',
  ],
  roles: ['practitioner', 'spo', 'head_of_pdu'],
  extracts: ['custody'],
  scopes: ['personal', 'team', 'groupChat'],
  match(u) {
    // "Taylor's release address", "the release plan": a thing about one release, not a list.
    const said = u.text.replace(
      /\breleas\w* (?:address|addresses|plans?|planning|conditions?|accommodation|arrangements?|paperwork|forms?|notes|checklist|pack|prep|preparations?)\b/g,
      ' ',
    );
    if (!RELEASE.test(said) || mentionsEcsl(u.text) || aboutJobs(u.text) || u.reference) return null;
    // "the release window" is ECSL's: early release before the CRD, not the CRD itself.
    if (/\bwindows?\b/.test(u.text)) return null;
    const trancheDay = TRANCHE.test(u.text);
    const slots: ReleasesSlots = { period: u.period, scope: u.scope, teamCode: u.teamCode, trancheDay };
    const person = personSlots(u, WORDS);
    // "when is X123456 released", "Jordan Pike's release": one person, not a list.
    if (person.crn || person.cue) return { score: 0.3, slots };
    if (u.chatter) return { score: 0.5, slots };
    // Words left over may be a name typed in lower case: with a period it is still a list.
    if (person.query) return { score: u.period || trancheDay ? 0.85 : 0.5, slots };
    if (u.period || trancheDay) return { score: 0.95, slots };
    // ("N09T03 releases": a team's, named by its code, is the list too.)
    return { score: ABOUT_PEOPLE.test(u.text) || u.teamCode ? 0.85 : 0.5, slots };
  },
  async run(ctx, slots) {
    const scoped = await resolveCaseScope(ctx.database, ctx.asker, slots);
    if (!scoped.ok)
      return { reply: { text: scoped.message, personalData: false }, audit: { scope: 'refused', count: 0 } };
    return slots.trancheDay && !slots.period
      ? onTrancheDay(ctx, scoped.scope)
      : inPeriod(ctx, scoped.scope, slots);
  },
};
