import { inArray } from 'drizzle-orm';
import type { JobContext } from '../../jobs/types.js';
import type { StaffMember } from '../assistant/types.js';
import { endOfWeek, formatShortDate, startOfWeek, type IsoDate } from '../domain/dates.js';
import type { Database } from '../store/db.js';
import { staff } from '../store/schema.js';

/** Monday to Sunday of the week containing `today`. */
export function weekOf(today: IsoDate): { from: IsoDate; to: IsoDate } {
  const from = startOfWeek(today);
  return { from, to: endOfWeek(from) };
}

/** Whether the run builds for this recipient (a deferred-delivery sweep names only a few). */
export function wanted(ctx: Pick<JobContext, 'recipients'>, member: Pick<StaffMember, 'email'>): boolean {
  return !ctx.recipients || ctx.recipients.has(member.email.toLowerCase());
}

/** Runs a caseload query over many practitioners in bounded chunks (bind-parameter limits). */
export async function inChunks<T>(
  emails: string[],
  query: (part: string[]) => Promise<T[]>,
  size = 2000,
): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < emails.length; i += size) out.push(...(await query(emails.slice(i, i + size))));
  return out;
}

export function groupBy<T, K>(items: T[], key: (item: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

/** Everyone in the given teams: team code → members' emails, and email → name. */
export async function teamRosters(
  database: Database,
  teamCodes: string[],
): Promise<{ members: Map<string, string[]>; names: Map<string, string> }> {
  const members = new Map<string, string[]>();
  const names = new Map<string, string>();
  if (!teamCodes.length) return { members, names };
  const rows = await database.db
    .select({ email: staff.email, name: staff.name, teamCode: staff.teamCode })
    .from(staff)
    .where(inArray(staff.teamCode, teamCodes));
  for (const r of rows) {
    if (!r.teamCode) continue;
    const list = members.get(r.teamCode) ?? [];
    list.push(r.email);
    members.set(r.teamCode, list);
    names.set(r.email, r.name);
  }
  return { members, names };
}

/** PDU of each of the given staff (by email). */
export async function pduOf(database: Database, emails: string[]): Promise<Map<string, string | null>> {
  const out = new Map<string, string | null>();
  const unique = [...new Set(emails.map((e) => e.toLowerCase()))];
  if (!unique.length) return out;
  const rows = await database.db
    .select({ email: staff.email, pdu: staff.pdu })
    .from(staff)
    .where(inArray(staff.email, unique));
  for (const r of rows) out.set(r.email, r.pdu);
  return out;
}

export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "Mon 24 Nov" for compact rows. */
export const short = (d: IsoDate) => formatShortDate(d);
