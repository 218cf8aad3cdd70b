import { PLAYGROUND_TENANT } from './activities.js';

/**
 * Pressing a card's button as Teams does: find the `Action.Execute` in the product's own card
 * (inside show-cards too), merge what a user would type into its inputs, and send the
 * `adaptiveCard/action` invoke Teams sends (`value.action` with verb and data, `trigger`).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = Record<string, any>;

export interface ExecuteAction {
  type: 'Action.Execute';
  title: string;
  verb: string;
  data: Json;
}

/** Every Action.Execute in a card (or an activity's card attachments), in document order. */
export function executeActions(node: unknown): ExecuteAction[] {
  const out: ExecuteAction[] = [];
  const walk = (n: unknown) => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (!n || typeof n !== 'object') return;
    const o = n as Json;
    if (o.type === 'Action.Execute') out.push(o as ExecuteAction);
    for (const v of Object.values(o)) walk(v);
  };
  walk(node);
  return out;
}

/** The one Action.Execute matching: its title, and data fields it must carry. */
export function findAction(node: unknown, title: string, data: Json = {}): ExecuteAction {
  const found = executeActions(node).filter(
    (a) => a.title === title && Object.entries(data).every(([k, v]) => a.data[k] === v),
  );
  if (found.length !== 1)
    throw new Error(`expected one "${title}" button with ${JSON.stringify(data)}, found ${found.length}`);
  return found[0]!;
}

/** The data Teams sends for a press: the button's data plus each input's value under its id. */
export function pressedData(action: ExecuteAction, inputs: Record<string, unknown> = {}): Json {
  const data = structuredClone(action.data);
  for (const [name, value] of Object.entries(inputs)) {
    const id = (data.fields as Record<string, string> | undefined)?.[name];
    if (!id) throw new Error(`the button has no "${name}" input`);
    data[id] = value;
  }
  return data;
}

let seq = 0;

export interface InvokeOptions {
  aadObjectId?: string | null;
  conversationType?: 'personal' | 'channel' | 'groupChat';
  trigger?: 'manual' | 'automatic';
  /** The Teams user id (`from.id`); defaults to the one messageActivity uses. */
  fromId?: string;
}

/** An `adaptiveCard/action` invoke shaped like the one Teams (and the Agents Playground) sends. */
export function invokeActivity(verb: string, data: Json, o: InvokeOptions = {}): Json {
  const conversationType = o.conversationType ?? 'personal';
  const aad = o.aadObjectId === undefined ? '00000000-0000-0000-0000-0000000000020' : o.aadObjectId;
  seq += 1;
  return {
    type: 'invoke',
    name: 'adaptiveCard/action',
    id: `invoke-${seq}`,
    timestamp: new Date().toISOString(),
    serviceUrl: 'http://127.0.0.1:1/',
    channelId: 'msteams',
    from: {
      id: o.fromId ?? `29:user-${aad ?? 'anon'}`,
      name: 'Test User',
      ...(aad ? { aadObjectId: aad } : {}),
    },
    conversation: {
      id: `a:conv-${conversationType}-${aad ?? 'anon'}`,
      conversationType,
      tenantId: PLAYGROUND_TENANT,
      ...(conversationType === 'personal' ? {} : { isGroup: true }),
    },
    recipient: { id: '28:bot-id', name: 'Probation Assistant' },
    locale: 'en-GB',
    value: { action: { type: 'Action.Execute', verb, data }, trigger: o.trigger ?? 'manual' },
    channelData: { tenant: { id: PLAYGROUND_TENANT }, source: { name: 'message' } },
  };
}

/** The card an activity carries (the first Adaptive Card attachment). */
export function cardOf(activity: Json | undefined): Json {
  const c = activity?.attachments?.find(
    (a: Json) => a.contentType === 'application/vnd.microsoft.card.adaptive',
  )?.content;
  if (!c) throw new Error('no Adaptive Card in the activity');
  return c as Json;
}

/** All the visible text of a card: text blocks, fact titles and values, button titles. */
export function cardText(node: unknown): string {
  const out: string[] = [];
  const walk = (n: unknown) => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (!n || typeof n !== 'object') return;
    const o = n as Json;
    if (typeof o.text === 'string') out.push(o.text);
    if (typeof o.title === 'string') out.push(o.title);
    if (typeof o.value === 'string') out.push(o.value);
    for (const [k, v] of Object.entries(o)) if (k !== 'data') walk(v);
  };
  walk(node);
  return out.join('\n');
}
