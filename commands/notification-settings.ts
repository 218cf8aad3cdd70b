import type { Command } from '../src/assistant/types.js';
import { card, facts, heading, subtle, text } from '../src/cards/build.js';
import { normalise } from '../src/assistant/normalise.js';
import { parsePeriod } from '../src/assistant/periods.js';
import { parseSettingsRequest, type PreferenceAction } from '../src/assistant/settings-request.js';
import { compareDates, formatUkDate, type IsoDate } from '../src/domain/dates.js';
import { updatePreferences, preferencesOf, type Preferences } from '../src/store/preferences.repository.js';

/**
 * Notification settings, in the user's words (src/assistant/settings-request.ts reads them). The
 * snooze and unsubscribe buttons on every proactive card send these same phrases.
 */

/** The settings change in a message, or null when it is not about notifications. */
export function parsePreferenceAction(raw: string, today: IsoDate): PreferenceAction | null {
  return parseSettingsRequest(raw, today, parsePeriod(normalise(raw), today).period)?.action ?? null;
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
    case 'all':
      return a.on
        ? {
            change: { digestsEnabled: true, remindersEnabled: true, snoozeUntil: null },
            message: 'Digests, reminders and alerts are back on.',
          }
        : {
            change: { digestsEnabled: false, remindersEnabled: false },
            message:
              'Done: no more digests, reminders or alerts. Say "start notifications" to have them again, or "snooze until <a day>" for a break.',
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
  records: true,
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
    const request = parseSettingsRequest(u.raw, u.today, u.period);
    if (!request) return null;
    const { action, explicit } = request;
    // "pause until Monday" names no notifications: likely, but a question about cases may say it too.
    if (!explicit) return { score: 0.8, slots: action };
    // A request it cannot complete ("snooze" with no end) asks what is missing, but another command
    // that reads the message fully is the better answer.
    if (action.kind === 'invalid') return { score: 0.7, slots: action };
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
