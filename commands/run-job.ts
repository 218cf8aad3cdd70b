import { jobNames } from '../jobs/index.js';
import { damerauLevenshtein } from '../src/domain/names.js';
import type { Command, CommandContext, CommandResult } from '../src/assistant/types.js';
import { card, facts, heading, subtle, text } from '../src/cards/build.js';
import { JOBS_UNAVAILABLE_REPLY } from '../src/delivery/service.js';
import { summaryLine, type RunSummary } from '../src/delivery/summary.js';
import { withDeadline } from '../src/timing.js';

/**
 * "run spo-digest now" (admins): runs a job through the same runner and ledger as the scheduler,
 * so it never sends a slot twice, and reports the counts, never who was messaged or what.
 */

/** A bot turn should answer within seconds: a longer run carries on and is reported by the ledger. */
export const RUN_REPLY_WAIT_MS = 10_000;

const noJobs: CommandResult = { reply: JOBS_UNAVAILABLE_REPLY, audit: { scope: 'admin', count: 0 } };

/**
 * "spo-digest", "spo digest", "the spo digset job", "the weekly practitioner one" → the declared
 * name: every word of the name present, in any order, one slip of a letter forgiven in words of
 * five letters or more.
 */
export function jobNamed(text: string): string | null {
  const words = text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  // One slip forgiven in a word of five letters or more, two in a long one ("practioner").
  const same = (a: string, b: string) => {
    if (a === b) return true;
    const d = b.length >= 5 ? damerauLevenshtein(a, b) : 99;
    return d === 1 || (b.length >= 9 && d === 2);
  };
  const named = jobNames().filter((name) =>
    name.split('-').every((part) => words.some((w) => same(w, part))),
  );
  // "dip-stl-reminders" also contains every word of a shorter name: the longest wins.
  const best = named.sort((a, b) => b.length - a.length)[0];
  if (best) return best;
  // "the stl reminders", "dip reminders", "the iom reminders": a name with one of its words left
  // out, when what is left still names one job only.
  const shortened = jobNames().filter((name) => {
    const parts = name.split('-');
    return (
      parts.length === 3 &&
      parts.filter((part) => words.some((w) => same(w, part) || same(w, `${part}s`))).length === 2 &&
      words.some((w) => same(w, parts[2] ?? ''))
    );
  });
  return shortened.length === 1 ? (shortened[0] ?? null) : null;
}

/** A job named by what it does, when the words say one job only. */
function jobDescribed(text: string): string | null {
  if (
    /\b(?:clears?|clear(?:s|ing)? out|delet\w*|purg\w*|remov\w*|tid(?:y|ies|ying) up)\b.*\b(?:old|expired|stale)\b/.test(
      text,
    )
  )
    return 'retention';
  if (/\bweekly\b/.test(text) && /\bpractitioners?\b/.test(text)) return 'practitioner-weekly';
  if (/\b(?:daily|morning)\b/.test(text) && /\bspos?\b|\bmanagers?\b/.test(text)) return 'spo-digest';
  return null;
}

function summaryReply(s: RunSummary): CommandResult {
  const rows: [string, string][] = [
    ['Sent', String(s.sent)],
    ['Skipped', String(s.skipped)],
    ['Unreachable', String(s.unreachable)],
    ['Failed', String(s.failed)],
    ['Deferred', String(s.deferred)],
    ['Already done in this slot', String(s.already)],
  ];
  const line = summaryLine(s);
  return {
    reply: {
      text: line,
      card: card([
        heading(`${s.job}: slot ${s.slot}`),
        text(line),
        facts(rows),
        subtle(`Took ${s.ms} ms. Run id ${s.runId}.`),
      ]),
      personalData: false,
    },
    audit: { scope: 'admin', count: s.sent },
  };
}

