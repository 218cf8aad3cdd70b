import type { Command } from '../src/assistant/types.js';
import { card, facts, heading, subtle, text } from '../src/cards/build.js';
import {
  addDays,
  compareDates,
  daysBetween,
  dayOfWeek,
  formatUkDate,
  parseUkOrIsoDate,
  type IsoDate,
} from '../src/domain/dates.js';
import { updatePreferences, preferencesOf, type Preferences } from '../src/store/preferences.repository.js';

/**
 * Notification settings, in the user's words: "stop digests", "start digests", "digest at 08:00",
 * "quiet hours 18:00-08:00", "snooze reminders until Monday", "send empty digests" (and their
 * opposites). The snooze and unsubscribe buttons on every proactive card send these same phrases.
 */

export type PreferenceAction =
  | { kind: 'digests'; on: boolean }
  | { kind: 'reminders'; on: boolean }
  | { kind: 'digest-time'; time: string | null }
  | { kind: 'quiet'; start: string; end: string }
  | { kind: 'quiet-off' }
  | { kind: 'snooze'; until: IsoDate }
  | { kind: 'unsnooze' }
  | { kind: 'empty'; on: boolean }
  | { kind: 'show' }
  | { kind: 'invalid'; message: string };

/** Longest snooze: beyond this "stop digests" / "stop reminders" says what is meant. */
export const MAX_SNOOZE_DAYS = 60;

const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const TIME = String.raw`(\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm)?|\d{4}|noon|midnight)`;

/** "18:00", "6pm", "6.30pm", "0800", "noon" → "HH:MM"; null when not a time of day. */
export function parseTime(s: string): string | null {
  const t = s.trim().toLowerCase();
  if (t === 'noon') return '12:00';
  if (t === 'midnight') return '00:00';
  const m = t.match(/^(\d{1,2})(?:[:.]?(\d{2}))?\s*(am|pm)?$/);
  if (!m) return null;
  let hour = Number(m[1]);
  const minute = Number(m[2] ?? '0');
  if (m[3]) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (m[3] === 'pm' ? 12 : 0);
  }
  if (hour > 23 || minute > 59) return null;
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}

/** The first date after `today` falling on the named weekday ("until Monday" on a Monday = next week's). */
function nextWeekday(today: IsoDate, name: string): IsoDate | null {
  const i = WEEKDAYS.findIndex((d) => d === name || d.slice(0, 3) === name);
  if (i < 0) return null;
  let delta = (i + 1 - dayOfWeek(today) + 7) % 7;
  if (delta === 0) delta = 7;
  return addDays(today, delta);
}

/** The date a snooze ends on (reminders resume that day). */
function parseSnoozeEnd(t: string, today: IsoDate): IsoDate | null {
  let m: RegExpMatchArray | null;
  if ((m = t.match(/\bfor\s+(?:a|one|1)\s+week\b/))) return addDays(today, 7);
  if ((m = t.match(/\bfor\s+(\d{1,3})\s+weeks?\b/))) return addDays(today, 7 * Number(m[1]));
  if ((m = t.match(/\bfor\s+(?:a|one)\s+day\b/))) return addDays(today, 1);
  if ((m = t.match(/\bfor\s+(\d{1,3})\s+days?\b/))) return addDays(today, Number(m[1]));
  if (/\b(?:until|till|til|to)\s+tomorrow\b/.test(t)) return addDays(today, 1);
  if (/\b(?:until|till|til|to)\s+next\s+week\b/.test(t)) return nextWeekday(today, 'monday');
  if ((m = t.match(/\b(?:until|till|til|to)\s+(?:next\s+)?([a-z]+day|mon|tue|wed|thu|fri|sat|sun)\b/)))
    return nextWeekday(today, m[1] ?? '');
  if ((m = t.match(/\b(?:until|till|til|to)\s+(\d{4}-\d{2}-\d{2}|\d{1,2}\/\d{1,2}\/\d{4})\b/)))
    return parseUkOrIsoDate(m[1] ?? '');
  return null;
}

