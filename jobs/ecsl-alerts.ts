import { bullets, text } from '../src/cards/build.js';
import { jobView } from '../src/cards/actions.js';
import { fitCard, preferenceActions } from '../src/cards/digest.js';
import {
  addDays,
  compareDates,
  daysBetween,
  formatUkDate,
  maxDate,
  type IsoDate,
} from '../src/domain/dates.js';
import { ECSL_CHECKLIST } from '../src/domain/ecsl.js';
import type { WorkingCalendar } from '../src/domain/working-days.js';

import { ecslCandidates, type EcslCandidate } from '../src/store/custody.repository.js';
import { staffWithRole } from '../src/store/staff.repository.js';
import { type JobDefinition, type Notification, wanted } from '../src/delivery/job.js';
import { personLabel, personMarkdown, plural } from '../src/cards/text.js';
import { inChunks } from '../src/store/chunks.js';
import { groupBy } from '../src/domain/collections.js';

/** A missed run is caught up at most this far back: older openings are stale news. */
const MAX_LOOKBACK_DAYS = 14;

/**
 * The window openings a run on `today` announces. Every date belongs to exactly one working day:
 * a run covers from the day after the previous run's span up to the day before the next working
 * day, so Friday announces Saturday's and Sunday's openings too (in advance, not late), and a run
 * after missed days picks up what they would have announced.
 */
export function announcementSpan(
  today: IsoDate,
  lastRunDate: IsoDate | null,
  calendar: WorkingCalendar,
): { from: IsoDate; to: IsoDate } {
  const to = addDays(calendar.nextWorkingDay(today, false), -1);
  let from = today;
  if (lastRunDate && compareDates(lastRunDate, today) < 0) {
    from = maxDate(calendar.nextWorkingDay(lastRunDate, false), addDays(today, -MAX_LOOKBACK_DAYS));
    if (compareDates(from, today) > 0) from = today;
  }
  return { from, to };
}

function opens(c: EcslCandidate): IsoDate {
  return c.verdict.windowOpens;
}

/**
 * 08:00 on working days, practitioners: custody cases whose ECSL window opens in this run's span,
 * with the practitioner checklist. When no ECSL scheme is in force nobody is a candidate, so
 * nothing is sent.
 */
export const ecslAlerts: JobDefinition = {
  name: 'ecsl-alerts',
  description: 'Practitioners: custody cases entering the ECSL window, with the checklist',
  defaultSchedule: '0 8 * * 1-5',
  runsOn: (today, settings) => settings.calendar.isWorkingDay(today),
  slotFor: (today) => today,
  extracts: ['custody'],
  async build(ctx) {
    const { database, settings, today } = ctx;
    const practitioners = (await staffWithRole(database, 'practitioner')).filter((p) => wanted(ctx, p));
    if (!practitioners.length) return [];
    const span = announcementSpan(today, ctx.lastRunDate ?? null, settings.calendar);
    const horizon = Math.max(0, daysBetween(today, span.to));
    // A record the rules cannot read costs its practitioner's alert alone, recorded with the reason.
    const unreadable = new Map<string, string>();
    const candidates = await inChunks(
      practitioners.map((p) => p.email),
      (part) =>
        ecslCandidates(database, part, today, horizon, settings.ecsl, (row, reason) =>
          unreadable.set(row.practitionerEmail, `custody record ${row.id}: ${reason}`),
        ),
    );
    const entering = candidates.filter(
      (c) => compareDates(opens(c), span.from) >= 0 && compareDates(opens(c), span.to) <= 0,
    );
    const byHolder = groupBy(entering, (c) => c.row.practitionerEmail);

    const out: Notification[] = [];
    for (const p of practitioners) {
      const bad = unreadable.get(p.email);
      if (bad) {
        out.push({
          recipient: p,
          category: 'alert',
          reply: { text: '', personalData: false },
          failure: `ECSL could not be assessed for ${bad}`,
        });
        continue;
      }
      const cases = (byHolder.get(p.email) ?? []).sort((a, b) => compareDates(opens(a), opens(b)));
      if (!cases.length) continue;
      const title = `ECSL: ${plural(cases.length, 'case')} on your caseload ${cases.length === 1 ? 'enters' : 'enter'} the release window`;
      const rows = cases.map((c) => {
        const v = c.verdict;
        const when =
          v.kind === 'eligible'
            ? `window opened ${formatUkDate(v.windowOpens)}; earliest release ${formatUkDate(v.earliestRelease)}, expected by ${formatUkDate(v.releaseBy)}`
            : `window opens ${formatUkDate(v.windowOpens)}; earliest release ${formatUkDate(v.earliestRelease)}`;
        return text(`${personMarkdown(c.row)} · CRD ${formatUkDate(c.row.crd)} · ${when}`, {
          spacing: 'Small',
        });
      });
      const card = fitCard({
        title,
        sections: [
          {
            title: `Release up to ${cases[0]?.verdict.windowDays ?? ''} days before CRD`,
            rows,
            ask: 'my ECSL list',
          },
        ],
        trailer: [text('**Checklist**', { spacing: 'Medium' }), bullets(ECSL_CHECKLIST)],
        actions: preferenceActions('reminder', jobView('ecsl-alerts', ctx)),
      });
      out.push({
        recipient: p,
        category: 'alert',
        reply: {
          text: `${title}\n${cases.map((c) => `- ${personLabel(c.row)}: window opens ${formatUkDate(opens(c))}`).join('\n')}`,
          card,
          personalData: true,
          channelSummary: `${title}.`,
        },
      });
    }
    return out;
  },
};
