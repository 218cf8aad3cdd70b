import { and, eq, inArray, sql } from 'drizzle-orm';

import type { Database } from './db.js';
import { staff } from './schema.js';
import type { Role, StaffMember } from '../domain/staff.js';

function toMember(row: typeof staff.$inferSelect): StaffMember {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    roles: row.roles as Role[],
    teamCode: row.teamCode,
    pdu: row.pdu,
    borough: row.borough,
    aadObjectId: row.aadObjectId,
  };
}

export async function findStaffByAadObjectId(
  database: Database,
  aadObjectId: string,
): Promise<StaffMember | null> {
  const [row] = await database.db.select().from(staff).where(eq(staff.aadObjectId, aadObjectId)).limit(1);
  return row ? toMember(row) : null;
}

export async function staffWithRole(database: Database, role: Role): Promise<StaffMember[]> {
  const rows = await database.db
    .select()
    .from(staff)
    .where(sql`${role} = any(${staff.roles})`)
    .orderBy(staff.id);
  return rows.map(toMember);
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

/** Emails of the staff in a team and/or PDU (both given: that team within that PDU). */
export async function staffEmails(
  database: Database,
  where: { teamCode?: string; pdu?: string },
): Promise<string[]> {
  const conditions = [
    ...(where.teamCode !== undefined ? [eq(staff.teamCode, where.teamCode)] : []),
    ...(where.pdu !== undefined ? [eq(staff.pdu, where.pdu)] : []),
  ];
  if (!conditions.length) return [];
  const rows = await database.db
    .select({ email: staff.email })
    .from(staff)
    .where(and(...conditions));
  return rows.map((r) => r.email);
}

/** Names of staff by email: who holds a case in team answers, who sent an IOM return. */
export async function staffNames(database: Database, emails: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(emails)];
  if (unique.length === 0) return new Map();
  const rows = await database.db
    .select({ email: staff.email, name: staff.name })
    .from(staff)
    .where(inArray(staff.email, unique));
  return new Map(rows.map((r) => [r.email, r.name]));
}

/** Staff records by email (lower-cased keys); emails nobody holds are absent. */
export async function staffByEmails(database: Database, emails: string[]): Promise<Map<string, StaffMember>> {
  const unique = [...new Set(emails.map((e) => e.toLowerCase()))];
  if (!unique.length) return new Map();
  const rows = await database.db.select().from(staff).where(inArray(staff.email, unique));
  return new Map(rows.map((r) => [r.email.toLowerCase(), toMember(r)]));
}
