import type { Logger } from 'pino';

import { card, heading, submit, text } from '../cards/build.js';
import type { Clock } from '../clock.js';
import type { IsoDate } from '../domain/dates.js';

import type { Settings } from '../settings.js';
import { recordAudit } from '../store/audit.repository.js';
import type { Database } from '../store/db.js';
import { findStaffByAadObjectId } from '../store/staff.repository.js';
import { type Command, type CommandContext, type ConversationType, mayUse } from './types.js';
import { understand, type Utterance } from './understand.js';
import type { Reply } from '../cards/types.js';
import type { StaffMember } from '../domain/staff.js';
import type { JobsService } from '../delivery/job.js';
import { examplesFor, helpReply } from './help.js';
import { smallTalk, smallTalkReply, type SmallTalk } from './small-talk.js';
import { MAX_MESSAGE_LENGTH, normalise } from './normalise.js';
import { personQuery } from './person-words.js';
import { createActionHandler } from './actions.js';

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
    if (!m || m.score <= 0) continue;
    // Told to someone, or office talk around a case word: worth offering, not worth answering.
    let score = u.toOthers && command.name !== 'help' ? Math.min(m.score, 0.5) : m.score;
    if (u.planned && command.records) score = Math.min(score, 0.4);
    // "still need to book kim vale's follow up, will do it friday": a plan, not a question.
    else if (u.planned && !u.raw.includes('?') && command.name !== 'help') score = Math.min(score, 0.5);
    ranked.push({ command, score, slots: m.slots });
  }
  return ranked.sort((a, b) => b.score - a.score);
}

export type Decision =
  | { kind: 'run'; command: Command; slots: unknown }
  | { kind: 'ask'; options: Ranked[] }
  | { kind: 'examples'; command: Command }
  | { kind: 'small-talk'; talk: SmallTalk }
  | { kind: 'not-for-role'; command: Command }
  | { kind: 'to-colleague' }
  | { kind: 'unknown' };

/** Prefer asking over guessing: a confident answer only when one reading clearly leads. */
export function decide(ranked: Ranked[]): Decision {
  const [first, second] = ranked;
  if (!first || first.score < ASK) return { kind: 'unknown' };
  // (A lead of exactly CLEAR_LEAD counts: 0.95 − 0.8 is 0.1499… in floating point.)
  if (
    first.score >= SURE &&
    (!second || first.score - second.score >= CLEAR_LEAD - 1e-9 || first.score === 1)
  ) {
    return { kind: 'run', command: first.command, slots: first.slots };
  }
  return { kind: 'ask', options: ranked.filter((r) => r.score >= ASK).slice(0, 3) };
}

