import { firstReference } from './dip-outcome-words.js';
import type { IsoDate } from '../domain/dates.js';
import { MAX_MESSAGE_LENGTH, normalise } from './normalise.js';
import { MONTHS, parsePeriod, type Period } from './periods.js';

/** Slots pulled from a message before any command looks at it. Pure: today is a parameter. */
export type ScopeWord = 'mine' | 'team' | 'pdu';

export interface Utterance {
  raw: string;
  /** Lower-cased, punctuation folded, "2/3rds" and friends folded to "twothirds". */
  text: string;
  words: string[];
  today: IsoDate;
  period: Period | null;
  /** The words the period was read from ("next", "fortnight", "14th"): never part of a name. */
  periodWords: string[];
  /** "next 14 days", "fortnight": a count of days ahead, when given. */
  days: number | null;
  crn: string | null;
  reference: string | null;
  /** The end of a DIP reference given on its own ("0417"): which breach is for the command to find. */
  referenceSuffix: string | null;
  scope: ScopeWord | null;
  /** A team code named in the message (e.g. N07T01). */
  teamCode: string | null;
  /** Submitted card data (Action.Submit), when the message came from a button. */
  value: Record<string, unknown> | null;
  /**
   * The message talks about office life ("the ECSL training is next week", "my two-thirds review
   * with my manager"): case words in it are less likely to be a question, so list commands ask.
   */
  chatter: boolean;
  /** Said to colleagues ("can everyone please…", "Lee, did you…"): readings are offered, not run. */
  toOthers: boolean;
  /** A plan, a maybe, or someone else's doing: nothing is recorded from it (`Command.records`). */
  planned: boolean;
}

/**
 * "run the ecsl-alerts job", "trigger dip stl reminders": talk about scheduled jobs, which name
 * case words (ECSL, DIP, IOM return) without asking about cases. Not "stls run out".
 */
export function aboutJobs(text: string): boolean {
  // "run through which of my people…", "run me a list": going through cases, not running a job.
  return /\b(?:run|rerun|re-run|trigger)\b(?! out| through| me| by| over)|\bjobs?\b/.test(text);
}

