import { subtle } from '../src/cards/build.js';
import { fitCard, preferenceActions, type CardSection } from '../src/cards/digest.js';
import { releaseRow } from '../src/cards/releases.js';
import { personLabel, plural } from '../src/cards/text.js';
import { groupBy } from '../src/domain/collections.js';
import { addDays, compareDates, daysBetween, formatUkDate, type IsoDate } from '../src/domain/dates.js';
import { trancheLimits, type Tranche } from '../src/domain/progression.js';
import { type JobDefinition, type Notification, wanted } from '../src/delivery/job.js';
import { inChunks } from '../src/store/chunks.js';
import { custodyByCrd, custodyInTranche, type CustodyRow } from '../src/store/custody.repository.js';
import { staffWithRole } from '../src/store/staff.repository.js';
import { announcementSpan } from './ecsl-alerts.js';
import { jobView } from '../src/cards/actions.js';

/** A practitioner hears of a release this many days before its CRD. */
export const RELEASE_WARNING_DAYS = 28;
/** And of a tranche day this many days before it (a wave of releases needs a second reminder). */
export const TRANCHE_WARNING_DAYS = [28, 7] as const;

const within = (d: IsoDate, span: { from: IsoDate; to: IsoDate }) =>
  compareDates(d, span.from) >= 0 && compareDates(d, span.to) <= 0;

const CRD_NOTE =
  "CRDs are the prison's calculation, from the custody extract. Anyone in a tranche whose new release point has passed is released on the tranche day.";

/**
 * 08:00 on working days, practitioners: custody cases whose CRD is 28 days away, and before each
 * progression-model tranche day (28 and 7 days ahead) their cases in that tranche. Each date
 * belongs to one run, as with the ECSL alerts: Friday announces what falls due over the weekend,
 * and a run after missed days picks up what they would have announced.
 */
export const releaseAlerts: JobDefinition = {
  name: 'release-alerts',
  description:
    'Practitioners: releases 28 days ahead, and their cases before each progression-model tranche day',
  defaultSchedule: '0 8 * * 1-5',
  runsOn: (today, settings) => settings.calendar.isWorkingDay(today),
  slotFor: (today) => today,
  extracts: ['custody'],
  async build(ctx) {
    const { database, settings, today } = ctx;
    const practitioners = (await staffWithRole(database, 'practitioner')).filter((p) => wanted(ctx, p));
    if (!practitioners.length) return [];
    const emails = practitioners.map((p) => p.email);
    const span = announcementSpan(today, ctx.lastRunDate ?? null, settings.calendar);
    const releases = groupBy(
      await inChunks(emails, (part) =>
        custodyByCrd(
          database,
          part,
          addDays(span.from, RELEASE_WARNING_DAYS),
          addDays(span.to, RELEASE_WARNING_DAYS),
        ),
      ),
      (r) => r.practitionerEmail,
    );
    const tranches = settings.progression.tranches.filter((t) =>
      TRANCHE_WARNING_DAYS.some((d) => within(addDays(t.from, -d), span)),
    );
    const inTranche: { t: Tranche; byHolder: Map<string, CustodyRow[]> }[] = [];
    for (const t of tranches) {
      const rows = await inChunks(emails, async (part) => {
        const { onDay, later } = await custodyInTranche(database, part, t, settings.progression);
        return [...onDay, ...later];
      });
      inTranche.push({ t, byHolder: groupBy(rows, (r) => r.practitionerEmail) });
    }

    const out: Notification[] = [];
    for (const p of practitioners) {
      const due = releases.get(p.email) ?? [];
      const waves = inTranche
        .map(({ t, byHolder }) => ({ t, rows: byHolder.get(p.email) ?? [] }))
        .filter((w) => w.rows.length > 0);
      if (!due.length && !waves.length) continue;
      const parts = [
        ...(due.length ? [`${plural(due.length, 'release')} in ${RELEASE_WARNING_DAYS} days`] : []),
        ...waves.map(
          (w) => `${plural(w.rows.length, 'case')} in tranche ${w.t.tranche} (${formatUkDate(w.t.from)})`,
        ),
      ];
      const title = `Releases ahead on your caseload: ${parts.join(' · ')}`;
      const sections: CardSection[] = [];
      if (due.length)
        sections.push({
          title: `Released in ${RELEASE_WARNING_DAYS} days: prepare the release plan`,
          rows: due.map((r) => releaseRow(r, today)),
          ask: 'who is released in the next 4 weeks',
        });
      for (const w of waves) {
        const onDay = w.rows.filter((r) => r.crd === w.t.from).length;
        sections.push({
          title:
            `Tranche ${w.t.tranche} day ${formatUkDate(w.t.from)} (in ${daysBetween(today, w.t.from)} days; sentences of ` +
            `${trancheLimits(w.t, settings.progression.tranches)}): ${onDay} with a CRD on the tranche day`,
          rows: w.rows.map((r) => releaseRow(r, today)),
          ask: 'who on my caseload is released on the next tranche day',
        });
      }
      const card = fitCard({
        title,
        sections,
        trailer: [subtle(CRD_NOTE)],
        actions: preferenceActions('reminder', jobView('release-alerts', ctx)),
      });
      const everyone = [...due, ...waves.flatMap((w) => w.rows)];
      out.push({
        recipient: p,
        category: 'alert',
        reply: {
          text: `${title}\n${everyone.map((r) => `- ${personLabel(r)}: CRD ${formatUkDate(r.crd)}`).join('\n')}`,
          card,
          personalData: true,
          channelSummary: `${title}.`,
        },
      });
    }
    return out;
  },
};
