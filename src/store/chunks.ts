/** Runs a query over many practitioners in bounded chunks (bind-parameter limits). */
export async function inChunks<T>(
  emails: string[],
  query: (part: string[]) => Promise<T[]>,
  size = 2000,
): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < emails.length; i += size) out.push(...(await query(emails.slice(i, i + size))));
  return out;
}