/** Where a request or question to the bot starts a sentence, or a sentence ends with "?". */
const ASKING =
  /\?\s*$|\b(?:could you|can you|would you|will you|could i|can i|please|pls|show me|pull up|let me know|tell me)\b|^(?:what|which|who|whos|who's|when|whens|is|are|has|have|any)\b/i;

/**
 * The sentence of a longer message that asks ("Hiya, Taylor's mum rang this morning… What tranche
 * is Taylor Brook in please?"): the last one that asks, when there is more than one sentence.
 */
export function requestSentence(raw: string): string | null {
  const sentences = raw
    .split(/(?<=[.!?])\s+|\s[—–-]\s/)
    .map((x) => x.trim())
    .filter(Boolean);
  if (sentences.length < 2) return null;
  return sentences.filter((x) => ASKING.test(x)).at(-1) ?? null;
}

/**
 * A long message not clearly read as a whole: read its asking sentence alone. Where that sentence
 * clearly means one of the readings already offered, or the whole message was not understood at
 * all, that reading is run. Anything else stays as it was.
 */
function focusOnRequest(
  decision: Decision,
  raw: string,
  today: IsoDate,
  value: Record<string, unknown> | null,
  commands: readonly Command[],
  asker: StaffMember,
): Decision {
  const sentence = requestSentence(raw);
  if (!sentence) return decision;
  const fu = understand(sentence, today, value);
  if (fu.toOthers || fu.planned) return decision;
  const focused = decide(rankCommands(commands, fu).filter((r) => mayUse(asker, r.command)));
  if (focused.kind !== 'run') return decision;
  if (decision.kind === 'unknown') return focused;
  const offered =
    decision.kind === 'ask' ? decision.options.find((o) => o.command === focused.command) : null;
  if (!offered) return decision;
  // Figures told before the question ("Home visits should have been 34 not 30… Could you correct
  // November's return?") are the whole message's; otherwise the question's own words say who and when.
  const figuresBefore = /\d/.test(raw.replace(sentence, ''));
  return { kind: 'run', command: offered.command, slots: figuresBefore ? offered.slots : focused.slots };
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
        at: clock.now(),
      });
      return [refusalForUnknownUser(settings)];
    }
    if (incoming.text.length > MAX_MESSAGE_LENGTH) {
      await recordAudit(database, {
        staffEmail: asker.email,
        aadObjectId: asker.aadObjectId,
        intent: 'too_long',
        conversationType: incoming.conversationType,
        outcome: 'refused',
        at: clock.now(),
      });
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
      now: clock.now(),
      conversationType: incoming.conversationType,
      log,
      commands,
      ...(deps.jobs ? { jobs: deps.jobs } : {}),
    };

    let decision: Decision;
    const chosen = typeof value?.command === 'string' ? byName.get(value.command) : undefined;
    // The command a button names reads its own slots; if it cannot (a stale or forged button),
    // the text is routed as if it had been typed.
    const chosenMatch = chosen?.match(u) ?? null;
    const ranked = rankCommands(commands, u);
    // Only what the asker may use competes: the central IOM team asking whether the returns are in
    // means the status, not the return a lead sends.
    const usable = ranked.filter((r) => mayUse(asker, r.command));
    // A Teams command-menu click sends the command's title as the message.
    const menuCommand = commands.find((c) => normalise(c.title) === u.text);
    const menuMatch = menuCommand?.match(u) ?? null;
    const talk = chosen || menuCommand ? null : smallTalk(utteranceText);
    // "@Dee are you picking up the breaches…": Teams removes the bot's own @mention, so one left at
    // the start addresses a colleague (typed in the wrong chat, or a channel thread).
    const toColleague =
      !chosen &&
      !menuCommand &&
      /^\s*@[A-Za-z]/.test(utteranceText) &&
      !/^\s*@(?:probation|assistant|bot)\b/i.test(utteranceText);
    if (chosen && chosenMatch) {
      decision = { kind: 'run', command: chosen, slots: chosenMatch.slots };
    } else if (toColleague) {
      decision = { kind: 'to-colleague' };
    } else if (menuCommand && !(menuMatch && menuMatch.score >= SURE)) {
      decision = { kind: 'examples', command: menuCommand };
    } else if (talk && !usable.some((r) => r.command.name !== 'help' && r.score >= ASK)) {
      decision = { kind: 'small-talk', talk };
    } else {
      decision = decide(usable);
      if ((decision.kind === 'ask' || decision.kind === 'unknown') && !u.toOthers)
        decision = focusOnRequest(decision, utteranceText, today, value, commands, asker);
      const top = ranked[0];
      const bestUsable = usable[0]?.score ?? 0;
      // A command of another role fits clearly and nothing the asker may use is a confident reading:
      // say so, with what they can ask, rather than answer or offer something they did not ask.
      if (
        decision.kind !== 'run' &&
        top &&
        !mayUse(asker, top.command) &&
        top.score >= SURE &&
        top.score - bestUsable >= CLEAR_LEAD - 1e-9
      )
        decision = { kind: 'not-for-role', command: top.command };
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
        log.info({
          event: 'answered',
          intent,
          staffId: asker.id,
          ms: Date.now() - started,
          count: audit?.count,
        });
      }
    } else if (decision.kind === 'examples') {
      intent = 'examples';
      reply = mayUse(asker, decision.command)
        ? commandExamples(decision.command)
        : helpReply(ctx, `Sorry, "${decision.command.title}" isn't available for your role.`);
    } else if (decision.kind === 'small-talk') {
      intent = 'small_talk';
      const example = commands.find((c) => c.name !== 'help' && mayUse(asker, c));
      reply = smallTalkReply(
        decision.talk,
        asker.name.split(' ')[0] ?? asker.name,
        example ? (examplesFor(asker, example)[0] ?? null) : null,
      );
    } else if (decision.kind === 'not-for-role') {
      intent = 'refused';
      reply = helpReply(
        ctx,
        `Sorry, "${decision.command.title}" isn't available for your role.`,
        closestCommands(usable, u, commands, asker),
      );
    } else if (decision.kind === 'to-colleague') {
      const message =
        "That message starts with an @mention of someone else, so I've taken it as meant for them and done nothing. To ask me, send it without the @mention.";
      reply = { text: message, card: card([text(message)]), personalData: false };
    } else if (decision.kind === 'ask') {
      intent = 'clarify';
      reply = didYouMean(decision.options, u, incoming.conversationType);
    } else {
      reply = helpReply(ctx, "Sorry, I didn't understand that.", closestCommands(ranked, u, commands, asker));
    }

    await recordAudit(database, {
      staffEmail: asker.email,
      aadObjectId: asker.aadObjectId,
      intent,
      scope: audit?.scope ?? null,
      resultCount: audit?.count ?? null,
      conversationType: incoming.conversationType,
      at: clock.now(),
    });
    return [incoming.conversationType === 'personal' ? reply : channelSafe(reply)];
  }

  /**
   * The recognisers compile their patterns on first use (about a second in all): read a few
   * messages of each kind once at start-up, so the first person to ask does not wait for it.
   */
  function warmUp(): void {
    for (const text of WARM_UP) rankCommands(commands, understand(text, clock.today()));
  }

  const handleAction = createActionHandler({ ...deps, unknownUser: refusalForUnknownUser(settings).text });
  return { handle, handleAction, warmUp };
}

