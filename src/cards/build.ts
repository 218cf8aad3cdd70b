import type { AdaptiveCard } from './types.js';

/** Small builders for Adaptive Cards 1.5: text first, so cards read on mobile and in previews. */
export type Element = Record<string, unknown>;

export function card(body: Element[], actions: Element[] = []): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body,
    ...(actions.length ? { actions } : {}),
    msteams: { width: 'Full' },
  };
}

export function heading(text: string): Element {
  return { type: 'TextBlock', text, weight: 'Bolder', size: 'Medium', wrap: true, style: 'heading' };
}

export function text(
  value: string,
  opts: Partial<Record<'isSubtle' | 'weight' | 'color' | 'size' | 'spacing', unknown>> = {},
): Element {
  return { type: 'TextBlock', text: value, wrap: true, ...opts };
}

export function subtle(value: string): Element {
  return text(value, { isSubtle: true, size: 'Small' });
}

export function facts(pairs: [string, string][]): Element {
  return { type: 'FactSet', facts: pairs.map(([title, value]) => ({ title, value })) };
}

export function container(items: Element[], opts: Record<string, unknown> = {}): Element {
  return { type: 'Container', items, ...opts };
}

export function bullets(lines: string[]): Element {
  return text(lines.map((l) => `- ${l}`).join('\n'));
}

/** A button that sends `data` back as if the user had typed `utterance`. */
export function submit(title: string, utterance: string, data: Record<string, unknown> = {}): Element {
  return {
    type: 'Action.Submit',
    title,
    data: { ...data, utterance, msteams: { type: 'messageBack', text: utterance, displayText: utterance } },
  };
}

/** Escapes the characters Adaptive Card markdown would interpret in user-supplied text. */
export function md(value: string): string {
  return value.replace(/([\\*_[\]`])/g, '\\$1');
}