const FOLLOW_UP_VERB =
  /\bfollowup(?= (?:with|on|about|regarding|re|to|it|him|her|them)\b)|(?<=\b(?:i'll|ill|i will|we'll|will|to|can you|could you|please|let me|shall i|i'd) )followup\b/g;
/** "follow up with housing tomorrow", "follow that up": the verb and its object, whatever the date. */
const FOLLOW_UP_OBJECT = /\bfollowup(?= (?:with|about|regarding|re|it|him|her|them)\b)/g;
/** "I'll follow up…", "let me follow up…": a person saying what they will do, whatever else is said. */
const FOLLOW_UP_PROMISE =
  /(?<=\b(?:i'll|ill|i will|we'll|we will|let me|shall i|i'd|i'm going to|im going to|i am going to|going to|gonna|i need to|i must|i should|i can|i'll have to|i have to|need to|meant to) )followup\b/g;
/** A person promising to follow something up with someone: the verb even among case words. */
const FOLLOW_UP_PROMISE_WITH =
  /(?<=\b(?:i'll|ill|i will|we'll|we will|let me|shall i|i'd|i'm going to|im going to|i am going to|gonna) )followup(?= (?:with|on|about|re|regarding)\b)/g;
/**
 * "I'll follow up with Pat about her two-thirds cases tomorrow", "FYI the DIP team…": telling
 * someone something, not asking; case words in it make list commands ask rather than answer.
 * (Not "I need…", "I'd like…", "I'm after…": those are requests.)
 */
const STATEMENT =
  /^(?:(?:does |has |can |would )?(?:anyone|anybody|someone|somebody) (?:know|knows|got|have|has|seen|remember)|i'll|ill|i will|i shall|i'm going|im going|i am going|i've|ive|i have (?:just|already)|we'll|we will|we're|we've|fyi|just to let you know|just so you know|heads up|note to self|i'm off|im off|i'm out|i'm on|i was|we were|i just|i did|i spoke|spoke to|just off|just back|just had|had (?:a |my |the |\w+'s )|court was|been (?:at|in|on) )\b/;
/**
 * Said to colleagues, not to the bot ("can everyone please…", "well done all on…", "Lee, did you
 * get my email…"), or a question of law ("excluded from ECSL by law?", "under the Magistrates'
 * Courts Act…"), which the lists cannot answer. Every reading is only offered, never answered.
 */
const TOLD_TO_OTHERS =
  /^(?:hi|hiya|hello|morning|afternoon|hey|evening) (?:team|all|everyone|folks|guys|both)\b(?!.*\bbot\b)|^(?:team|all|everyone|folks)\b(?:,| -|:)? (?:please|pls|can|could|reminder|just)\b|\b(?:can|could) (?:all )?(?:spos|managers|team leaders|staff|colleagues|pos|practitioners) (?:please )?\w+|\b(?:can|could|should|must) we (?:still |legally )?\w+\b.*\bif\b|settl(?:e|ing) an argument|\b(?:government|govt|ministers?)\b|^(?:does|do|would|will|can) (?:a|an|the) [\w ]{1,30} (?:extend|affect|change|count|apply|stop|pause)\b|^(?:email|e-mail|ring|phone|call|text|write to|contact) (?:the|a|an|my|his|her|their|(?:[a-z]+ ){0,2}[a-z]+'s)\b|^[a-z]+, [a-z]+ (?:-|–|,) |don't rely on|^(?:team|all|everyone|folks|guys)\s*[,:–-]\s|^(?:thanks|cheers|ta|thank you) (?!(?:there|bot|assistant|all|so|very|for|a|mate|again|loads|lots|much)\b)[a-z]+,|\b(?:team reminder|note to self|pls everyone|please everyone|thanks all(?! the same)|cheers all|(?:does|do) (?:anyone|anybody) know|(?:don't|do not|dont) (?:put|record|log|mark|add|enter|change) anything)\b|\b(?:can|could|would|will) you (?:please |pls )?(?:ring|phone|call|email|e-mail|text|chase|speak to|go and)\b|\bcan we (?:still|legally|actually|lawfully)\b|^(?:heads up|fyi all|fyi everyone|psa)\b|\b(?:thanks|thank you|cheers) (?:everyone|everybody|team|folks)\b|\b(?:feedback|comments|thoughts|responses?) to me by\b|\bwhat(?:'s| is|s) the difference between\b|\b(?:are|is) (?:we|they|boroughs?|leads?|practitioners?|spos?|pos) (?:meant|supposed|allowed|required|expected) to\b|\bclarify the (?:guidance|policy|rules?|process)\b|\bunder (?:the |our )?(?:[a-z]+ ){0,2}(?:policy|guidance|rules)\b|^if (?:someone|somebody|a person|anyone|a pop|an offender|they|he|she)(?:'s| is| gets| has| was)\b|\bfor (?:someone|somebody|a person|anyone) (?:with|who)\b|\bwhether (?:the |a )?[a-z]+ can\b|\b(?:does|do|will|would) (?:a|an|the) [\w ]{1,30} (?:stop|pause|reset|restart|extend) the (?:clock|limit|time limit)\b|^(?:remind|tell|ask|get) (?!me\b|us\b)[a-z]+ to\b|^whoever\b|\b(?:please |pls )?make sure (?:your|you|everyone|all)\b|\bheard (?:rumou?rs?|a rumou?r)\b|\blegal(?:ly)? basis\b|\bif (?:anyone|anybody|you) (?:needs?|wants?) (?:it|them|one|a copy)\b|\bon my desk\b|\bis (?:that|this|it) (?:actually |really |still |now )?(?:policy|the policy|a rule|the rule|the law|mandatory|national guidance)\b|\bplease (?:all|everyone|everybody) (?:attend|come|join|note|read|make sure|remember)\b|\ball (?:please )?attend\b|^(?:forwarding|fwding|fwd|passing (?:this |it )?(?:on|over))(?: to)? [a-z]+\b|\basking for (?:a |an |the )?(?:psr|report|court report|pre-sentence report|colleague|friend)\b|\bgenuine (?:q|qn|question)\b|\b(?:policy|rules?|law|legislation|guidance|process) (?:is |are )?(?:changing|going to change|due to change)\b|\b(?:rules?|law|legislation|guidance|policy) (?:changed|has changed|have changed|is changing|are changing|changes? (?:recently|a while|last))\b|\b(?:by law|in law|legally|policy[- ]wise|(?:a |as a )?policy question|(?:does|do|will|has|did) the (?:new )?(?:legislation|law|rules?|guidance|policy|act)\b|\b(?:legislation|statute|guidance|policy) (?:change|changes|say|says|apply|applies)|is (?:it|the [\w-]+(?: [\w-]+)?) (?:mandatory|compulsory|a requirement|required)|asking (?:for |about )?(?:the )?policy|in policy terms|is it (?:legal|lawful)|the law (?:says|on)|statutory basis|(?:by|in|under) the legislation|under (?:the )?[a-z' ]{0,30}\bact\b|under s\.? ?\d+|section \d+ of|reminder (?:all|everyone|team)|did anyone else|anyone else (?:find|think|get|notice)|(?:was|is) it just me|were just saying|really (?:annoyed|frustrated|fed up)|so (?:annoyed|frustrated|fed up)|(?:can|could) (?:everyone|everybody|you all|all of you|we all)|(?:everyone|everybody),? (?:please|pls|needs? to|must|should)|reminder to (?:all|everyone)|well done|congrats|congratulations|great work)\b|^(?!(?:hi|hiya|hey|hello|morning|afternoon|evening|thanks|sorry|ok|okay|right|so|also|quick|bot|please|pls|yes|no)\b)[a-z]+(?:,| -) (?:please |pls )?(?:did|have|can|could|are|were|will|would|do) you\b|^(?:hi|hiya|hey|hello|morning|thanks|cheers) (?!(?:there|bot|all)\b)[a-z]+, (?:please |pls )?(?:did|have|can|could|are|were|will|would|do) you\b|^(?:does |has |can |would |is )?(?:anyone|anybody|someone|somebody) (?:know|knows|got|have|has|seen|remember|else)\b/;
/** Words that open a sentence before a comma without naming anyone ("Sorry, could you…"). */
const OPENERS = new Set(
  `hi hiya hey hello morning afternoon evening thanks thank cheers ta sorry apologies ok okay right so also
   quick actually please pls yes yeah yep no nope great perfect brilliant lovely fab fine cool sure well oh ah
   hmm um erm and but then now just bot assistant mate guys team all everyone folks again fyi btw anyway
   question query urgent help today tonight tomorrow yesterday update reminder note correction monday tuesday
   wednesday thursday friday saturday sunday sadly unfortunately honestly basically firstly finally lastly
   otherwise meanwhile separately agreed noted understood done sorted good nice wow dear boss barking barnet bexley brent bromley
   camden croydon ealing enfield greenwich hackney hammersmith haringey harrow havering hillingdon hounslow
   islington kensington kingston lambeth lewisham merton newham redbridge richmond southwark sutton tower
   waltham wandsworth westminster london`
    .split(/\s+/)
    .concat(MONTHS),
);
/**
 * Said to a colleague by name ("Pat would you mind booking…", "… - Sam, did you manage to…",
 * "Hi Dee, when you get a chance could you…", "Lee, Enfield still haven't…, could you…", "Dana,
 * I'll ping you"): a capitalised name where a sentence starts, then "you". On the typed text.
 */
const ADDRESSED =
  /(?:^|[.!?]\s+|\s[-–]\s+)(?:(?:[Hh]i|[Hh]iya|[Hh]ey|[Hh]ello|[Mm]orning|[Aa]fternoon|[Tt]hanks|[Cc]heers) )?([A-Z][a-z]+)(?:,\s(?=[^.?!]*\byou\b)|\s(?:would|could|can|will|did|have|are|do) you\b)/g;
function addressedToColleague(raw: string): boolean {
  for (const m of raw.matchAll(ADDRESSED)) if (!OPENERS.has(m[1]!.toLowerCase())) return true;
  return false;
}
/**
 * Things the bot cannot do, asked of it: change a record in another system ("update robin marsh
 * end date in delius"), or pass something on to someone ("forward the ecsl list to the governor").
 * Their case words are offered at most, never answered as if they were the question.
 */
const ELSEWHERE =
  /\b(?:delete|remove|erase|wipe|clear)\b[^.?!]{0,40}\b(?:audit|entries|entry|records?|logs?|history)\b|\b(?:update|change|amend|edit|correct|fix|enter|add|delete|remove|put)\b[^.?!]{0,60}\b(?:in|on|onto|into) (?:(?:n ?)?delius|oasys|nomis|pnc)\b|(?:^|\b(?:please|pls|can you|could you|would you|will you|just) )(?:forward|email|e-mail|share)\b(?: [\w']+){0,6} (?:to|with) (?!me\b|us\b|myself\b)(?:the |a |an |my |his |her |their )?[a-z]+|\bsend\b(?: [\w']+){0,6} to (?:the )?(?:governor|prison|police|court|omu|cps|solicitor|housing|gp)\b/;
/** Banter words: a message to colleagues, unless it also plainly asks the bot for something. */
const BANTER =
  /\b(?:haha|lol|tbf|tbh|ugh|argh|ffs|you lot|chaos again|total chaos|utter chaos|absolute chaos|carnage|madness|bedlam|so slow|losing (?:loads|so many)|thank (?:god|goodness|heavens)|phew|(?:a )?bit (?:worrying|concerning|odd|weird|strange|of a worry)|worrying|deserves? a medal|do you reckon|fingers crossed|touch wood|wish me luck|killing me|doing my head in|snowed under|swamped|need a (?:brew|coffee|cuppa|drink|holiday|lie down)|chuffed|knackered|shattered|nightmare|(?:is|are|was|were|looking|looks|look) (?:mental|manic|mad|crazy|insane|a joke|grim|horrendous|awful|terrible|huge|massive|ridiculous|through the roof))\b/;
const DIRECT_REQUEST =
  /\b(?:can|could|would|will) you\b|\bplease\b|\bpls\b|(?:^|, )(?:what's|whats|what|who's|whos|who|which|any|when's|whens)\b|(?:^|, )(?:make|stop|show|give|set|turn|move|send|change|switch|list|tell|mute|pause|snooze|record|mark|log)\b/;

/** "I'll record 0004 as NFA tomorrow", "might turn my reminders off", "dana says she's put it down". */
const PLANNED =
  /\b(?:i'll|ill|i will|we'll|we will|will|she'll|he'll|they'll|i'm going to|im going to|i am going to|going to|gonna|might|planning to|plan to|still (?:need|have) to)\s+(?:\w+\s+){0,2}?(?:record|put|mark|log|do|send|book|turn|switch|stop|change|update|submit|enter|add|sort|reduce|pause|mute|correct|fix|amend|chase|feed|share|check|run|rerun|pull|look|trigger|audit)\b|\b(?:she|he|they)(?:'s| has| have| had) already\b|\bno action (?:needed|required)\b|\b[a-z]+ (?:changed|moved|updated|set) it\b|\b(?:says|said) (?:she|he|they)\b|\bpracti[sc]e\b|\bwill do (?:it|that)\b|\bno (?:action )?need(?:ed)? (?:for|from) (?:us|you|anyone|everyone)\b/;
/** "…will you", "can you…", "please…": asked to do it now, whatever else is said. */
const ASKED_TO_DO = /\b(?:will you|would you|can you|could you|please|pls|can i)\b/;

/** A plain request: what makes office words around it context, not talk. */
const REQUEST =
  /\b(?:could you|would you|can you|can i|could i|please|i'd like|i would like|i'd be grateful|be grateful|show me|give me|let me know|tell me|pull together|i need|need to see|need to know|is there a way|would it be possible|is it possible|possible to (?:get|have|see)|a view of)\b/;
/** A question put to the bot in its own sentence ("…did anyone on my list hit two-thirds last week?"). */
const QUESTION_SENTENCE =
  /(?:^|[.!?]\s+|\bbut |\bso |\banyway )(?:did|does|has|have|who|who's|which|what|when|is|are|any|anyone|anybody|would|could|can)\b[^.?!]*\?/i;
/** Office life: words that, beside a case word, suggest chat rather than a question about cases. */
const OFFICE_WORDS = new Set(
  `meeting meetings training course courses lunch coffee tea canteen printer laptop computer password email inbox
   leave holiday holidays annual sick pay payday salary pension expenses birthday party football weather rain
   review reviews manager supervision appraisal rota shift shifts duty restructure dashboard system wifi
   sharepoint document documents doc docs template templates folder
   folders file files link links contract contracts minutes agenda`.split(/\s+/),
);
const CASE_CONTEXT = /\b(?:finalthird|due|appointments?|list|cases?|caseload|team|pdu|midway)\b/;

/** "two thirds of the team are off sick", "2/3 of 90": a fraction, not the two-thirds point. */
const FRACTION =
  /\btwothirds of (?=(?:a|an|the|my|our|your|his|her|their|all|them|those|these|it|this|that|what|us|you|\d+)\b)/g;

export function understand(
  raw: string,
  today: IsoDate,
  value: Record<string, unknown> | null = null,
): Utterance {
  let text = normalise(raw.slice(0, MAX_MESSAGE_LENGTH))
    .replace(FRACTION, 'two thirds of ')
    // "I meant follow-ups not two-thirds": the list turned down is not asked for.
    .replace(
      /\b(?:not|rather than|instead of) (?:the )?(?:twothirds|followups?|releases?|ecsl)(?= |$)(?! (?:yet|due|date|point)\b)/g,
      ' ',
    );
  const { period, days, words: periodWords } = parsePeriod(text, today);
  // "follow up with IT", "I'll follow up on that": the verb, unless the message is about cases.
  text = text.replace(FOLLOW_UP_PROMISE_WITH, 'follow up');
  if (!CASE_CONTEXT.test(text))
    text = text.replace(FOLLOW_UP_PROMISE, 'follow up').replace(FOLLOW_UP_OBJECT, 'follow up');
  if (!period && !CASE_CONTEXT.test(text)) text = text.replace(FOLLOW_UP_VERB, 'follow up');
  const typed = raw.toLowerCase();
  const crn = raw.match(/\b([A-Za-z]\d{6})\b/)?.[1]?.toUpperCase() ?? null;
  // DIP-23-0417, DIP 23 0417, DIP230417, DIP-0001, DIP 0001; not "dip 14 days".
  const reference = firstReference(raw);

  // Staff write a breach by its number alone ("0417", "26-0304") when the message is plainly about
  // DIP: the year and number make the reference; a bare number is matched against references' ends.
  const dipContext =
    /\b(?:dip|stls?|breach(?:es)?|charge|charged|pcr|nfa|ra1|ra4|statutory|run(?:s|ning)? out|time(?:s|d)? out|expir\w*|last day|arrested|circulated|fta)\b/.test(
      text,
    ) || /^\s*#?\d{3,6}\s*\??\s*$/.test(raw);
  // Not part of a date ("01/06/2025" holds "06/2025").
  const yearAndNumber =
    dipContext && !reference ? raw.match(/(?<![\d/.-])(\d{2})[-/\s](\d{4})(?![\d/.-])/) : null;
  const fullReference = reference ?? (yearAndNumber ? `DIP-${yearAndNumber[1]}-${yearAndNumber[2]}` : null);
  const bareNumber =
    dipContext && !fullReference ? raw.match(/(?:^|[\s#(])(\d{3,6})(?=$|[\s?.,!)])/)?.[1] : null;
  const referenceSuffix = bareNumber && !periodWords.includes(bareNumber) ? bareNumber : null;
  // "team N07T02", or the code on its own ("2/3 N07T01 next week").
  const teamCode = raw.match(/\b(?:team\s+)?([A-Z]\d{2}[A-Z]\d{2})\b/i)?.[1]?.toUpperCase() ?? null;
  // "just mine, not the whole team": what is excluded is not the scope asked for.
  const scoped = text.replace(
    /\b(?:not|rather than|instead of|excluding|except|without)\s+(?:for\s+)?(?:the|my|our|whole|entire|rest of the|\s)*(?:team|pdu)'?s?\b/g,
    ' ',
  );
  let scope: ScopeWord | null = null;
  if (/\bmy own\b|\bjust (?:mine|me|my)\b|\bmine only\b|\bonly mine\b|\bmy (?:own )?caseload\b/.test(scoped))
    scope = 'mine';
  else if (/\b(?:my|our|the)\s+team'?s?\b|\bteam\b/.test(scoped) || teamCode) scope = 'team';
  else if (
    /\b(?:pdu|whole pdu|all teams|both teams|all the teams|every team|across (?:the |all )?teams)\b/.test(
      scoped,
    )
  )
    scope = 'pdu';
  else if (/\b(?:my|mine|me|i)\b/.test(scoped)) scope = 'mine';
  return {
    raw,
    text,
    words: text.split(' ').filter(Boolean),
    today,
    period,
    periodWords,
    days,
    crn,
    reference: fullReference,
    referenceSuffix,
    scope,
    teamCode,
    value,
    // Office words beside case words suggest talk, unless the message plainly asks for something
    // ("for the meeting on Thursday, could you list…").
    chatter:
      (text.split(' ').some((w) => OFFICE_WORDS.has(w)) &&
        !REQUEST.test(text) &&
        !QUESTION_SENTENCE.test(raw)) ||
      STATEMENT.test(text),
    // On the typed text too: the commas of "Hi Dee, can you…" are gone once normalised.
    toOthers:
      addressedToColleague(raw) ||
      ELSEWHERE.test(typed) ||
      TOLD_TO_OTHERS.test(text) ||
      TOLD_TO_OTHERS.test(typed.replace(/\s+/g, ' ').trim()) ||
      ((BANTER.test(text) || /[\u{1F602}\u{1F923}\u{1F644}]/u.test(raw)) &&
        !DIRECT_REQUEST.test(typed) &&
        !raw.includes('?') &&
        !/^(?:is|are|how|was|were|could|can|would)\b/.test(text)),
    // "who do I still need to chase": a question about the plan is still a question.
    planned:
      PLANNED.test(text) && !ASKED_TO_DO.test(text) && !/^(?:who|which|what|when|how|any)\b/.test(text),
  };
}

/** Slots shared by the list questions: a period and whose cases. */
export interface ListSlots {
  period: Period | null;
  scope: ScopeWord | null;
  teamCode: string | null;
}

export function listSlots(u: Utterance): ListSlots {
  return { period: u.period, scope: u.scope, teamCode: u.teamCode };
}
