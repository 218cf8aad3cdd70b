import { addDays, compareDates, daysBetween, formatUkDate, type IsoDate } from '../domain/dates.js';
import { recogniseTimes, type TimeMention } from './date-mentions.js';
import { normalise } from './normalise.js';
import { parsePeriod, type Period } from './periods.js';

/**
 * A change to someone's own notifications, in the words people use: "stop digests", "I don't
 * need the morning digest any more", "pause until Monday", "no messages after 6pm until 8 in the
 * morning", "move my summary to quarter past nine", "send it even when there's nothing in it".
 *
 * The message is read as a subject (digests, reminders, everything), an act (off, on, snooze
 * until a day, quiet hours, a digest time, empty digests, show) and the times and dates the
 * recognisers find. A request it can tell is about settings but cannot complete ("snooze", with
 * no end) is answered with what is missing rather than guessed.
 */

export type PreferenceAction =
  | { kind: 'digests'; on: boolean }
  | { kind: 'reminders'; on: boolean }
  /** Digests and reminders together ("stop all notifications", "resume notifications"). */
  | { kind: 'all'; on: boolean }
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

const DIGEST =
  /\b(?:digests?|summary|summaries|round-?ups?|week ahead|(?:weekly|morning|daily|monday)\s+(?:message|email|update|summary|one|thing|list|digest|note)s?|the weekly|(?:message|email|update|note)s? (?:from you )?(?:every|each) (?:morning|day|monday|week)|\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm)? (?:message|email|update|summary|one|ping))\b/;
const REMINDER = /\b(?:reminders?|alerts?|nudges?|pings?|warnings?|chasers?)\b/;
const EVERYTHING =
  /\b(?:notifications?|notifs?|messages|messaging|everything|all of (?:it|them)|anything(?! (?:slipping|slip|falling|fall|missed|getting missed|going missing|gets missed))|updates|emails)\b/;
const SETTINGS = /\b(?:settings|preferences|prefs|set ?up|setup|configured)\b/;

const UNSNOOZE =
  /\b(?:unsnooze|un-snooze|(?:cancel|end|stop|remove|clear|lift) (?:the |my )?snooze|stop snoozing|no (?:more )?snooze|unmute me|unpause me|take me off (?:mute|snooze|pause))\b/;
