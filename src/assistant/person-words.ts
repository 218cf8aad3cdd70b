import { correctTypo, MAX_MESSAGE_LENGTH, SHORTHAND, TYPO_KEYWORD_SET } from './normalise.js';
import { monthIndex } from './periods.js';
import type { Utterance } from './understand.js';

/**
 * Words that are never the person asked about: question and command words, period and scope
 * words, everyday verbs, and the office vocabulary of chat that is not a case question ("meeting",
 * "printer"). Surnames that are also English words (Stone, Reed, Fox, Pike, Brook…) are deliberately
 * absent. Month names are only dropped when the message names a period (June and May are also
 * first names).
 */
const NEVER_NAMES = new Set(
  `a an and are any as at be by can case cases check crn date dates details do does due ecsl eligibility eligible
   for from get give has have how i in is it me my of on or please release show tell the their this to what when
   who whose will with x y key licence license order orders pss about status list lists
   two thirds third twothirds finalthird final last followup followups follow up ups point points reach reaches reaching
   reached hit hits hitting which whom whats what's where why was were coming upcoming next week weeks wk month months today
   tomorrow yesterday fortnight day days year years our team teams team's pdu mine us we all everyone everybody anyone
   people someone caseload caseloads stl stls dip expiring expire expires expired expiry running run out time limit
   limits statutory charge charging breach breaches early end ends ending finish finishes finishing start starts
   starting custody supervised candidates candidate window windows open opens opening soon now thanks thank you hi
   hello hey could would should your look lookup need needs want know see start starts important sentence sentences
   whole period rule rules reset probation appointment appointments contact summary overview info information remind
   reminder mr mrs ms miss mx dr his her them they monday tuesday wednesday thursday friday saturday sunday mon tue
   wed thu fri sat sun current currently person name named called reference ref pls plz please
   qualify qualifies qualifying go goes going get gets got out back list screening screen referral referrals refer
   eligable eligability checklist verdict between within before after until till by around over under than then
   there here that these those it's its is isn't are aren't am be been being do did done doing does doesn't don't
   can't cannot won't will shall may might must also just only still yet again very really quite much many more most
   some no not yes ok okay right left new old another each every both either neither such own same so too
   lot lots bit any anything nothing something everything due dates list one all
   asked asking ask asks audit audits log logs trail usage used use using report reports cohort return returns
   returned iom brag csv data figures stats numbers counts count delivery deliveries job jobs digest digests
   settings preferences notification notifications snooze quiet hours alerts alert
   meeting meetings printer laptop computer password email emails inbox call calls phone lunch coffee tea canteen
   room rooms desk office building parking car train bus leave holiday holidays annual sick off ill school pay payday
   salary expenses claim weather rain football match party birthday happy minutes policy training course rota
   shift shifts weekend weekends christmas easter bank it's file files form forms bug issue issues problem problems
   working work works broken help test testing sorry wrong chat ignore thing things round roundup rundown update
   updates review reviews manager supervision appraisal duty restructure dashboard system wifi
   am pm morning afternoon evening night later request requests i'll ill i'm im i've i'd you'll we'll let's
   that's who's whos it's what's whats there's can't fu fus f/u f/up appt appts
   good dear grateful appreciate appreciated appreciative specifically governance information review
   own indeed colleague colleague's colleagues finding way bother bothering new guidance meant mean means
   prisoner prisoners client clients offender offenders nominal nominals service user users pop pops lot lots folk
   guys lads ones one's anybody somebody whoever whether qualify qualifies eligible early release released go out
   coming due soon asap urgently quickly book booking booked needs need needed sort sorting arrange arranging
   smt slt omu dtr oasys ndelius cps psr pnc mdt marac tranche tranches progression she he past fyi dropped drop stepped moved first slot slots fortnightly weekly monthly reporting inside everyone's ack acked acknowledge acknowledged actioned action logged log
   pain through prison prisons jail ahead omu governor governors rang ring phoned called earlier aren't weren't ok
   christmas xmas eve boxing new year year's serving terrorism terrorist excluded exclude exclusion verdicts verdict
   whens when's reduced reduce reduction fairly getting understand understood stage stages head round system wonder things thing used still track lost
   apply applies applying act acts court courts magistrates magistrates' crown section law laws legislation statute guidance basis
   falling fall falls sorted arranged completed complete attended held happened took place carried ish outstanding haha lol
   if went transferred transfered transfer transferring relocated recalled exempt`.split(/\s+/),
);

