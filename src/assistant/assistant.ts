import type { Logger } from 'pino';
import { helpReply } from '../../commands/help.js';
import { card, heading, submit, text } from '../cards/build.js';
import type { Clock } from '../clock.js';
import type { JobsService } from '../jobs/service.js';
import type { Settings } from '../settings.js';
import { recordAudit } from '../store/audit.repository.js';
import type { Database } from '../store/db.js';
import { findStaffByAadObjectId } from '../store/staff.repository.js';
import type { Command, CommandContext, ConversationType, Reply, StaffMember } from './types.js';
import { mayUse } from './types.js';
import { MAX_MESSAGE_LENGTH, understand, type Utterance } from './understand.js';

/** An inbound message, already stripped of any bot SDK types. */
export interface Incoming {
  text: string;
  value?: Record<string, unknown> | null;
  aadObjectId: string | null | undefined;
  conversationType: ConversationType;
}

export interface AssistantDeps {
  database: Database;
  settings: Settings;
  clock: Clock;
  log: Logger;
  commands: readonly Command[];
  jobs?: JobsService;
}

/** Above this a command is answered outright; between ASK and SURE we ask "did you mean". */
const SURE = 0.6;
const ASK = 0.35;
const CLEAR_LEAD = 0.15;

export interface Ranked {
  command: Command;
  score: number;
  slots: unknown;
}

export function rankCommands(commands: readonly Command[], u: Utterance): Ranked[] {
  const ranked: Ranked[] = [];
  for (const command of commands) {
    const m = command.match(u);
    if (m && m.score > 0) ranked.push({ command, score: m.score, slots: m.slots });
  }
  return ranked.sort((a, b) => b.score - a.score);
}

export type Decision =
  | { kind: 'run'; command: Command; slots: unknown }
  | { kind: 'ask'; options: Ranked[] }
  | { kind: 'unknown' };

/** Prefer asking over guessing: a confident answer only when one reading clearly leads. */
export function decide(ranked: Ranked[]): Decision {
  const [first, second] = ranked;
  if (!first || first.score < ASK) return { kind: 'unknown' };
  if (first.score >= SURE && (!second || first.score - second.score >= CLEAR_LEAD || first.score === 1)) {
    return { kind: 'run', command: first.command, slots: first.slots };
  }
  return { kind: 'ask', options: ranked.filter((r) => r.score >= ASK).slice(0, 3) };
}

function refusalForUnknownUser(settings: Settings): Reply {
  const message =
    `Sorry, I can't find you in the staff list, so I can't show you any case information. ` +
    `Please ask ${settings.accessContact} to add you.`;
  return { text: message, personalData: false };
}

function channelSafe(reply: Reply): Reply {
  if (!reply.personalData) return reply;
  const summary = reply.channelSummary ?? 'I have an answer for you, but it includes case details.';
  const message = `${summary} For names and dates, ask me in our 1:1 chat: case details stay out of channels and group chats.`;
  return { text: message, card: card([text(message)]), personalData: false };
}

export function createAssistant(deps: AssistantDeps) {
  const { database, settings, clock, log, commands } = deps;
  const byName = new Map(commands.map((c) => [c.name, c]));

  async function handle(incoming: Incoming): Promise<Reply[]> {
    const asker: StaffMember | null = incoming.aadObjectId
      ? await findStaffByAadObjectId(database, incoming.aadObjectId)
      : null;
    if (!asker) {
      log.info({ event: 'unknown_user' }, 'message from a user not in the staff list');
      await recordAudit(database, {
        staffEmail: null,
        aadObjectId: incoming.aadObjectId ?? null,
        intent: 'refused',
        conversationType: incoming.conversationType,
        outcome: 'unknown_user',
      });
      return [refusalForUnknownUser(settings)];
    }
    if (incoming.text.length > MAX_MESSAGE_LENGTH) {
      return [
        {
          text: `That message is too long for me (over ${MAX_MESSAGE_LENGTH} characters). Please ask a shorter question.`,
          personalData: false,
        },
      ];
    }
    const today = clock.today();
    const value = incoming.value ?? null;
    // A "did you mean" button names its command, so the answer is not re-guessed.
    const utteranceText =
      typeof value?.utterance === 'string' && !incoming.text.trim() ? value.utterance : incoming.text;
    const u = understand(utteranceText, today, value);
    const ctx: CommandContext = {
      database,
      settings,
      asker,
      today,
      conversationType: incoming.conversationType,
      log,
      commands,
      ...(deps.jobs ? { jobs: deps.jobs } : {}),
    };

    let decision: Decision;
    const chosen = typeof value?.command === 'string' ? byName.get(value.command) : undefined;
    if (chosen) {
      const m = chosen.match(u);
      decision = { kind: 'run', command: chosen, slots: m?.slots ?? null };
    } else {
      decision = decide(rankCommands(commands, u));
    }

    let reply: Reply;
    let intent = 'unknown';
    let audit: { scope?: string; count?: number } | undefined;
    if (decision.kind === 'run') {
      intent = decision.command.name;
      if (!mayUse(asker, decision.command)) {
        reply = helpReply(ctx, `Sorry, "${decision.command.title}" isn't available for your role.`);
      } else {
        const started = Date.now();
        const result = await decision.command.run(ctx, decision.slots);
        reply = result.reply;
        audit = result.audit;
        log.info({ event: 'answered', intent, staffId: asker.id, ms: Date.now() - started, count: audit?.count });
      }
    } else if (decision.kind === 'ask') {
      intent = 'clarify';
      reply = didYouMean(decision.options, u.raw);
    } else {
      reply = helpReply(ctx, "Sorry, I didn't understand that.");
    }

    await recordAudit(database, {
      staffEmail: asker.email,
      aadObjectId: asker.aadObjectId,
      intent,
      scope: audit?.scope ?? null,
      resultCount: audit?.count ?? null,
      conversationType: incoming.conversationType,
    });
    return [incoming.conversationType === 'personal' ? reply : channelSafe(reply)];
  }

  return { handle };
}

function didYouMean(options: Ranked[], raw: string): Reply {
  const buttons = options.map((o) => submit(o.command.title, raw, { command: o.command.name }));
  return {
    text: `Did you mean: ${options.map((o) => o.command.title).join(', or ')}?`,
    card: card([heading('Did you mean…'), text('I want to be sure before I answer. Pick one:')], buttons),
    personalData: false,
  };
}

export type Assistant = ReturnType<typeof createAssistant>;
