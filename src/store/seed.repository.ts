import { sql } from 'drizzle-orm';
import type { Database } from './db.js';

/** How many staff records there are: any at all means a deployment's own data is loaded. */
export async function staffCount(database: Database): Promise<number> {
  const [row] = await database.rows<{ n: number }>(sql`select count(*)::int as n from staff`);
  return Number(row?.n ?? 0);
}
