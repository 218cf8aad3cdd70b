import { execute, type CardView } from './actions.js';
import { card, heading, subtle, text, type Element } from './build.js';
import type { AdaptiveCard } from './types.js';

/**
 * Cards for proactive messages (digests, reminders, alerts). Teams refuses messages much over
 * 40 KB, so a card is measured as serialized JSON and trimmed section by section until it fits,
 * each trimmed section ending with how many rows were left out and the question that lists them.
 */

/** Serialized card budget: under 40 KB with room for the activity envelope around it. */
export const CARD_BYTE_LIMIT = 38_000;
/** Rows per section before the byte budget is even considered: a digest is a summary. */
export const SECTION_ROW_LIMIT = 25;

export interface CardSection {
  title: string;
  rows: Element[];
  /** Shown when there are no rows; omit to leave the section out when empty. */
  emptyText?: string;
  /** The question that lists every row, for "…and N more: ask '…'". */
  ask: string;
}

export interface ProactiveCardInput {
  title: string;
  intro?: string;
  sections: CardSection[];
  /** Always shown after the sections (e.g. a checklist): never trimmed. */
  trailer?: Element[];
  footer?: string;
  actions: Element[];
}

export function cardBytes(c: AdaptiveCard): number {
  return Buffer.byteLength(JSON.stringify(c), 'utf8');
}

function render(input: ProactiveCardInput, shown: number[]): AdaptiveCard {
  const body: Element[] = [heading(input.title)];
  if (input.intro) body.push(text(input.intro));
  input.sections.forEach((s, i) => {
    if (!s.rows.length && s.emptyText === undefined) return;
    body.push(text(`**${s.title}**`, { spacing: 'Medium' }));
    if (!s.rows.length) {
      body.push(subtle(s.emptyText ?? ''));
      return;
    }
    const n = shown[i] ?? 0;
    body.push(...s.rows.slice(0, n));
    const more = s.rows.length - n;
    if (more > 0) body.push(subtle(`…and ${more} more: ask '${s.ask}'`));
  });
  if (input.trailer) body.push(...input.trailer);
  if (input.footer) body.push(subtle(input.footer));
  return card(body, input.actions);
}

/** Renders the card, trimming the longest sections until it is under `limit` bytes. */
export function fitCard(input: ProactiveCardInput, limit = CARD_BYTE_LIMIT): AdaptiveCard {
  const shown = input.sections.map((s) => Math.min(s.rows.length, SECTION_ROW_LIMIT));
  let result = render(input, shown);
  // Each pass cuts the longest section by a third: a handful of passes even for huge sections.
  for (let pass = 0; pass < 64 && cardBytes(result) > limit; pass++) {
    let longest = -1;
    shown.forEach((n, i) => {
      if (n > 0 && (longest < 0 || n > (shown[longest] ?? 0))) longest = i;
    });
    if (longest < 0) break;
    const n = shown[longest] ?? 0;
    shown[longest] = n <= 1 ? 0 : Math.floor((n * 2) / 3);
    result = render(input, shown);
  }
  return result;
}

/** Preference changes a proactive card's buttons make (the same as typing "stop digests" …). */
export type PreferenceChange = 'snooze' | 'stop-digests' | 'stop-reminders';

/**
 * The snooze and unsubscribe buttons every proactive card carries: Action.Execute, so the card
 * itself says what changed ("Snoozed until Mon 7 Dec 2026") instead of a new message arriving.
 */
export function preferenceActions(kind: 'digest' | 'reminder', view: CardView): Element[] {
  const change = (c: PreferenceChange) => ({ change: c });
  return [
    execute('Snooze until Monday', 'preference', change('snooze'), view),
    kind === 'digest'
      ? execute('Stop these digests', 'preference', change('stop-digests'), view)
      : execute('Stop reminders', 'preference', change('stop-reminders'), view),
  ];
}