export function parsePreferenceAction(raw: string, today: IsoDate): PreferenceAction | null {
  const t = raw
    .toLowerCase()
    .replace(/<at>.*?<\/at>/g, ' ')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u2013\u2014]/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
  const off = String.raw`(?:stop|pause|turn off|switch off|disable|mute|unsubscribe(?: from)?|no more|don't send(?: me)?|do not send(?: me)?)`;
  const on = String.raw`(?:start|resume|restart|turn on|switch on|enable|unmute|subscribe(?: to)?|send(?: me)?)`;
  const the = String.raw`(?:(?:my|the|these|all|daily|weekly|morning)\s+)*`;

  if (/\b(?:unsnooze|un-snooze|cancel (?:the |my )?snooze|stop snoozing|end (?:the |my )?snooze)\b/.test(t))
    return { kind: 'unsnooze' };
  if (/\bsnooze\b/.test(t)) {
    const until = parseSnoozeEnd(t, today);
    if (!until)
      return {
        kind: 'invalid',
        message: 'Until when? For example "snooze reminders until Monday" or "snooze reminders for 3 days".',
      };
    if (compareDates(until, today) <= 0)
      return { kind: 'invalid', message: `${formatUkDate(until)} has already started; pick a later date.` };
    if (daysBetween(today, until) > MAX_SNOOZE_DAYS) {
      return {
        kind: 'invalid',
        message: `I can snooze for up to ${MAX_SNOOZE_DAYS} days. To stop them altogether say "stop digests" or "stop reminders".`,
      };
    }
    return { kind: 'snooze', until };
  }
  if (
    new RegExp(
      String.raw`\b(?:don't|do not|stop|no)\s+(?:send(?:ing)?\s+(?:me\s+)?)?empty\s+digests?\b`,
    ).test(t)
  )
    return { kind: 'empty', on: false };
  if (/\b(?:send(?: me)?|i want|include)\s+empty\s+digests?\b/.test(t)) return { kind: 'empty', on: true };
  // Before on/off: "send my digest at 7:30am" sets a time, it does not switch digests on.
  if (
    /\bdigests?\s+(?:at|time)\s+(?:the\s+)?(?:default|usual|normal)\b|\breset (?:my )?digest time\b/.test(t)
  )
    return { kind: 'digest-time', time: null };
  const time = t.match(
    new RegExp(String.raw`\b(?:send (?:me )?(?:my |the )?)?digests?\s+(?:at|time|time to|by)\s+${TIME}`),
  );
  if (time) {
    const parsed = parseTime(time[1] ?? '');
    return parsed
      ? { kind: 'digest-time', time: parsed }
      : { kind: 'invalid', message: 'Give the time as HH:MM, for example "digest at 08:00".' };
  }

  if (new RegExp(String.raw`\b${off}\s+${the}digests?\b`).test(t)) return { kind: 'digests', on: false };
  if (new RegExp(String.raw`\b${on}\s+${the}digests?\b`).test(t)) return { kind: 'digests', on: true };
  if (new RegExp(String.raw`\b${off}\s+${the}(?:reminders?|alerts?)\b`).test(t))
    return { kind: 'reminders', on: false };
  if (new RegExp(String.raw`\b${on}\s+${the}(?:reminders?|alerts?)\b`).test(t))
    return { kind: 'reminders', on: true };

  if (
    /\b(?:no|turn off|remove|clear|cancel)\s+(?:my\s+)?quiet hours\b|\bquiet hours\s+(?:off|none)\b/.test(t)
  )
    return { kind: 'quiet-off' };
  const m = t.match(
    new RegExp(String.raw`\bquiet hours?\s*(?:are\s+|from\s+|:\s*)?${TIME}\s*(?:-|to|until|till)\s*${TIME}`),
  );
  if (m) {
    const start = parseTime(m[1] ?? '');
    const end = parseTime(m[2] ?? '');
    if (!start || !end)
      return {
        kind: 'invalid',
        message: 'Give quiet hours as two times, for example "quiet hours 18:00-08:00".',
      };
    if (start === end) return { kind: 'invalid', message: 'Quiet hours need different start and end times.' };
    return { kind: 'quiet', start, end };
  }
  if (/\bquiet hours\b/.test(t) && !/\b(?:settings|preferences)\b/.test(t)) {
    return {
      kind: 'invalid',
      message:
        'Give quiet hours as two times, for example "quiet hours 18:00-08:00", or say "no quiet hours".',
    };
  }

  if (
    /\b(?:my\s+)?(?:notification|digest|reminder)s?\s+(?:settings|preferences)\b|^(?:(?:show|see|view|what are)\s+)?(?:my\s+)?(?:settings|preferences)$/.test(
      t,
    )
  )
    return { kind: 'show' };
  return null;
}

