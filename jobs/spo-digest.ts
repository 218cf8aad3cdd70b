import { acknowledgementsOf } from '../src/assistant/case-writes.js';
import { ackSuffix } from '../src/cards/acks.js';
import { jobView, type CardView } from '../src/cards/actions.js';
import { md, text, type Element } from '../src/cards/build.js';
import { fitCard, preferenceActions, type CardSection } from '../src/cards/digest.js';
import { addDays, formatUkDate, maxDate, type IsoDate, weekOf } from '../src/domain/dates.js';
import { stlStatus, type DipOutcome } from '../src/domain/dip.js';

import { casesReachingTwoThirds, followUpsDue, type CaseRow } from '../src/store/cases.repository.js';
import {
  custodyByCrd,
  ecslCandidates,
  type CustodyRow,
  type EcslCandidate,
} from '../src/store/custody.repository.js';
import { releaseRow } from '../src/cards/releases.js';
import { openBreachesExpiring, overdueOpenBreaches, type DipBreachRow } from '../src/store/dip.repository.js';
import { staffWithRole, pduOf, teamRosters } from '../src/store/staff.repository.js';
import type { AckRow } from '../src/store/acknowledgements.repository.js';
import { eachRecipient, type JobDefinition, type Notification, wanted } from '../src/delivery/job.js';
import type { Reply } from '../src/cards/types.js';
import type { StaffMember } from '../src/domain/staff.js';
import { personMarkdown, plural } from '../src/cards/text.js';
import { inChunks } from '../src/store/chunks.js';
import { groupBy } from '../src/domain/collections.js';

/** ECSL candidates in the digest: window open now or opening within this many days. */
const ECSL_DAYS = 7;
/** "Overdue" follow-ups: dates that fell within this many days before today. */
const OVERDUE_FOLLOW_UP_DAYS = 7;

const person = personMarkdown;

function caseRow(r: CaseRow, date: IsoDate, names: Map<string, string>, status = ''): Element {
  const holder = names.get(r.practitionerEmail);
  return text(`${person(r)} · ${formatUkDate(date)}${holder ? ` · ${md(holder)}` : ''}${status}`, {
    spacing: 'Small',
  });
}

function ecslRow(c: EcslCandidate, names: Map<string, string>): Element {
  const when =
    c.verdict.kind === 'eligible'
      ? `window open, earliest release ${formatUkDate(c.verdict.earliestRelease)}`
      : `window opens ${formatUkDate(c.verdict.windowOpens)}`;
  const holder = names.get(c.row.practitionerEmail);
  return text(`${person(c.row)} · ${when}${holder ? ` · ${md(holder)}` : ''}`, { spacing: 'Small' });
}

function dipRow(b: DipBreachRow, today: IsoDate, warningDays: number): Element {
  const s = stlStatus(
    { missedDate: b.missedDate, outcome: b.outcome as DipOutcome | null },
    today,
    warningDays,
  );
  const left =
    s.daysLeft < 0
      ? `passed ${formatUkDate(b.lastDayToCharge)}`
      : `last day ${formatUkDate(b.lastDayToCharge)} (${plural(s.daysLeft, 'day')} left)`;
  return text(`${b.reference} · ${person(b)} · ${left}`, { spacing: 'Small' });
}

export interface SpoDigestContent {
  reducing: CaseRow[];
  exempt: CaseRow[];
  followUps: CaseRow[];
  ecsl: EcslCandidate[];
  dipExpiring: DipBreachRow[];
  overdueFollowUps: CaseRow[];
  overdueDip: DipBreachRow[];
  /** Custody cases whose CRD (the prison's) falls this week. */
  releases: CustodyRow[];
  /** What practitioners said in Teams: follow-ups booked or done, contact reduced at two-thirds. */
  acks?: { followUps: Map<number, AckRow>; twoThirds: Map<number, AckRow>; names: Map<string, string> };
}