interface Token {
  word: string;
  /** Position among the message's words, to tell "Jordan Pike" (adjacent) from scattered words. */
  index: number;
  /** Written with a possessive ("Pike's"). */
  possessive: boolean;
  /** The word before, lower-cased ("for" in "dates for Jordan Pike"). */
  prev: string;
  /** Which sentence of the message the word is in (a question, then an aside). */
  sentence: number;
}

/** A person is named near the start of a question; the rest of a long message is free text. */
const NAME_WORD_LIMIT = 80;

function tokens(raw: string): Token[] {
  const out: Token[] = [];
  let prev = '';
  let index = 0;
  let sentence = 0;
  for (const typed of raw
    .slice(0, MAX_MESSAGE_LENGTH)
    .replace(/<at>.*?<\/at>/g, ' ')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/\b(might|could|would|should|must) of\b/gi, '$1 have')
    // "transferred to Kent", "moved to Leeds": where they went, not who.
    .replace(
      /\b(transferr?(?:ed|ing)?|moved|moving|relocated|relocating) (?:over |out )?to (?:the )?[a-z]+\b/gi,
      '$1',
    )
    .replace(/[?!]+|\.(?=\s|$)/g, (m) => `${m} `)
    .split(/\s+/)) {
    // A sentence, or a clause after a comma or a dash ("alex pike dates pls, seeing him tomorrow").
    const ends = /[?!.,]$/.test(typed) || typed === '-' || typed === '–';
    const w = typed.replace(/[!?.,;:()"[\]{}]+/g, ' ').trim();
    if (w && index < NAME_WORD_LIMIT) {
      for (const part of w.split(/\s+/)) {
        const possessive = /'s$/i.test(part) || /s'$/i.test(part);
        const word = part.replace(/'s$/i, '').replace(/'$/, '');
        out.push({ word, index, possessive, prev, sentence });
        prev = part.toLowerCase();
        index += 1;
      }
    }
    if (ends) sentence += 1;
  }
  // "quinn's team", "Pat's caseload": a member of staff's, not a person on probation; "Sam's off",
  // "Dana's away": a colleague who is out.
  return out.filter(
    (t, i) =>
      !(
        t.possessive &&
        /^(?:team|teams|caseload|cases|lot|people|off|away|out|covering|sick|leave|on)$/i.test(
          out[i + 1]?.word ?? '',
        )
      ),
  );
}

function isNameWord(word: string, drop: Set<string>, dropMonths: boolean): boolean {
  const lower = word.toLowerCase();
  if (!/[a-z]/i.test(word) || /\d|\/|@/.test(word)) return false; // dates, CRNs, 2/3rds, references, emails
  if (drop.has(lower) || drop.has(lower.replace(/-/g, ''))) return false;
  // "follow-ups", "two-thirds", "final-third": every part a command word.
  if (
    lower.includes('-') &&
    lower.split('-').every((p) => !p || drop.has(p) || drop.has(`${p.replace(/s$/, '')}`))
  )
    return false;
  // A slip of a keyword ("elligible", "eligability") or shorthand ("nxt") is not a name either.
  const fixed = SHORTHAND[lower] ?? correctTypo(lower);
  if (fixed !== lower && (drop.has(fixed) || TYPO_KEYWORD_SET.has(fixed))) return false;
  if (dropMonths && (monthIndex(lower) >= 0 || lower === 'sept')) return false;
  return true;
}

function nameTokens(u: Utterance, commandWords: string[]): Token[] {
  const drop = new Set([...NEVER_NAMES, ...u.periodWords, ...commandWords.map((w) => w.toLowerCase())]);
  return tokens(u.raw).filter((t) => isNameWord(t.word, drop, u.period !== null));
}

/** What is left of a message once command words are removed: the person asked about, if any. */
export function personQuery(u: Utterance, commandWords: string[]): string | null {
  const q = nameTokens(u, commandWords)
    .map((t) => t.word)
    .join(' ')
    .trim();
  return q.length >= 2 ? q : null;
}

const CAPITALISED = /^(?:[A-Z][a-z]+|O'[A-Z][a-z]+|Mc[A-Z][a-z]+|[A-Z][a-z]+-[A-Z][a-z]+)$/;

/**
 * The person a message is about, and whether it clearly points at one: a CRN, a possessive
 * ("Jordan Pike's two-thirds"), "for/of/about <name>", or a capitalised full name ("Kim Vale").
 * Without such a cue the leftover words may be a name or may be a phrasing the matcher does not
 * know, so commands score it lower. `words` counts the leftover words (a name is one to three).
 */
export function personMention(
  u: Utterance,
  commandWords: string[],
): { query: string; cue: boolean; words: number } | null {
  if (u.crn) return { query: u.crn, cue: true, words: 1 };
  const named = nameTokens(u, commandWords);
  const query = personQuery(u, commandWords);
  if (!query) return null;
  // "casey stone's dates pls - no wait, I meant drew lane": the name said instead is the one.
  const meant = adjacentFrom(
    named,
    named.findIndex((t) => t.prev === 'meant' || t.prev === 'mean'),
  );
  if (meant.length >= 2) return { query: meant.map((t) => t.word).join(' '), cue: true, words: meant.length };
  // A capitalised full name ("can we put Taylor Brook forward") is the person, whatever surrounds it.
  const run = capitalisedRun(named);
  if (run.length >= 2) return { query: run.map((t) => t.word).join(' '), cue: true, words: run.length };
  // "what are kim vale's dates? covering for sam": a full name written with a possessive; of
  // several ("spoke to jordan pike's mum… could you show me kim vail's dates"), the one asked after.
  const owner = possessiveName(named, lastRequestIndex(u.raw));
  if (owner.length >= 2) return { query: owner.map((t) => t.word).join(' '), cue: true, words: owner.length };
  // "key dates for jo pike, her PO is off sick": the words after "for" name the person.
  const after = forName(named);
  if (after.length >= 2 && after.length < named.length)
    return { query: after.map((t) => t.word).join(' '), cue: true, words: after.length };
  // "when does drew lane finish? apparently he's moving onto my patch": the question's own
  // sentence names the person; what follows it is an aside.
  const first = named[0]?.sentence;
  const inFirst = named.filter((t) => t.sentence === first);
  if (inFirst.length >= 2 && inFirst.length <= 3 && inFirst.length < named.length) {
    const cue = inFirst.some((t) => t.possessive || ['for', 'of', 'about', 'on'].includes(t.prev));
    return { query: inFirst.map((t) => t.word).join(' '), cue, words: inFirst.length };
  }
  // A possessive or "for …" points at a person only when what is left could be a name (a word or
  // three): "a colleague's duty on Friday and …" is not one.
  const cue =
    named.length <= 3 && named.some((t) => t.possessive || ['for', 'of', 'about', 'on'].includes(t.prev));
  return { query, cue, words: named.length };
}

/** The two or three adjacent name words right after "for", "of" or "about". */
function forName(named: Token[]): Token[] {
  return adjacentFrom(
    named,
    named.findIndex((t) => ['for', 'of', 'about'].includes(t.prev)),
  );
}

/** Two or three adjacent name words from position i, in one sentence. */
function adjacentFrom(named: Token[], i: number): Token[] {
  if (i < 0) return [];
  const run = [named[i]!];
  for (let j = i + 1; j < named.length && run.length < 3; j += 1) {
    const t = named[j]!;
    if (t.index !== run[run.length - 1]!.index + 1 || t.sentence !== run[0]!.sentence) break;
    run.push(t);
  }
  return run;
}

/** Where the last request in the message starts ("could you", "show me", "pls"), as a word index. */
function lastRequestIndex(raw: string): number {
  const request = tokens(raw).filter((t) =>
    /^(?:could|can|would|show|pls|please|tell|give|whats|what's)$/i.test(t.word),
  );
  return request.at(-1)?.index ?? -1;
}

/**
 * A possessive word and the one or two name words just before it ("kim vale's"): the first, or
 * the first after the last request when there is one there.
 */
function possessiveName(named: Token[], requestAt = -1): Token[] {
  const owners = named.map((t, i) => (t.possessive ? i : -1)).filter((i) => i >= 0);
  const i =
    owners.find((k) => named[k]!.index > requestAt && requestAt >= 0 && owners.length > 1) ?? owners[0] ?? -1;
  if (i < 0) return [];
  const run = [named[i]!];
  for (let j = i - 1; j >= 0 && run.length < 3; j -= 1) {
    const t = named[j]!;
    if (t.index + 1 !== run[0]!.index) break;
    run.unshift(t);
  }
  return run;
}

/** The longest run of adjacent capitalised name words (two or three: a full name). */
function capitalisedRun(named: Token[]): Token[] {
  let best: Token[] = [];
  let current: Token[] = [];
  for (const t of named) {
    const last = current[current.length - 1];
    if (CAPITALISED.test(t.word) && (!last || last.index + 1 === t.index)) current.push(t);
    else current = CAPITALISED.test(t.word) ? [t] : [];
    if (current.length > best.length && current.length <= 3) best = [...current];
  }
  return best;
}