const WARM_UP = [
  'two thirds this week',
  'follow ups from 7 to 11 dec',
  'stls in the next 14 days',
  'anything due by friday or next weekend',
  'w/c 14 dec, this month and next',
  'quiet hours 6pm to 8am',
  'digest at half 8',
  'snooze until monday',
];

/**
 * "Did you mean" with a button per likely reading, each carrying the command and the question, so
 * the answer is not re-guessed. The buttons repeat the question's text, so in a channel or group
 * chat a question that may name someone (a CRN, a reference, a leftover name) gets no buttons.
 */
/** What to type for one command: the answer to a command-menu click that names no one or no period. */
function commandExamples(command: Command): Reply {
  return {
    text: `${command.title}: ${command.description}\nFor example: ${command.examples.map((e) => `"${e}"`).join(', ')}`,
    card: card(
      [heading(command.title), text(command.description), text('For example:')],
      command.examples.slice(0, 5).map((e) => submit(e, e)),
    ),
    personalData: false,
  };
}

function didYouMean(options: Ranked[], u: Utterance, conversationType: ConversationType): Reply {
  const titles = options.map((o) => o.command.title).join(', or ');
  const mayNameSomeone = Boolean(u.crn || u.reference) || personQuery(u, []) !== null;
  if (conversationType !== 'personal' && mayNameSomeone) {
    const message =
      `I'm not sure which you mean: ${titles}. ` +
      'Questions about one person are answered in our 1:1 chat; here I can give counts, e.g. "two-thirds this week for my team".';
    return { text: message, card: card([heading('Did you mean…'), text(message)]), personalData: false };
  }
  const buttons = options.map((o) => submit(o.command.title, u.raw, { command: o.command.name }));
  return {
    text: `Did you mean: ${titles}?`,
    card: card([heading('Did you mean…'), text('I want to be sure before I answer. Pick one:')], buttons),
    personalData: false,
  };
}

/** Words too common to say which command a message is near. */
const VAGUE = new Set([
  'what',
  'which',
  'when',
  'show',
  'with',
  'from',
  'this',
  'that',
  'your',
  'have',
  'does',
  'next',
  'week',
  'month',
  'today',
  'list',
  'working',
  'work',
]);

/**
 * For a message not understood: the commands it came nearest to (scored, but too low to ask
 * about), else those sharing a word with it, limited to what the asker may use.
 */
export function closestCommands(
  ranked: Ranked[],
  u: Utterance,
  commands: readonly Command[],
  asker: StaffMember,
): Command[] {
  const usable = (c: Command) => c.name !== 'help' && mayUse(asker, c);
  const near = ranked.map((r) => r.command).filter(usable);
  if (near.length) return near.slice(0, 3);
  const words = new Set(u.words.filter((w) => w.length >= 4 && !VAGUE.has(w)));
  if (!words.size) return [];
  return commands
    .filter(usable)
    .map((c) => {
      const vocabulary = understand([c.title, c.description, ...c.examples].join(' '), u.today).words;
      return { c, overlap: new Set(vocabulary.filter((w) => words.has(w))).size };
    })
    .filter((x) => x.overlap > 0)
    .sort((a, b) => b.overlap - a.overlap)
    .slice(0, 3)
    .map((x) => x.c);
}

export type Assistant = ReturnType<typeof createAssistant>;