export function describePreferences(p: Preferences, today: IsoDate): [string, string][] {
  const snoozed = p.snoozeUntil && compareDates(today, p.snoozeUntil) < 0;
  return [
    ['Digests', p.digestsEnabled ? `on${p.digestTime ? `, held until ${p.digestTime}` : ''}` : 'off'],
    ['Reminders and alerts', p.remindersEnabled ? 'on' : 'off'],
    ['Quiet hours', p.quietStart && p.quietEnd ? `${p.quietStart}–${p.quietEnd}` : 'none'],
    ['Snoozed', snoozed && p.snoozeUntil ? `until ${formatUkDate(p.snoozeUntil)}` : 'no'],
    ['Empty digests', p.sendEmpty ? 'sent ("nothing to report")' : 'not sent'],
  ];
}

function confirmation(a: Exclude<PreferenceAction, { kind: 'invalid' } | { kind: 'show' }>): {
  change: Partial<Preferences>;
  message: string;
} {
  switch (a.kind) {
    case 'digests':
      return a.on
        ? { change: { digestsEnabled: true }, message: 'Digests are back on.' }
        : {
            change: { digestsEnabled: false },
            message: 'Done: no more digests. Say "start digests" to have them again.',
          };
    case 'reminders':
      return a.on
        ? { change: { remindersEnabled: true }, message: 'Reminders and alerts are back on.' }
        : {
            change: { remindersEnabled: false },
            message:
              'Done: no more reminders or alerts (DIP time limits, ECSL windows, IOM returns). Say "start reminders" to have them again.',
          };
    case 'digest-time':
      return a.time
        ? {
            change: { digestTime: a.time },
            message: `Your digests will arrive at ${a.time} (London time), or when they are prepared if that is later.`,
          }
        : { change: { digestTime: null }, message: 'Your digests will arrive when they are prepared.' };
    case 'quiet':
      return {
        change: { quietStart: a.start, quietEnd: a.end },
        message: `Quiet hours set: nothing from me between ${a.start} and ${a.end}. Messages due then wait until ${a.end} the same day.`,
      };
    case 'quiet-off':
      return { change: { quietStart: null, quietEnd: null }, message: 'Quiet hours removed.' };
    case 'snooze':
      return {
        change: { snoozeUntil: a.until },
        message: `Snoozed: no digests or reminders until ${formatUkDate(a.until)}. Say "cancel snooze" to have them sooner.`,
      };
    case 'unsnooze':
      return { change: { snoozeUntil: null }, message: 'Snooze cancelled.' };
    case 'empty':
      return a.on
        ? {
            change: { sendEmpty: true },
            message: 'I will send your digests even on days with nothing to report.',
          }
        : {
            change: { sendEmpty: false },
            message: 'I will only send a digest when there is something in it.',
          };
  }
}

export const notificationSettings: Command<PreferenceAction> = {
  name: 'notification-settings',
  title: 'Notification settings',
  description:
    'Stop or start digests and reminders, set a digest time or quiet hours, snooze, or get empty digests.',
  examples: [
    'stop digests',
    'digest at 08:00',
    'quiet hours 18:00-08:00',
    'snooze reminders until Monday',
    'send empty digests',
    'start digests',
    'my notification settings',
  ],
  roles: 'any',
  scopes: ['personal'],
  match(u) {
    const action = parsePreferenceAction(u.raw, u.today);
    if (!action) return null;
    return { score: action.kind === 'show' ? 0.9 : 0.95, slots: action };
  },
  async run(ctx, action) {
    if (action.kind === 'invalid')
      return { reply: { text: action.message, personalData: false }, audit: { scope: 'self', count: 0 } };
    let message = 'Your notification settings:';
    let current: Preferences;
    if (action.kind === 'show') {
      current = await preferencesOf(ctx.database, ctx.asker.email);
    } else {
      const { change, message: m } = confirmation(action);
      current = await updatePreferences(ctx.database, ctx.asker.email, change);
      message = m;
    }
    const settings = describePreferences(current, ctx.today);
    return {
      reply: {
        text: `${message}\n${settings.map(([k, v]) => `${k}: ${v}`).join('\n')}`,
        card: card([
          heading('Notification settings'),
          text(message),
          facts(settings),
          subtle('Times are London time. Say "my notification settings" to see these again.'),
        ]),
        personalData: false,
      },
      audit: { scope: 'self', count: 1 },
    };
  },
};
