import type { Logger } from 'pino';
import { z } from 'zod';

import { card, container, heading, md, subtle, text } from '../cards/build.js';
import { personLabel } from '../cards/text.js';
import type { AdaptiveCard, CardRefresh, CardView, Reply } from '../cards/types.js';
import type { Clock } from '../clock.js';
import type { JobsService } from '../delivery/job.js';
import { ackText, isNotNeededReason, type FollowUpStatus } from '../domain/acknowledgements.js';
import { addDays, dayOfWeek, formatUkDate, isoDateSchema, type IsoDate } from '../domain/dates.js';
import { DIP_OUTCOME_LABEL, isDipOutcome } from '../domain/dip.js';
import type { StaffMember } from '../domain/staff.js';
import type { Settings } from '../settings.js';
import { caseById } from '../store/acknowledgements.repository.js';
import { recordAudit } from '../store/audit.repository.js';
import type { Database } from '../store/db.js';
import { breachByReference } from '../store/dip.repository.js';
import { updatePreferencesFromButton, type Preferences } from '../store/preferences.repository.js';
import { findStaffByAadObjectId } from '../store/staff.repository.js';
import {
  acknowledgementLines,
  CASE_NOT_FOUND,
  followUpProblem,
  mayWriteCase,
  twoThirdsProblem,
  writeAck,
  type FollowUpChange,
} from './case-writes.js';
import {
  breachNotFound,
  outcomeProblem,
  recordedOn,
  writableBreaches,
  writeContext,
  writeOutcome,
} from './dip-writes.js';
import { MAX_NOTE_LENGTH } from './dip-outcome-words.js';
import { mayUse, type Command, type CommandContext, type ConversationType } from './types.js';

/**
 * Card buttons (Universal Actions): a press arrives as the Action.Execute verb and data, already
 * stripped of any bot SDK types, and is answered with the card that replaces the one pressed,
 * rebuilt from where it came from (`view`) with a line saying what changed. Writes are checked
 * exactly as typed ones are (anyone who may not write gets the not-found answer and nothing
 * changes), audited, and recorded once per button (`actionId`).
 */
export interface IncomingAction {
  aadObjectId: string | null | undefined;
  conversationType: ConversationType;
  verb: string;
  data: unknown;
  /** "automatic": Teams asking for a named user's own view of a card (refresh.userIds). */
  trigger: 'manual' | 'automatic';
}

export interface ActionAnswer {
  card: AdaptiveCard;
  text: string;
  /** The rebuilt card keeps giving named staff their own view (a channel card). */
  refresh?: CardRefresh;
}

export interface ActionDeps {
  database: Database;
  settings: Settings;
  clock: Clock;
  log: Logger;
  commands: readonly Command[];
  jobs?: JobsService;
  /** The refusal an unknown Teams user gets, the same as for a typed message. */
  unknownUser: string;
}

const view = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('command'), command: z.string().max(60), slots: z.unknown() }),
  z.object({
    kind: z.literal('job'),
    job: z.string().max(60),
    day: isoDateSchema,
    lastRunDate: isoDateSchema.nullable(),
  }),
]);
const base = z
  .object({
    actionId: z.string().min(8).max(100).optional(),
    view: view.nullable().optional(),
    fields: z.record(z.string(), z.string().max(60)).optional(),
  })
  .passthrough();
type Data = z.infer<typeof base>;

/** A value a form collected (under its input's id) or the button carried itself. */
function field(data: Data, name: string): unknown {
  const id = data.fields?.[name];
  return id !== undefined && id in data ? data[id] : data[name];
}

const str = (v: unknown, max: number): string | null =>
  typeof v === 'string' && v.trim() && v.length <= max ? v.trim() : null;

interface Notice {
  text: string;
  good: boolean;
}

/** What a write verb made of the press: a notice over the rebuilt card, or a card of its own. */
type Pressed =
  | { kind: 'notice'; notice: Notice | null; outcome: string; fallback?: CardView }
  | { kind: 'answer'; answer: ActionAnswer; outcome: string };

