import type { Command } from '../src/assistant/types.js';
import { dataFreshnessReply, dataStatusCounts, dataStatusReply } from '../src/cards/data-status.js';
import { hasRole } from '../src/domain/staff.js';
import { formatLondonTime } from '../src/domain/freshness.js';
import { IMPORT_KINDS } from '../src/import/importer.js';
import { dataStatus } from '../src/store/data-status.js';

const ASKED =
  /\b(?:data|extracts?|imports?|feeds?)\s+(?:status|health|freshness|age|check)\b|\b(?:status|freshness|age) of (?:the )?(?:data|extracts?|imports?)\b|\bhow (?:old|fresh|stale|up to date) is (?:the |my |our )?(?:data|extracts?|caseload|import)\b|\b(?:stale|out of date|rejected|failed) (?:data|extracts?|imports?)\b|\b(?:is|are) the (?:data|extracts?) (?:up to date|fresh|stale|current)\b|\b(?:last|latest|newest) (?:import|imports|extract|extracts)\b|\bwhen (?:was|were) the (?:\w+ )?(?:extracts?|data|caseload|imports?) (?:last )?(?:imported|loaded|updated|refreshed)\b|\bwhat(?:'s| is) the (?:data|extracts?|imports?) like\b|\bhow(?:'s| is| are) the (?:data|extracts?|imports?)(?: looking| doing)?\b/;

/** Rejected or failed imports, in either order ("rejected files", "which files were rejected"). */
const REFUSED =
  /\brejected\b.*\b(?:files?|imports?|extracts?)\b|\b(?:files?|imports?|extracts?)\b.*\b(?:failed|rejected|refused)\b/;

const DATA_OBJECT =
  /\b(?:extracts?|imports?|feeds?|uploads?|freshness|ndelius (?:extract|data|file)s?|(?:staff|cases?|caseload|custody|dip|iom|cohort|nightly|overnight|last night's|today's)\s+(?:data|files?|loads?|extracts?|imports?)|data)\b/;
const DATA_STATE =
  /\b(?:status|health|fresh|freshness|stale|old|age|up to date|out of date|current|last|latest|newest|when|worked|work|failed|fail|rejected|refused|come through|came through|arrived|gone in|go in|loaded|load|imported|updated|refreshed|ok|okay|problems?|errors?|issues?)\b/;

/**
 * "data status" (admins): the same as the operator-alerts message, on demand. Anyone else who asks
 * how fresh the data is ("is the data up to date?") gets the extracts' ages alone.
 */
export const dataStatusCommand: Command<null> = {
  name: 'data-status',
  title: 'Data status',
  description:
    'How old each extract is; for admins also imports refused since the last working day, and recipients who cannot be reached.',
  examples: ['data status', 'how old is the data', 'any rejected imports'],
  roles: 'any',
  scopes: ['personal'],
  match(u) {
    if (ASKED.test(u.text)) return { score: 0.95, slots: null };
    if (REFUSED.test(u.text)) return { score: 0.9, slots: null };
    // "any unreachable recipients", "who can't we reach at the moment": the same check's last part.
    if (
      /\bunreachable\b|\b(?:can't|cant|cannot|can not|unable to) (?:we |i |you )?(?:reach|message|contact)\b.*\b(?:who|anyone|recipients?|staff|users?)\b|\bwho (?:can't|cant|cannot) (?:we |i |you )?(?:reach|message)\b/.test(
        u.text,
      )
    )
      return { score: 0.85, slots: null };
    // "has last night's import worked?", "did the custody extract come through ok", "how old is the
    // staff data": an extract or import, and whether it is fresh, arrived or failed.
    // "how fresh the nDelius extract is before I rerun the digest": the extract's age, whatever follows.
    if (
      /\bextracts?\b|\bndelius\b/.test(u.text) &&
      /\b(?:fresh|stale|how old|up to date|out of date)\b/.test(u.text)
    )
      return { score: 0.85, slots: null };
    if (DATA_OBJECT.test(u.text) && DATA_STATE.test(u.text) && !/\breturns?\b|\bdigests?\b/.test(u.text))
      return { score: 0.85, slots: null };
    // "are these figures from today's load or yesterday's", "is this list current?": how fresh what
    // the bot shows is.
    if (
      /\b(?:today|yesterday|last night|this morning|overnight|latest|newest)(?:'?s)? (?:load|upload|refresh|delius|data|extract|import)\b/.test(
        u.text,
      ) ||
      /\b(?:is|are) (?:this|these|the|your|my) (?:list|lists|figures|numbers|info|information|dates)\b (?:still )?(?:current|up to date|fresh|live|stale|out of date)\b/.test(
        u.text,
      )
    )
      return { score: 0.8, slots: null };
    return null;
  },
  async run(ctx) {
    const now = ctx.now ?? new Date();
    const status = await dataStatus(ctx.database, IMPORT_KINDS, now, ctx.settings);
    if (!hasRole(ctx.asker, 'admin')) {
      return {
        reply: dataFreshnessReply(status, `How fresh the data is at ${formatLondonTime(now)}`),
        audit: { scope: 'freshness', count: dataStatusCounts(status).stale },
      };
    }
    const n = dataStatusCounts(status);
    return {
      reply: dataStatusReply(status, `Data status at ${formatLondonTime(now)}`),
      audit: { scope: 'admin', count: n.stale + n.refused + n.unreachable },
    };
  },
};
