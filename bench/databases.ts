import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import postgres from 'postgres';

export interface BenchDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

async function admin<T>(adminUrl: string, fn: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const client = postgres(adminUrl, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    return await fn(client);
  } finally {
    await client.end({ timeout: 5 });
  }
}

/** A new, empty database on the server (`bench_<random>[_suffix]`), dropped again by `drop()`. */
export async function createBenchDatabase(adminUrl: string, suffix = ''): Promise<BenchDatabase> {
  const name = `bench_${randomBytes(5).toString('hex')}${suffix ? `_${suffix}` : ''}`;
  await admin(adminUrl, (sql) => sql.unsafe(`create database ${name}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: () =>
      admin(adminUrl, (sql) => sql.unsafe(`drop database if exists ${name} with (force)`)).then(
        () => undefined,
      ),
  };
}

/** The settings that move these figures most, reported with them. */
const SETTINGS = [
  'shared_buffers',
  'work_mem',
  'fsync',
  'synchronous_commit',
  'full_page_writes',
  'max_wal_size',
];

export async function serverInfo(
  adminUrl: string,
): Promise<{ version: string; settings: Record<string, string> }> {
  return admin(adminUrl, async (sql) => {
    const rows = await sql<{ name: string; setting: string }[]>`
      select name, current_setting(name) as setting from pg_settings where name in ${sql([...SETTINGS, 'server_version'])}`;
    const all = Object.fromEntries(rows.map((r) => [r.name, r.setting]));
    const { server_version: version = 'unknown', ...settings } = all;
    return { version, settings };
  });
}

/** utime + stime of a process on this machine, in ms; null when it is not visible here. */
function processCpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command (which may hold spaces) start at state; utime and stime are 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return null;
  }
}

/**
 * CPU used so far by the server processes serving one database (its connections' backends),
 * read from /proc: only when the server runs on this machine. `delta` gives the CPU spent since,
 * counting backends that started in between from zero.
 */
export async function backendCpu(
  adminUrl: string,
  database: string,
): Promise<{ delta(): Promise<number | null> }> {
  const sample = async (): Promise<Map<number, number> | null> => {
    const pids = await admin(
      adminUrl,
      (sql) => sql<{ pid: number }[]>`select pid from pg_stat_activity where datname = ${database}`,
    );
    const out = new Map<number, number>();
    for (const { pid } of pids) {
      const ms = processCpuMs(pid);
      if (ms === null) return null;
      out.set(pid, ms);
    }
    return out;
  };
  const before = await sample();
  return {
    async delta() {
      const after = await sample();
      if (!before || !after) return null;
      let ms = 0;
      for (const [pid, cpu] of after) ms += cpu - (before.get(pid) ?? 0);
      return ms;
    },
  };
}