const INTENT: Record<string, string> = {
  dipOutcome: 'dip-outcome',
  followUp: 'follow-up-ack',
  twoThirds: 'two-thirds-ack',
  preference: 'notification-settings',
  refresh: 'refresh',
};

function plainAnswer(message: string): ActionAnswer {
  return { text: message, card: card([text(md(message))]) };
}

/** The notice goes under the card's heading, where the eye lands after a press. */
function withNotice(c: AdaptiveCard, notice: Notice | null): AdaptiveCard {
  if (!notice) return c;
  const block = container(
    [
      text(`${notice.good ? '✓' : '⚠'} ${md(notice.text)}`, {
        weight: 'Bolder',
        color: notice.good ? 'Good' : 'Attention',
      }),
    ],
    {
      style: notice.good ? 'good' : 'attention',
    },
  );
  const [first, ...rest] = c.body;
  return { ...c, body: first ? [first, block, ...rest] : [block] };
}

const FOLLOW_UP_STATUSES: readonly FollowUpStatus[] = ['booked', 'done', 'not_needed'];

function nextMonday(today: IsoDate): IsoDate {
  return addDays(today, 8 - dayOfWeek(today));
}

export function createActionHandler(deps: ActionDeps) {
  const { database, settings, clock, log, commands } = deps;
  const byName = new Map(commands.map((c) => [c.name, c]));

  async function pressDipOutcome(ctx: CommandContext, data: Data): Promise<Pressed> {
    const reference = str(data.reference, 40);
    if (!reference || !data.actionId) return { kind: 'answer', answer: stale(), outcome: 'invalid' };
    const row = await breachByReference(database, reference);
    if (!row || !(await writableBreaches(database, ctx.asker, [row])).has(row.id))
      return { kind: 'answer', answer: plainAnswer(breachNotFound(reference)), outcome: 'not_found' };
    const fallback: CardView = { kind: 'command', command: 'dip-stl', slots: { reference: row.reference } };
    const outcome = field(data, 'outcome');
    if (typeof outcome !== 'string' || !isDipOutcome(outcome))
      return {
        kind: 'notice',
        notice: { text: 'Pick an outcome first.', good: false },
        outcome: 'invalid',
        fallback,
      };
    const problem = outcomeProblem(row, outcome, ctx.today, ctx.today);
    if (problem)
      return { kind: 'notice', notice: { text: problem, good: false }, outcome: 'refused', fallback };
    const note = str(field(data, 'note'), MAX_NOTE_LENGTH * 2)?.slice(0, MAX_NOTE_LENGTH) ?? null;
    const written = await writeOutcome(writeContext(ctx), row, outcome, ctx.today, note, data.actionId);
    if (!written)
      return { kind: 'answer', answer: plainAnswer(breachNotFound(reference)), outcome: 'not_found' };
    const recorded = (await recordedOn(database, [written.row], ctx.now ?? clock.now())).get(written.row.id);
    const line = recorded ?? `Recorded: ${DIP_OUTCOME_LABEL[outcome]}`;
    const again = written.result === 'recorded' ? '' : ' (already recorded: nothing changed)';
    return {
      kind: 'notice',
      notice: { text: `${row.reference} – ${line}${again}`, good: true },
      outcome: written.result,
      fallback,
    };
  }

  async function pressCase(
    ctx: CommandContext,
    data: Data,
    kind: 'follow_up' | 'two_thirds',
  ): Promise<Pressed> {
    const caseId = typeof data.caseId === 'number' && Number.isInteger(data.caseId) ? data.caseId : null;
    const due = isoDateSchema.safeParse(data.due);
    if (caseId === null || !due.success || !data.actionId)
      return { kind: 'answer', answer: stale(), outcome: 'invalid' };
    const row = await caseById(database, caseId);
    if (!row || !(await mayWriteCase(database, ctx.asker, row)))
      return { kind: 'answer', answer: plainAnswer(CASE_NOT_FOUND), outcome: 'not_found' };
    const current = kind === 'follow_up' ? row.followUpDate : row.twoThirdsDate;
    const who = ctx.conversationType === 'personal' ? `${personLabel(row)} – ` : '';
    if (current !== due.data) {
      const now = current ? ` (it is now ${formatUkDate(current)})` : '';
      return {
        kind: 'notice',
        notice: {
          text: `${who}the date on this card has changed since it was sent${now}: nothing recorded.`,
          good: false,
        },
        outcome: 'stale',
      };
    }
    let change: FollowUpChange | { status: 'contact_reduced' };
    if (kind === 'two_thirds') {
      const problem = twoThirdsProblem(row, ctx.today);
      if (problem)
        return { kind: 'notice', notice: { text: `${who}${problem}`, good: false }, outcome: 'refused' };
      change = { status: 'contact_reduced' as const };
    } else {
      const status = FOLLOW_UP_STATUSES.find((st) => st === data.status);
      if (!status) return { kind: 'answer', answer: stale(), outcome: 'invalid' };
      const booked = isoDateSchema.safeParse(field(data, 'bookedFor'));
      const reason = field(data, 'reason');
      const followUp: FollowUpChange = {
        status,
        bookedFor: status === 'booked' && booked.success ? booked.data : null,
        heldOn: null,
        reason:
          status === 'not_needed' && typeof reason === 'string' && isNotNeededReason(reason) ? reason : null,
      };
      change = followUp;
      const problem = followUpProblem(row, followUp, ctx.today);
      if (problem)
        return { kind: 'notice', notice: { text: `${who}${problem}`, good: false }, outcome: 'refused' };
    }
    const written = await writeAck(writeContext(ctx), row, kind, change, data.actionId);
    const { lines } = await acknowledgementLines(database, kind, [row], ctx.now ?? clock.now());
    const again = written.result === 'recorded' ? '' : ' (already recorded: nothing changed)';
    const line = lines.get(row.id) ?? `Recorded: ${ackText({ bookedFor: null, reason: null, ...change })}`;
    return { kind: 'notice', notice: { text: `${who}${line}${again}`, good: true }, outcome: written.result };
  }

  async function pressPreference(ctx: CommandContext, data: Data): Promise<Pressed> {
    if (!data.actionId) return { kind: 'answer', answer: stale(), outcome: 'invalid' };
    let change: Partial<Preferences>;
    let message: string;
    switch (data.change) {
      case 'snooze': {
        const until = nextMonday(ctx.today);
        change = { snoozeUntil: until };
        message = `Snoozed: no digests or reminders until ${formatUkDate(until)}. Say "cancel snooze" to have them sooner.`;
        break;
      }
      case 'stop-digests':
        change = { digestsEnabled: false };
        message = 'Done: no more digests. Say "start digests" to have them again.';
        break;
      case 'stop-reminders':
        change = { remindersEnabled: false };
        message = 'Done: no more reminders or alerts. Say "start reminders" to have them again.';
        break;
      default:
        return { kind: 'answer', answer: stale(), outcome: 'invalid' };
    }
    const r = await updatePreferencesFromButton(database, {
      email: ctx.asker.email,
      aadObjectId: ctx.asker.aadObjectId,
      change,
      actionId: data.actionId,
      at: ctx.now ?? clock.now(),
      conversationType: ctx.conversationType,
    });
    const again = r.kind === 'recorded' ? '' : ' (already done)';
    return { kind: 'notice', notice: { text: `${message}${again}`, good: true }, outcome: r.kind };
  }

  function stale(): ActionAnswer {
    return plainAnswer('That button is out of date: ask me again for a fresh card.');
  }

  /** The card a view describes, for this asker, now. */
  async function rebuild(ctx: CommandContext, v: CardView | null): Promise<Reply | null> {
    if (!v) return null;
    if (v.kind === 'command') {
      const command = byName.get(v.command);
      if (!command?.slotsSchema || !mayUse(ctx.asker, command)) return null;
      const slots = command.slotsSchema.safeParse(v.slots);
      if (!slots.success) return null;
      const result = await command.run(ctx, slots.data);
      return result.reply;
    }
    const job = deps.jobs?.definition(v.job);
    if (!job) return null;
    const notifications = await job.build({
      database,
      settings,
      log,
      today: v.day,
      now: ctx.now ?? clock.now(),
      slot: job.slotFor(v.day),
      recipients: new Set([ctx.asker.email.toLowerCase()]),
      lastRunDate: v.lastRunDate,
    });
    const mine = notifications.find((n) => n.recipient.email.toLowerCase() === ctx.asker.email.toLowerCase());
    return mine?.reply ?? null;
  }

  function answerOf(reply: Reply | null, ctx: CommandContext, notice: Notice | null): ActionAnswer {
    // A card that names people never goes back into a channel, even to the presser.
    const safe =
      reply && (!reply.personalData || ctx.conversationType === 'personal')
        ? reply
        : reply
          ? { text: reply.channelSummary ?? 'Done.', personalData: false }
          : null;
    // Nothing to rebuild (a view the asker may not see, a job message with nothing left in it).
    const c =
      safe?.card ??
      card(
        safe
          ? [heading(notice?.good === false ? 'Not recorded' : 'Done'), text(md(safe.text))]
          : notice
            ? [heading(notice.good ? 'Done' : 'Not recorded'), subtle('Nothing else on this card needs you.')]
            : [text('There is nothing more on this card for you.')],
      );
    return {
      card: withNotice(c, notice),
      text: [notice?.text, safe?.text].filter(Boolean).join('\n'),
      ...(safe?.refresh ? { refresh: safe.refresh } : {}),
    };
  }

  return async function handleAction(a: IncomingAction): Promise<ActionAnswer> {
    const asker: StaffMember | null = a.aadObjectId
      ? await findStaffByAadObjectId(database, a.aadObjectId)
      : null;
    const intent = INTENT[a.verb] ?? 'action';
    if (!asker) {
      log.info({ event: 'unknown_user', kind: 'action' }, 'card action from a user not in the staff list');
      await recordAudit(database, {
        staffEmail: null,
        aadObjectId: a.aadObjectId ?? null,
        intent: 'refused',
        conversationType: a.conversationType,
        outcome: 'unknown_user',
        at: clock.now(),
      });
      return plainAnswer(deps.unknownUser);
    }
    const ctx: CommandContext = {
      database,
      settings,
      asker,
      today: clock.today(),
      now: clock.now(),
      conversationType: a.conversationType,
      log,
      commands,
      ownView: true,
      ...(deps.jobs ? { jobs: deps.jobs } : {}),
    };
    const parsed = base.safeParse(a.data ?? {});
    let pressed: Pressed;
    // Teams asks on its own only for a user's view (refresh); a write is always a person's press.
    if (!parsed.success || (a.trigger === 'automatic' && a.verb !== 'refresh'))
      pressed = { kind: 'answer', answer: stale(), outcome: 'invalid' };
    else if (a.verb === 'refresh') pressed = { kind: 'notice', notice: null, outcome: 'refreshed' };
    else if (a.verb === 'dipOutcome') pressed = await pressDipOutcome(ctx, parsed.data);
    else if (a.verb === 'followUp') pressed = await pressCase(ctx, parsed.data, 'follow_up');
    else if (a.verb === 'twoThirds') pressed = await pressCase(ctx, parsed.data, 'two_thirds');
    else if (a.verb === 'preference') pressed = await pressPreference(ctx, parsed.data);
    else pressed = { kind: 'answer', answer: stale(), outcome: 'invalid' };

    let answer: ActionAnswer;
    if (pressed.kind === 'answer' || !parsed.success) {
      answer = pressed.kind === 'answer' ? pressed.answer : stale();
    } else {
      const v = parsed.data.view ?? pressed.fallback ?? null;
      answer = answerOf(await rebuild(ctx, v), ctx, pressed.notice);
    }
    log.info({ event: 'card_action', intent, outcome: pressed.outcome, staffId: asker.id });
    await recordAudit(database, {
      staffEmail: asker.email,
      aadObjectId: asker.aadObjectId,
      intent,
      scope: 'action',
      resultCount: ['recorded'].includes(pressed.outcome) ? 1 : 0,
      conversationType: a.conversationType,
      outcome: pressed.outcome,
      at: clock.now(),
    });
    return answer;
  };
}
