import { freshnessLine, freshnessWarning, type ExtractFreshness } from '../domain/freshness.js';
import { subtle, text } from './build.js';
import type { Reply } from './types.js';

/**
 * Adds how old the data is to an answer, digest or reminder: a warning at the very top for each
 * extract older than its limit, and one line at the end naming each extract it was built on
 * ("Caseload from the extract of 1 Dec 2026, 02:10."). Counts-only channel summaries get the same.
 */
export function withDataAge(reply: Reply, freshness: readonly ExtractFreshness[]): Reply {
  if (!freshness.length) return reply;
  const warnings = freshness.map(freshnessWarning).filter((w): w is string => w !== null);
  const line = freshness.map(freshnessLine).join(' ');
  const out: Reply = { ...reply, text: [...warnings, reply.text, line].join('\n') };
  if (reply.card) {
    out.card = {
      ...reply.card,
      body: [
        ...warnings.map((w) => text(w, { color: 'Attention', weight: 'Bolder' })),
        ...reply.card.body,
        subtle(line),
      ],
    };
  }
  if (reply.channelSummary !== undefined)
    out.channelSummary = [...warnings, reply.channelSummary, line].join(' ');
  return out;
}
