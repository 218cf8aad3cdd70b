import { pruneBefore } from '../src/store/deliveries.repository.js';
import type { JobDefinition } from '../src/delivery/job.js';
import { plural } from '../src/cards/text.js';

/**
 * The delivery ledger and job runs are kept at least this long whatever RETENTION_DAYS says: the
 * start-up catch-up looks back 35 days for a missed slot, and a slot whose ledger rows and run
 * record were pruned would be sent again if it were ever rerun.
 */
export const LEDGER_FLOOR_DAYS = 40;

const DAY_MS = 86_400_000;

/**
 * Data retention (daily 03:15): deletes delivery-ledger rows, audit-log entries and job-run
 * records older than RETENTION_DAYS (the ledger and runs no sooner than LEDGER_FLOOR_DAYS). It
 * sends nothing: the work is done in `maintenance`, and the run's summary says what went.
 */
export const retention: JobDefinition = {
  name: 'retention',
  description: 'Deletes delivery records, audit entries and job runs older than RETENTION_DAYS',
  defaultSchedule: '15 3 * * *',
  runsOn: () => true,
  slotFor: (today) => today,
  async maintenance(ctx) {
    const days = ctx.retentionDays ?? 365;
    const auditBefore = new Date(ctx.now.getTime() - days * DAY_MS);
    const ledgerBefore = new Date(ctx.now.getTime() - Math.max(days, LEDGER_FLOOR_DAYS) * DAY_MS);
    const deliveries = await pruneBefore(ctx.database, 'deliveries', 'claimed_at', ledgerBefore);
    const audit = await pruneBefore(ctx.database, 'audit_log', 'at', auditBefore);
    const runs = await pruneBefore(ctx.database, 'job_runs', 'started_at', ledgerBefore);
    ctx.log.info({ event: 'retention', days, deliveries, audit, runs });
    const day = (d: Date) => d.toISOString().slice(0, 10);
    return (
      `removed ${plural(deliveries, 'delivery record')} and ${plural(runs, 'job run')} from before ` +
      `${day(ledgerBefore)}, ${plural(audit, 'audit entry', 'audit entries')} from before ${day(auditBefore)}`
    );
  },
  build: async () => [],
};