export function spoDigestReply(
  spo: StaffMember,
  c: SpoDigestContent,
  ctx: { today: IsoDate; names: Map<string, string>; warningDays: number; view?: CardView },
): { reply: Reply; empty: boolean } {
  const { today, names, warningDays } = ctx;
  const acks: NonNullable<SpoDigestContent['acks']> = c.acks ?? {
    followUps: new Map(),
    twoThirds: new Map(),
    names: new Map(),
  };
  const unbooked = c.followUps.filter((r) => !acks.followUps.has(r.id)).length;
  const confirmed = c.reducing.filter((r) => acks.twoThirds.has(r.id)).length;
  const total =
    c.reducing.length +
    c.exempt.length +
    c.followUps.length +
    c.ecsl.length +
    c.dipExpiring.length +
    c.overdueFollowUps.length +
    c.overdueDip.length +
    c.releases.length;
  const team = spo.teamCode ?? 'your team';
  const title = `Morning digest for team ${team}: ${formatUkDate(today)}`;
  const counts = [
    `${plural(c.reducing.length, 'case')} reach two-thirds this week (${c.exempt.length} exempt` +
      `${c.reducing.length ? `, ${confirmed} contact reduced` : ''})`,
    `${plural(c.followUps.length, 'follow-up')} due${c.followUps.length ? ` (${unbooked} due and not yet booked)` : ''}`,
    `${plural(c.ecsl.length, 'ECSL candidate')}`,
    `${plural(c.dipExpiring.length, 'DIP time limit')} expiring`,
    `${c.overdueFollowUps.length + c.overdueDip.length} overdue`,
    `${plural(c.releases.length, 'release')} this week`,
  ].join(' · ');
  const sections: CardSection[] = [
    {
      title: 'Overdue',
      rows: [
        ...c.overdueFollowUps.map((r) => caseRow(r, r.followUpDate ?? r.twoThirdsDate, names)),
        ...c.overdueDip.map((b) => dipRow(b, today, warningDays)),
      ],
      ask: 'follow-ups last week for my team',
    },
    {
      title: 'Two-thirds this week: contact reduces',
      rows: c.reducing.map((r) =>
        caseRow(r, r.twoThirdsDate, names, ackSuffix(acks.twoThirds.get(r.id), acks.names)),
      ),
      emptyText: 'No one on the team reaches two-thirds this week.',
      ask: 'who reaches two-thirds this week for my team',
    },
    {
      title: 'Two-thirds this week: exempt, contact continues',
      rows: c.exempt.map((r) => caseRow(r, r.twoThirdsDate, names)),
      ask: 'who reaches two-thirds this week for my team',
    },
    {
      title: 'Final-third follow-ups due this week',
      rows: c.followUps.map((r) =>
        caseRow(r, r.followUpDate ?? r.twoThirdsDate, names, ackSuffix(acks.followUps.get(r.id), acks.names)),
      ),
      emptyText: 'No follow-ups due.',
      ask: 'follow-ups this week for my team',
    },
    {
      title: 'Releases this week',
      rows: c.releases.map((r) => releaseRow(r, today, names.get(r.practitionerEmail))),
      ask: 'who is released this week for my team',
    },
    {
      title: `ECSL: window open or opening within ${ECSL_DAYS} days`,
      rows: c.ecsl.map((e) => ecslRow(e, names)),
      ask: 'ecsl list for my team',
    },
    {
      title: `DIP time limits expiring within ${warningDays} days (PDU)`,
      rows: c.dipExpiring.map((b) => dipRow(b, today, warningDays)),
      ask: `which DIP STLs expire in the next ${warningDays} days`,
    },
  ];
  const card = fitCard({
    title,
    intro: total ? counts : 'Nothing needs your attention today.',
    sections,
    footer: 'Licence conditions and recall still apply in the final third.',
    actions: preferenceActions('digest', ctx.view ?? jobView('spo-digest', { today })),
  });
  return {
    empty: total === 0,
    reply: {
      text: `${title}\n${total ? counts : 'Nothing needs your attention today.'}`,
      card,
      personalData: total > 0,
      channelSummary: `${title}: ${counts}.`,
    },
  };
}

/**
 * 07:30 on working days, each SPO: the team's two-thirds points this week (reducing and exempt
 * apart), final-third follow-ups due, ECSL candidates, DIP time limits expiring in the PDU, and
 * anything overdue. Queries run once for all teams and are split per team in memory.
 */
