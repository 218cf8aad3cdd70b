import type { Reply } from '../cards/types.js';

/**
 * Greetings, thanks, goodbyes and the like, in their everyday British forms. A person who says
 * "morning!" or "cheers" expects a word back, not a help card, so the router answers these before
 * any command when nothing else is asked ("hi, two-thirds this week" is a question, not small talk).
 */

export type SmallTalk =
  'greeting' | 'thanks' | 'bye' | 'how-are-you' | 'praise' | 'ok' | 'sorry' | 'who-are-you';

const KINDS: [SmallTalk, RegExp][] = [
  [
    'who-are-you',
    /\b(?:are you (?:a |an )?(?:real|human|person|bot|robot|ai|computer)|who are you|what are you|who am i (?:talking|speaking) to|is this a (?:bot|person|real person))\b/,
  ],
  [
    'how-are-you',
    /\b(?:how are (?:you|u|r u|things)|how r u|how r you|how's it going|how is it going|how do you do|you ok|you alright|u ok|how's your day)\b/,
  ],
  [
    'thanks',
    /\b(?:thanks?|thank you|thank u|thankyou|thx|ty|tysm|ta|cheers|much appreciated|appreciate it|appreciated|much obliged|obliged|nice one|lifesaver|life saver|ta very much|sorted)\b/,
  ],
  [
    'bye',
    /\b(?:bye|byee|goodbye|see (?:you|ya|u)|cya|laters|later|ttyl|good ?night|night|nite|night night|have a (?:good|nice|great|lovely) (?:one|day|evening|weekend|night|christmas)|(?:speak|talk|chat) (?:to you )?(?:tomorrow|tmrw|tmr|soon|later|monday|next week))\b/,
  ],
  [
    'praise',
    /\b(?:you(?:'re| are) (?:a |the |so )?(?:star|legend|genius|brilliant|great|amazing|ace|the best|helpful|lifesaver|life saver|gem|hero|diamond|treasure|godsend|saviour|superstar|wizard|marvel|whizz)|(?:great|good|nice|brilliant|ace|lovely|fab|fantastic|top) (?:job|work|stuff|bot|man|woman|one)|love (?:it|this|you)|well done|legend|star|gem|hero|diamond|godsend|superstar)\b/,
  ],
  [
    'greeting',
    /\b(?:hi|hiya|hello|hey|heya|hey there|yo|morning|mornin|afternoon|evening|(?:good|gd) (?:morning|afternoon|evening)|greetings|howdy|alright|(?:is )?any ?(?:one|body) (?:there|home|about))\b/,
  ],
  ['sorry', /\b(?:sorry|oops|whoops|my bad|apologies|ignore (?:me|that)|wrong chat)\b/],
  [
    'ok',
    /\b(?:ok|okay|k|kk|cool|great|grand|lovely|perfect|sound|fab|noted|got it|sure|fine|brill|brilliant|ace|nice|super|awesome|wonderful)\b/,
  ],
];

/** Words that may surround small talk without asking anything ("hi there bot", "thanks so much!"). */
const FILLER = new Set(
  `there all bot assistant team everyone guys folks mate so very much lot lots loads again x xx xxx please pls
   you u for that this the your help a and oh ah just really too ever as always kindly many me
   hope you're youre well hi million heaps massively man woman pal buddy hun love it's its all good day
   today doing how are been great fine am i we is was be anyone anybody someone that's thats
   helpful useful having lovely nice week weekend indeed lol haha honestly truly seriously absolutely exactly what needed wanted that's just spot on proper total totally such bless right v saved hour hours an time ages r or real person bot a an probation assistant now then for first time using new here trying out when it comes`.split(
    /\s+/,
  ),
);

/** The kind of small talk, when the message is nothing but small talk. */
export function smallTalk(text: string): SmallTalk | null {
  const t = text
    .toLowerCase()
    .replace(/[^a-z' ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (!t) return null;
  // Every kind's words go, not only one kind's: "thank you, have a good weekend" is thanks and bye.
  const rest = KINDS.reduce((left, [, r]) => left.replace(new RegExp(r.source, 'g'), ' '), t)
    .split(' ')
    .filter((w) => w && !FILLER.has(w) && !KINDS.some(([, r]) => r.test(w)));
  if (rest.length > 0) return null;
  return KINDS.find(([, re]) => re.test(t))?.[0] ?? null;
}

/** A short, friendly answer, with a nudge towards what can be asked. */
export function smallTalkReply(kind: SmallTalk, firstName: string, example: string | null): Reply {
  const nudge = example ? ` Ask me something like "${example}", or say "help" to see everything.` : '';
  const text: Record<SmallTalk, string> = {
    greeting: `Hi ${firstName}!${nudge || ' What can I look up for you?'}`,
    'how-are-you': `All good here, thanks ${firstName}. What can I look up for you?`,
    'who-are-you':
      'I\'m the Probation Assistant, a bot: I answer from the nDelius extracts and the rules, and I never guess. Say "help" to see what I can do.',
    thanks: 'You are welcome.',
    bye: 'Bye for now.',
    praise: 'Thank you, glad it helps.',
    ok: 'Okay.',
    sorry: 'No problem.',
  };
  return { text: text[kind], personalData: false };
}
