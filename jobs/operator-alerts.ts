import { dataStatusCounts, dataStatusReply } from '../src/cards/data-status.js';
import { formatUkDate } from '../src/domain/dates.js';
import { type JobDefinition, type Notification, wanted } from '../src/delivery/job.js';
import { IMPORT_KINDS } from '../src/import/importer.js';
import { dataStatus } from '../src/store/data-status.js';
import { staffWithRole } from '../src/store/staff.repository.js';

/**
 * 07:00 on working days, admins: extracts older than their limit, imports refused (rejected
 * drop-folder files included) and recipients who could not be reached since the previous working
 * day. One message a working day at most (the slot is the day); nothing to report sends nothing.
 */
export const operatorAlerts: JobDefinition = {
  name: 'operator-alerts',
  description: 'Admins: stale extracts, rejected import files and unreachable recipients',
  defaultSchedule: '0 7 * * 1-5',
  runsOn: (today, settings) => settings.calendar.isWorkingDay(today),
  slotFor: (today) => today,
  async build(ctx) {
    const admins = (await staffWithRole(ctx.database, 'admin')).filter((a) => wanted(ctx, a));
    if (!admins.length) return [];
    const status = await dataStatus(ctx.database, IMPORT_KINDS, ctx.now, ctx.settings);
    const n = dataStatusCounts(status);
    const reply = dataStatusReply(status, `Data status: ${formatUkDate(ctx.today)}`);
    const empty = n.stale + n.refused + n.unreachable === 0;
    ctx.log.info({ event: 'operator_alerts', ...n });
    return admins.map((recipient): Notification => ({ recipient, reply, empty, category: 'alert' }));
  },
};