export const spoDigest: JobDefinition = {
  name: 'spo-digest',
  description: "Each SPO's morning digest for their team",
  defaultSchedule: '30 7 * * 1-5',
  runsOn: (today, settings) => settings.calendar.isWorkingDay(today),
  slotFor: (today) => today,
  extracts: ['cases', 'custody', 'dip-breaches'],
  async build(ctx) {
    const { database, settings, today } = ctx;
    const spos = (await staffWithRole(database, 'spo')).filter((s) => s.teamCode && wanted(ctx, s));
    if (!spos.length) return [];
    const { members, names } = await teamRosters(database, [
      ...new Set(spos.map((s) => s.teamCode as string)),
    ]);
    const everyone = [...new Set([...members.values()].flat())];

    // A record the rules cannot read costs its team's digest alone, with the reason (no name or CRN).
    const unreadable = new Map<string, string>();
    const week = weekOf(today);
    const dueFrom = maxDate(week.from, today);
    const [twoThirds, followUps, overdueFollowUps, ecsl, releases] = [
      await inChunks(everyone, (p) => casesReachingTwoThirds(database, p, week.from, week.to)),
      await inChunks(everyone, (p) => followUpsDue(database, p, dueFrom, week.to)),
      await inChunks(everyone, (p) =>
        followUpsDue(database, p, addDays(today, -OVERDUE_FOLLOW_UP_DAYS), addDays(today, -1)),
      ),
      await inChunks(everyone, (p) =>
        ecslCandidates(database, p, today, ECSL_DAYS, settings.ecsl, (row, reason) =>
          unreadable.set(row.practitionerEmail, `custody record ${row.id}: ${reason}`),
        ),
      ),
      await inChunks(everyone, (p) => custodyByCrd(database, p, week.from, week.to)),
    ];
    // Follow-ups acknowledged in Teams are not overdue; the digest shows what was said about each.
    const fuAcks = await acknowledgementsOf(database, 'follow_up', [...followUps, ...overdueFollowUps]);
    const ttAcks = await acknowledgementsOf(database, 'two_thirds', twoThirds);
    const acks = {
      followUps: fuAcks.acks,
      twoThirds: ttAcks.acks,
      names: new Map([...fuAcks.names, ...ttAcks.names]),
    };
    const expiring = await openBreachesExpiring(database, today, addDays(today, settings.dipWarningDays));
    const overdueDip = await overdueOpenBreaches(database, today);
    const officerPdu = await pduOf(
      database,
      [...expiring, ...overdueDip].map((b) => b.officerEmail ?? '').filter(Boolean),
    );
    const breachPdu = (b: DipBreachRow) =>
      b.officerEmail ? (officerPdu.get(b.officerEmail.toLowerCase()) ?? null) : null;

    const byHolder = {
      twoThirds: groupBy(twoThirds, (r) => r.practitionerEmail),
      followUps: groupBy(followUps, (r) => r.practitionerEmail),
      overdue: groupBy(
        overdueFollowUps.filter((r) => !fuAcks.acks.has(r.id)),
        (r) => r.practitionerEmail,
      ),
      ecsl: groupBy(ecsl, (c) => c.row.practitionerEmail),
      releases: groupBy(releases, (r) => r.practitionerEmail),
    };
    const forTeam = <T>(map: Map<string, T[]>, emails: string[]) => emails.flatMap((e) => map.get(e) ?? []);
    const byDate =
      <T>(date: (x: T) => string) =>
      (a: T, b: T) =>
        date(a).localeCompare(date(b));

    return eachRecipient(spos, 'digest', (spo): Notification => {
      const emails = members.get(spo.teamCode as string) ?? [];
      const bad = emails.map((e) => unreadable.get(e)).find((r) => r !== undefined);
      if (bad) throw new Error(`ECSL could not be assessed for ${bad}`);
      const tt = forTeam(byHolder.twoThirds, emails).sort(byDate((r) => r.twoThirdsDate));
      const content: SpoDigestContent = {
        reducing: tt.filter((r) => !r.exempt),
        exempt: tt.filter((r) => r.exempt),
        followUps: forTeam(byHolder.followUps, emails).sort(byDate((r) => r.followUpDate ?? '')),
        ecsl: forTeam(byHolder.ecsl, emails),
        // Breaches belong to DIP officers, not caseloads: an SPO sees those of officers in their PDU.
        dipExpiring: spo.pdu ? expiring.filter((b) => breachPdu(b) === spo.pdu) : [],
        overdueFollowUps: forTeam(byHolder.overdue, emails).sort(byDate((r) => r.followUpDate ?? '')),
        overdueDip: spo.pdu ? overdueDip.filter((b) => breachPdu(b) === spo.pdu) : [],
        releases: forTeam(byHolder.releases, emails).sort(byDate((r) => r.crd)),
        acks,
      };
      const { reply, empty } = spoDigestReply(spo, content, {
        today,
        names,
        warningDays: settings.dipWarningDays,
        view: jobView('spo-digest', ctx),
      });
      return { recipient: spo, reply, empty, category: 'digest' };
    });
  },
};
