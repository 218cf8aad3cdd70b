/** Small measuring tools for the benchmark: timers, percentiles and a memory sampler. */

export async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - started };
}

/** The p-th percentile (0–100) by the nearest-rank method: an observed value, never interpolated. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

export function median(samples: readonly number[]): number {
  return percentile(samples, 50);
}

export interface MemoryPeak {
  /** Peak resident set size of the process, MB. */
  rssMb: number;
  /** Peak V8 heap in use, MB. */
  heapMb: number;
}

/**
 * Samples RSS and heap every `everyMs` until stopped. RSS also comes from the kernel's own
 * high-water mark (getrusage maxrss) when that rose during the window, so a spike between two
 * samples is not missed.
 */
export function sampleMemory(everyMs = 25): { stop(): MemoryPeak } {
  let rss = 0;
  let heap = 0;
  const maxRssBefore = process.resourceUsage().maxRSS;
  const take = () => {
    const m = process.memoryUsage();
    if (m.rss > rss) rss = m.rss;
    if (m.heapUsed > heap) heap = m.heapUsed;
  };
  take();
  const timer = setInterval(take, everyMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      take();
      const maxRss = process.resourceUsage().maxRSS; // KiB
      const peak = maxRss > maxRssBefore ? Math.max(rss, maxRss * 1024) : rss;
      return { rssMb: peak / 2 ** 20, heapMb: heap / 2 ** 20 };
    },
  };
}