export const runJobNow: Command<{ job: string | null }> = {
  name: 'run-job',
  title: 'Run a job now',
  description:
    'Admins: run a scheduled job now (e.g. spo-digest) and see what was sent. Never sends a slot twice.',
  examples: ['run spo-digest now', 'run dip-stl-reminders now'],
  roles: ['admin'],
  scopes: ['personal'],
  match(u) {
    // Asking for it, not telling of it: "before I start the retention job" is about something else.
    const verb =
      /\b(?:run|runs|running|rerun|rerunning|re-run|send|trigger|start|kick off|kick|fire|launch|execute|go out again|resend|re-send|push|redo|re-do|again)\b/.test(
        u.text,
      ) &&
      !/\b(?:before|after|when|once|until) (?:i|we) (?:\w+ )?(?:run|rerun|start|kick|trigger|send)\b/.test(
        u.text,
      );
    // Names are looked for only where a job could be asked for (the fuzzy match is the costly part).
    // "nudge the iom leads about their returns now", "chase the DIP officers on their STLs": the
    // reminder jobs by what they do.
    const nudged =
      /\b(?:nudge[sd]?|remind(?:s|ed)?|chase[sd]?|prompts?|ping)\b/.test(u.text) &&
      (/\b(?:now|again|please|asap)\b/.test(u.text) || verb);
    if (nudged && /\b(?:iom )?leads?\b/.test(u.text) && /\breturns?\b/.test(u.text))
      return { score: 0.85, slots: { job: 'iom-return-reminders' } };
    if (nudged && /\bdip officers?\b/.test(u.text) && /\b(?:stls?|breach(?:es)?|time limits?)\b/.test(u.text))
      return { score: 0.85, slots: { job: 'dip-stl-reminders' } };
    if (!verb && !/\bjobs?\b/.test(u.text)) return null;
    // "the job that clears out old data", "the weekly email that goes to practitioners": by what it does.
    const job = jobNamed(u.text) ?? jobDescribed(u.text);
    // "the release alerts job failed again last night": what happened, not a request to run it.
    if (
      /\b(?:failed|fell over|broke|crashed|didn't|did not|hasn't|wasn't|went wrong|raising|reported)\b/.test(
        u.text,
      ) &&
      !/\b(?:please|can you|could you|now|asap|rerun|re-run|run it|run them|resend|re-send|push|trigger)\b/.test(
        u.text,
      )
    )
      return null;
    // Stopping or pausing a digest is a setting, not a run.
    if (/\b(?:stop|pause|mute|snooze|turn off|switch off|unsubscribe|don't|dont|no more)\b/.test(u.text))
      return null;
    if (!verb) {
      // "retention job now please": the job by name, asked for now, without the verb.
      return job && /\bjob\b/.test(u.text) && /\b(?:now|please|asap)\b/.test(u.text)
        ? { score: 0.85, slots: { job } }
        : null;
    }
    if (!job) return /\brun\b.*\bjob\b/.test(u.text) ? { score: 0.7, slots: { job: null } } : null;
    // A verb and a job's name is unmistakable, even next to words other commands know ("dip", "ecsl").
    return { score: 1, slots: { job } };
  },
  async run(ctx: CommandContext, slots) {
    if (!ctx.jobs) return noJobs;
    if (!slots.job) {
      return {
        reply: {
          text: `Which job? ${ctx.jobs
            .names()
            .map((n) => `"run ${n} now"`)
            .join(', ')}.`,
          personalData: false,
        },
        audit: { scope: 'admin', count: 0 },
      };
    }
    const running = ctx.jobs.run(slots.job, { today: ctx.today, force: true });
    const outcome = await withDeadline(running, RUN_REPLY_WAIT_MS, () => 'pending' as const);
    if (outcome === 'pending') {
      running.catch((e: Error) =>
        ctx.log.error({ event: 'admin_job_failed', job: slots.job, err: { message: e.message } }),
      );
      return {
        reply: {
          text: `${slots.job} is still running. Ask "delivery report today" in a minute for the counts.`,
          personalData: false,
        },
        audit: { scope: 'admin', count: 0 },
      };
    }
    if (!outcome)
      return {
        reply: { text: `There is no job called ${slots.job}.`, personalData: false },
        audit: { scope: 'admin', count: 0 },
      };
    ctx.log.info({ event: 'admin_ran_job', job: outcome.job, slot: outcome.slot, staffId: ctx.asker.id });
    return summaryReply(outcome);
  },
};
