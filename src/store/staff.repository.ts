import { eq, sql } from 'drizzle-orm';
import type { Role, StaffMember } from '../assistant/types.js';
import type { Database } from './db.js';
import { staff } from './schema.js';

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

export async function findStaffByEmail(database: Database, email: string): Promise<StaffMember | null> {
  const [row] = await database.db.select().from(staff).where(eq(staff.email, email.toLowerCase())).limit(1);
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

export async function teamMembers(database: Database, teamCode: string): Promise<StaffMember[]> {
  const rows = await database.db.select().from(staff).where(eq(staff.teamCode, teamCode)).orderBy(staff.id);
  return rows.map(toMember);
}

export async function countStaff(database: Database): Promise<number> {
  const [row] = await database.rows<{ n: number }>(sql`select count(*)::int as n from staff`);
  return row?.n ?? 0;
}