const SNOOZE_VERB =
  /\b(?:snooze|snoozing|pause|hold|mute|silence|quiet(?! (?:month|week|day|spell|one|patch))|stop|off|turn (?:it|them|everything|\w+) off|switch off|leave me alone|no (?:more )?(?:messages|notifications|reminders|digests|pings)|(?:don't|dont|do not) (?:message|ping|contact|bother|notify|send) me)\b/;
const UNTIL =
  /\b(?:until|till|til|to|through|for|over|while|whilst|before then|back (?:in|on|at work|from leave) (?=mon|tue|wed|thu|fri|sat|sun|the |next|\d))\b/;

const OFF =
  /\b(?:switch|turn|shut)\b(?:\s+[\w']+){0,4}\s+off\b|\b(?:stop|stopping|pause|turn (?:\w+ )?off|switch (?:\w+ )?off|disable|mute|unsubscribe|opt out|no more|no longer|don't (?:send|want|need)|do not (?:send|want|need)|get rid of|cancel|rather not|silence|leave me alone|enough|switch (?:it|them) off|turn (?:it|them) off|(?:don't|do not) (?:bother|give me|message|ping)|not (?:need|want)|any ?more|not (?:send|sending|to send)|(?:give|giving) (?:\w+ ){1,3}a (?:rest|break|miss)|(?:have|take) a break from)\b/;
const ON =
  /\b(?:switch|turn)\b(?:\s+[\w']+){0,4}\s+(?:back\s+)?on\b|\b(?:start|starting|resume|restart|turn (?:\w+ )?(?:back )?on|switch (?:\w+ )?(?:back )?on|enable|re-?enable|unmute|subscribe|back on|(?<!\b(?:failed|broke|crashed|down|wrong|late|happened|fell over) )again|(?:have|get|want|bring|like|love|need) (?:\w+ ){0,4}back(?! (?:from|to|in|at|off)\b)|keep (?:sending|getting)|send (?:\w+ ){0,2}again)\b/;

const QUIET_WORDS =
  /\bquiet (?:hours?|time|period)\b|\b(?:no|nothing|don't|do not|never|stop)\b[^.]*\b(?:after|before|between|from|past)\b\s*(?:\d|noon|midnight|half|quarter|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)|\bnot (?:after|before)\b|\b(?:keep|stay|go|be) quiet\b[^.]*\b(?:between|from|after)\b|\b(?:no|don't|do not|never|stop)\b[^.]*\b\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm)\s*(?:-|to|until|till)\s*\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm)\b/;
const QUIET_OFF =
  /\b(?:no|remove|clear|cancel|turn off|switch off|get rid of|delete|scrap|drop|stop|end|don't want(?: any)?)\s+(?:my |the |any |these )?quiet (?:hours?|time)\b|\bquiet (?:hours?|time) (?:off|none)\b/;

const EMPTY =
  /\b(?:empty(?: ones)?|nothing(?:'s|s| is)? (?:in it|to report|due|on|to say|to show|there)|there's nothing|no (?:cases|news|items|updates)|quiet days|blank|nil returns?)\b/;
const EMPTY_OFF =
  /\b(?:don't|dont|do not|no need to|rather not|skip|stop sending|not (?:when|if|on)|no point|don't bother|leave out|only (?:when|if)|without)\b/;

const TIME_WORDS =
  /\b(?:default|usual|normal|standard|original)\s+time\b|\breset (?:my |the )?(?:digest |summary )?time\b/;

/** "0800", "9.15", "half 7": the forms the recogniser leaves, written as it reads them. */
function timeWords(t: string): string {
  return t
    .replace(
      /\bhalf (\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b/g,
      'half past $1',
    )
    .replace(/\b([01]\d|2[0-3])([0-5]\d)\b(?!\s*(?:days?|hours?|people))/g, '$1:$2')
    .replace(/\b(\d{1,2})\.([0-5]\d)\b(?!\s*(?:am|pm))/g, '$1:$2')
    .replace(/\b(\d{1,2})\.([0-5]\d)\s*(am|pm)\b/g, '$1:$2$3');
}

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

/** The digest's time: the one time of day the message names. */
function digestTime(times: TimeMention[]): string | null {
  return times.find((m) => m.kind === 'time')?.from ?? null;
}

function quietHours(text: string): { start: string; end: string } | null {
  // "25:00" is no time, even if the recogniser reads "5:00" out of it.
  const times = recogniseTimes(text).filter((m) => !/\d/.test(text[m.start - 1] ?? ''));
  if (/\b(?:2[4-9]|[3-9]\d):\d{2}\b/.test(text)) return null;
  const range = times.find((m) => m.kind === 'range');
  if (range?.to) return { start: range.from, end: range.to };
  const points = times.filter((m) => m.kind === 'time');
  if (points.length >= 2) return { start: points[0]!.from, end: points[1]!.from };
  // "after 5.30pm until 9 the next morning": one end read as a time, the other a bare hour.
  const point = points[0];
  if (point) {
    const after = text.slice(point.start + point.text.length);
    const end = /^\s*(?:until|till|til|to|-)\s+(\d{1,2})(?::([0-5]\d))?\b(?!\s*(?:am|pm))/.exec(after);
    const hour = Number(end?.[1]);
    if (end && hour >= 5 && hour <= 11) {
      const to = parseTime(`${hour}:${end[2] ?? '00'}`);
      if (to) return { start: point.from, end: to };
    }
  }
  // "no messages after 6 until 8": bare hours, the evening's first and the morning's second.
  const bare =
    /\b(?:after|from|past)\s+(\d{1,2})(?::([0-5]\d))?\b.*?\b(?:until|till|til|to|before)\s+(\d{1,2})(?::([0-5]\d))?\b/.exec(
      text,
    );
  if (bare) {
    const [start, end] = [Number(bare[1]), Number(bare[3])];
    const from = parseTime(`${start + 12}:${bare[2] ?? '00'}`);
    const to = parseTime(`${end}:${bare[4] ?? '00'}`);
    if (start >= 4 && start <= 11 && end >= 5 && end <= 11 && from && to) return { start: from, end: to };
  }
  return null;
}

/** The day a snooze ends (reminders resume that day), from the period the message names. */
function snoozeEnd(t: string, period: Period | null, today: IsoDate): IsoDate | null {
  // "off for the rest of the week, hold them until I'm back on Monday": the day after "until".
  const clause = t.match(/\b(?:until|till|til)\b(.*)$/)?.[1];
  const fromClause = clause ? parsePeriod(normalise(clause), today).period : null;
  const named = fromClause ?? period;
  if (!named) return null;
  let until = named.to;
  // "for a week", "for a fortnight", "for 2 weeks": that long from today, not to the week's end.
  const weeks = /\bfor (?:a|one|1) week\b/.test(t)
    ? 1
    : /\bfor (?:a |one )?fortnight\b|\bfor (?:two|2) weeks\b/.test(t)
      ? 2
      : Number(/\bfor (\d) weeks\b/.exec(t)?.[1] ?? 0);
  if (weeks) until = addDays(today, 7 * weeks);
  // "until Monday" said on a Monday means next Monday.
  if (until === today && /\b(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\b/.test(t))
    until = addDays(today, 7);
  return until;
}

function checkedSnooze(until: IsoDate, today: IsoDate): PreferenceAction {
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

function fold(raw: string): string {
  return raw
    .toLowerCase()
    .replace(/<at>.*?<\/at>/g, ' ')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u2013\u2014]/g, '-')
    .replace(/\bdont\b/g, "don't")
    .replace(/\bpls\b|\bplz\b/g, 'please')
    .replace(/\s+/g, ' ')
    .trim();
}

export interface SettingsRequest {
  action: PreferenceAction;
  /** Named its subject or the settings outright ("stop digests"), not only a verb and a day. */
  explicit: boolean;
}

const AWAY =
  /\b(?:i'm|im|i am|i'll be|ill be|be|being|was|she's|he's|they're|we're|[a-z]+'s) off\b|\boff (?:work|sick|ill|on leave|from)\b/;

/** The settings change a message asks for, or null when it is not about notifications. */
export function parseSettingsRequest(
  raw: string,
  today: IsoDate,
  period: Period | null,
): SettingsRequest | null {
  // A settings request is short; the rest of a long message is not read for times and dates.
  // "I'm off from the 21st", "off sick till Monday": the person is away, not the messages.
  const said = fold(raw).slice(0, 300);
  const t = said.replace(new RegExp(AWAY.source, 'g'), (m) => m.replace(/\boff\b/, 'away'));
  const digest = DIGEST.test(t);
  const reminder = REMINDER.test(t);
  // "I don't want anything slipping … show me the team's follow-ups": a list is asked for.
  const listAsked =
    /\b(?:show|list|give|send|tell) (?:me |us )?(?:the |my |our |all )?(?:[\w']+ ){0,4}(?:follow[- ]?ups?|two[- ]?thirds|2\/3|releases?|cases|breaches|stls?)\b/.test(
      t,
    );
  if (listAsked && !digest && !reminder && !/\bnotifications?\b/.test(t)) return null;
  const everything = EVERYTHING.test(t) || /\b(?:message|ping|bother|contact) me\b/.test(t);
  const subject = digest || reminder || everything;
  const quiet = QUIET_WORDS.test(t);
  const explicit = subject || quiet || /\bsnooze\b/.test(t) || SETTINGS.test(t);

  if (UNSNOOZE.test(t)) return { action: { kind: 'unsnooze' }, explicit: true };

  // "is quiet hours switched on for me?", "have I got digests on?": asking how things are set.
  if (
    /^(?:is|are|have i got|do i have|have i)\b/.test(t) &&
    /\b(?:quiet hours|digests?|reminders?|snooze|notifications?)\b/.test(t) &&
    /\b(?:on|set|switched on|turned on|active|enabled|off)\b\??$|\bfor me\??$/.test(t)
  )
    return { action: { kind: 'show' }, explicit: true };
  if (QUIET_OFF.test(t)) return { action: { kind: 'quiet-off' }, explicit: true };
  if (quiet && !SETTINGS.test(t.replace(/\bquiet (?:hours?|time)\b/g, ''))) {
    const hours = quietHours(timeWords(t));
    if (hours) {
      if (hours.start === hours.end)
        return {
          action: { kind: 'invalid', message: 'Quiet hours need different start and end times.' },
          explicit,
        };
      return { action: { kind: 'quiet', ...hours }, explicit: true };
    }
    if (/\bquiet (?:hours?|time)\b/.test(t) || recogniseTimes(timeWords(t)).length > 0)
      return {
        action: {
          kind: 'invalid',
          message:
            'Give quiet hours as two times, for example "quiet hours 18:00-08:00", or say "no quiet hours".',
        },
        explicit: true,
      };
  }

  // ("don't need the ones telling me nothing's due": the messages that say so.)
  if (
    EMPTY.test(t) &&
    (digest ||
      /\b(?:send(?:ing)?|get(?:ting)?|receiv(?:e|ing))\b/.test(t) ||
      /\b(?:ones|messages?) (?:telling|saying|that say|that tell)\b/.test(t))
  ) {
    const on = !EMPTY_OFF.test(t) || /\beven (?:if|when|on|though)\b|\bstill\b|\banyway\b/.test(t);
    return { action: { kind: 'empty', on }, explicit: true };
  }

  if (digest && TIME_WORDS.test(t)) return { action: { kind: 'digest-time', time: null }, explicit: true };
  if (
    digest &&
    /\b(?:at|to|for|around|by|time|from|instead|earlier|later|make|come)\b/.test(t) &&
    !/\bwhat time\b/.test(t)
  ) {
    // "the 7.30 email is too early, move it to 9": the time it is moved to, not the one it was.
    const target = /\b(?:to|at|for|around|by|instead)\s+(?!be\b)([^,;]*)$/.exec(t)?.[1];
    const targetBare = target
      ? /^(\d{1,2})(?:[.:]([0-5]\d))?\b(?!\s*(?:days?|weeks?|th|st|nd|rd|\/))/.exec(target.trim())
      : null;
    const targetTime = target
      ? (digestTime(recogniseTimes(timeWords(target))) ??
        (targetBare && Number(targetBare[1]) >= 5 && Number(targetBare[1]) <= 11
          ? parseTime(`${targetBare[1]}:${targetBare[2] ?? '00'}`)
          : null))
      : null;
    const time = targetTime ?? digestTime(recogniseTimes(timeWords(t)));
    if (time) return { action: { kind: 'digest-time', time }, explicit: true };
    // "move my morning digest to 9", "digest at 9.30 instead": a morning hour, typed bare.
    const bare = [
      ...t.matchAll(
        /\b(?:to|at|for|around|by)\s+(\d{1,2})(?:[.:]([0-5]\d))?\b(?!\s*(?:days?|weeks?|am|pm|th|st|nd|rd|\/))/g,
      ),
    ].at(-1);
    const hour = Number(bare?.[1]);
    const bareTime = bare && hour >= 5 && hour <= 11 ? parseTime(`${hour}:${bare[2] ?? '00'}`) : null;
    if (bareTime) return { action: { kind: 'digest-time', time: bareTime }, explicit: true };
  }

  // A verb that holds messages and a day to hold them until is a snooze, whatever is named.
  const snoozeWord = /\bsnooze|snoozing\b/.test(t);
  if ((snoozeWord || SNOOZE_VERB.test(t)) && UNTIL.test(t) && period && !SETTINGS.test(t)) {
    const until = snoozeEnd(t, period, today);
    if (until) return { action: checkedSnooze(until, today), explicit: explicit || snoozeWord };
  }
  if (snoozeWord)
    return {
      action: {
        kind: 'invalid',
        message: 'Until when? For example "snooze reminders until Monday" or "snooze reminders for 3 days".',
      },
      explicit: true,
    };

  // "reminders on", "digests off": the switch alone.
  const bare =
    /^(?:my |the )?(digests?|reminders?|notifications?|alerts?)\s+(on|off)\b(?!\s+(?:for|until|till|from)\s+(?!now\b))/.exec(
      t.trim(),
    );
  if (bare) {
    const on = bare[2] === 'on';
    const kind = /^digest/.test(bare[1] ?? '')
      ? 'digests'
      : /^notification/.test(bare[1] ?? '')
        ? 'all'
        : 'reminders';
    return { action: { kind, on }, explicit: true };
  }

  if (subject) {
    const offWords = OFF.test(t);
    // Both readings ("turn off the reminders on Friday"): on only when it says back or again.
    const on =
      ON.test(t) &&
      !/\b(?:don't|do not|never)\b/.test(t) &&
      (!offWords || /\b(?:back|again|resume|restart)\b/.test(t));
    const off = !on && offWords;
    if (on || off) {
      // "I don't need the reminders … I keep track of everything in my diary": the thing named wins
      // over "everything" said in passing; "stop all notifications", "turn everything off" is all.
      const allSaid =
        /\bnotifications?\b|\ball (?:of )?(?:it|them|my messages|messages|alerts)\b|\beverything\b(?= (?:off|on|back|again))|\b(?:stop|pause|mute|resume|restart|start) (?:all|everything)\b/.test(
          t,
        );
      const only = digest !== reminder && !allSaid;
      const kind = only ? (digest ? 'digests' : 'reminders') : 'all';
      return { action: { kind, on }, explicit };
    }
  }

  if (
    SETTINGS.test(t) &&
    (subject ||
      /^(?:(?:show|see|view|check|what are|what's|whats)\s+)?(?:me\s+)?(?:my\s+)?(?:settings|preferences|prefs)\??$/.test(
        t,
      ) ||
      /\bmy (?:settings|preferences)\b/.test(t))
  )
    return { action: { kind: 'show' }, explicit: true };
  // "I'd like to change my notifications": show them, with how to change them.
  if (
    /\b(?:change|update|manage|edit|adjust|sort out)\b.*\b(?:notifications?|settings|preferences|alerts)\b/.test(
      t,
    )
  )
    return { action: { kind: 'show' }, explicit: true };
  if (
    /\b(?:what|which) (?:alerts|reminders|digests|notifications|messages)\b.*\b(?:on|got|have|set|getting)\b|\bwhat time(?:'s| is| are| will)? (?:my |the )?(?:digest|summary|reminders?)\b/.test(
      t,
    )
  )
    return { action: { kind: 'show' }, explicit: true };
  if (
    subject &&
    /\bhow (?:have i got|are|is|do i have)\b.*\b(?:set|setup|set up)\b|\bwhat (?:\w+ )?(?:do|will|am) i (?:get|getting|receive|receiving)\b|\bwhat (?:am i|are you) (?:getting|sending)\b/.test(
      t,
    )
  )
    return { action: { kind: 'show' }, explicit: true };
  return null;
}
