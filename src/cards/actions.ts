import { randomUUID } from 'node:crypto';
import { NOT_NEEDED_REASONS, NOT_NEEDED_REASON_TEXT } from '../domain/acknowledgements.js';
import { addDays, formatUkDate, timeInLondon, todayInLondon, type IsoDate } from '../domain/dates.js';
import { DIP_OUTCOMES, DIP_OUTCOME_LABEL, type DipOutcome } from '../domain/dip.js';
import { type Element } from './build.js';
import type { CardView } from './types.js';

export type { CardView } from './types.js';

/**
 * Universal Actions (Adaptive Cards 1.4+ `Action.Execute`): a button's verb and data come back to
 * the bot as an `adaptiveCard/action` invoke, and the card the bot answers with replaces the one
 * pressed, for the user who pressed it. Every button carries:
 * - `actionId`: unique to the button, so a double press or a replayed invoke records once;
 * - `view`: where the card came from, so it can be rebuilt with the change in it;
 * - `fields`: which input (by id) holds each value a form collects, because ids must be unique in
 *   a card and one card holds a form per row.
 */
export type ActionVerb = 'dipOutcome' | 'followUp' | 'twoThirds' | 'preference' | 'refresh';

export function commandView(command: string, slots: unknown): CardView {
  return { kind: 'command', command, slots };
}

export function jobView(job: string, ctx: { today: IsoDate; lastRunDate?: IsoDate | null }): CardView {
  return { kind: 'job', job, day: ctx.today, lastRunDate: ctx.lastRunDate ?? null };
}

export function execute(
  title: string,
  verb: ActionVerb,
  data: Record<string, unknown>,
  view: CardView | null,
  opts: { style?: 'positive' | 'destructive'; fields?: Record<string, string>; collect?: boolean } = {},
): Element {
  return {
    type: 'Action.Execute',
    title,
    verb,
    data: { ...data, view, actionId: randomUUID(), ...(opts.fields ? { fields: opts.fields } : {}) },
    // A quick button must not pick up a neighbouring row's form.
    associatedInputs: opts.collect ? 'auto' : 'none',
    ...(opts.style ? { style: opts.style } : {}),
  };
}

function showCard(title: string, body: Element[], actions: Element[]): Element {
  return {
    type: 'Action.ShowCard',
    title,
    card: { type: 'AdaptiveCard', version: '1.5', body, actions },
  };
}

export function actionSet(actions: Element[]): Element {
  return { type: 'ActionSet', actions, spacing: 'Small' };
}

const inputId = (name: string) => `${name}-${randomUUID().slice(0, 8)}`;

/**
 * "Recorded: PCR issued by Adele Vance, 10:14", with the date when it was not the same London day
 * as `now` (the clock's: recorded times are the clock's too, even where AS_OF_DATE pins today).
 */
export function recordedLine(what: string, by: string, at: Date, now: Date): string {
  const day = todayInLondon(at);
  const when = day === todayInLondon(now) ? timeInLondon(at) : `${formatUkDate(day)} ${timeInLondon(at)}`;
  return `Recorded: ${what} by ${by}, ${when}`;
}

/**
 * The outcome buttons under a breach: the two likeliest as quick buttons (STL passed once the
 * last day has gone by), and every outcome, with an optional note, behind "Other outcome…".
 */
export function dipOutcomeActions(reference: string, passed: boolean, view: CardView | null): Element {
  const quick: DipOutcome[] = passed ? ['stl_passed', 'pcr_issued'] : ['pcr_issued', 'charged'];
  const outcome = inputId('outcome');
  const note = inputId('note');
  return actionSet([
    ...quick.map((o) => execute(DIP_OUTCOME_LABEL[o], 'dipOutcome', { reference, outcome: o }, view)),
    showCard(
      'Other outcome…',
      [
        {
          type: 'Input.ChoiceSet',
          id: outcome,
          label: 'Outcome',
          isRequired: true,
          errorMessage: 'Pick an outcome',
          choices: DIP_OUTCOMES.map((o) => ({ title: DIP_OUTCOME_LABEL[o], value: o })),
        },
        { type: 'Input.Text', id: note, label: 'Note (optional)', maxLength: 500, isMultiline: true },
      ],
      [
        execute('Record outcome', 'dipOutcome', { reference }, view, {
          fields: { outcome, note },
          collect: true,
          style: 'positive',
        }),
      ],
    ),
  ]);
}

export interface FollowUpTarget {
  caseId: number;
  /** The follow-up date being acknowledged. */
  due: IsoDate;
  twoThirdsDate: IsoDate;
  endDate: IsoDate;
}

/** Booked (with its date), done, or not needed (with a reason) for one follow-up. */
export function followUpActions(t: FollowUpTarget, view: CardView | null, booked = false): Element {
  const data = { caseId: t.caseId, due: t.due };
  const bookedFor = inputId('bookedFor');
  const reason = inputId('reason');
  const book = showCard(
    'Booked…',
    [
      {
        type: 'Input.Date',
        id: bookedFor,
        label: 'Booked for',
        isRequired: true,
        errorMessage: 'Give the appointment date',
        value: t.due,
        min: addDays(t.twoThirdsDate, 1),
        max: t.endDate,
      },
    ],
    [
      execute('Save booking', 'followUp', { ...data, status: 'booked' }, view, {
        fields: { bookedFor },
        collect: true,
        style: 'positive',
      }),
    ],
  );
  const notNeeded = showCard(
    'Not needed…',
    [
      {
        type: 'Input.ChoiceSet',
        id: reason,
        label: 'Why not',
        isRequired: true,
        errorMessage: 'Pick a reason',
        choices: NOT_NEEDED_REASONS.map((r) => ({ title: NOT_NEEDED_REASON_TEXT[r], value: r })),
      },
    ],
    [
      execute('Save', 'followUp', { ...data, status: 'not_needed' }, view, {
        fields: { reason },
        collect: true,
      }),
    ],
  );
  const done = execute('Done', 'followUp', { ...data, status: 'done' }, view);
  return actionSet(booked ? [done, notNeeded] : [book, done, notNeeded]);
}

/** "Contact reduced" for a two-thirds point. */
export function twoThirdsActions(t: { caseId: number; due: IsoDate }, view: CardView | null): Element {
  return actionSet([
    execute(
      'Contact reduced',
      'twoThirds',
      { caseId: t.caseId, due: t.due, status: 'contact_reduced' },
      view,
    ),
  ]);
}
