/** Runs a query over many practitioners (or ids) in bounded chunks (bind-parameter limits). */
export async function inChunks<T, K = string>(
  keys: readonly K[],
  query: (part: K[]) => Promise<T[]>,
  size = 2000,
): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < keys.length; i += size) out.push(...(await query(keys.slice(i, i + size))));
  return out;
}
