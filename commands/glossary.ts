import type { Command } from '../src/assistant/types.js';
import { card, heading, subtle, text } from '../src/cards/build.js';
import { lookupTerm, type GlossaryEntry } from '../src/domain/glossary.js';

/**
 * "what does STL mean", "what's PSS", "ECSL stands for?", "could you explain what a PCR is in the
 * DIP context?", "I keep seeing 'STL' in the reminders, what does it mean?": a question about what
 * a word means, anywhere in the message, and the term it is about.
 */
const DEFINING =
  /\bwhat (?:does|do|did) .{1,60}? (?:mean|stand for)\b|\bwhat(?:'s|s| is| are| was) (?:an? |the )?.{1,40}?(?:mean|stand for)?\b|\b(?:stands? for|means?|meaning)\s*\??\s*$|^\S+ (?:=|means?)\s*\??\s*$|\b(?:explain|explaining|define|definition of|meaning of|what is meant by|what (?:exactly |actually |precisely )?counts as|remind me what)\b|\bw(?:ots|ot's|ats)\b|\bmeans what\b|\bwhat .{1,40}? means\b/;
/** Quoted terms first ("'tranche'"), then any glossary term the message names. */
function termAsked(raw: string, text: string): GlossaryEntry | null {
  const quoted = raw.match(/['"‘“]([^'"’”]{2,40})['"’”]/)?.[1];
  const fromQuote = quoted ? lookupTerm(quoted) : null;
  if (fromQuote) return fromQuote;
  const words = text
    .replace(/[^a-z0-9+' ]/g, ' ')
    .split(/\s+/)
    .filter(Boolean);
  for (let n = 3; n >= 1; n--)
    for (let i = 0; i + n <= words.length; i++) {
      const entry = lookupTerm(words.slice(i, i + n).join(' '));
      if (entry) return entry;
    }
  return null;
}

export const glossary: Command<GlossaryEntry> = {
  name: 'glossary',
  title: 'What a term means',
  description: 'What STL, PSS, ECSL, MAPPA, RAR, IOM and the other terms mean, in plain words.',
  examples: ['what does STL mean', 'what is PSS'],
  roles: 'any',
  scopes: ['personal', 'team', 'groupChat'],
  match(u) {
    // "tranche?", "RoSH?": a term alone, asked, is a question about the word.
    const bareTerm = /^\s*[\w/+-]+(?: [\w/+-]+)?\s*\?\s*$/.test(u.raw);
    if ((!DEFINING.test(u.text) && !bareTerm) || u.crn || u.reference || u.referenceSuffix) return null;
    const entry = termAsked(u.raw, u.text);
    if (!entry) return null;
    // Only the term itself: "stone ecsl?" is about a person. Another command's own word ("ECSL?"
    // is the ECSL list) keeps its reading; this one is offered beside it.
    if (bareTerm && !DEFINING.test(u.text))
      return entry.names.includes(u.text.trim()) ? { score: 0.7, slots: entry } : null;
    // Asked outright ("what does STL mean") nothing else is being asked; inside a longer message
    // the term's own command may still be the better reading ("what's the STL for 0417").
    const defining =
      /\b(?:mean|means|stand for|stands for|explain|explaining|define|definition|meaning|meant|counts as|refers? to|referring to)\b/.test(
        u.text,
      );
    // "what are the tranche days", "what was in the Haringey IOM return": the term names the data
    // asked for, not a word to explain.
    const names = entry.names.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
    const dataAsked = new RegExp(
      `\\b(?:${names})s? (?:days?|dates?|list|for|of|returns?|reports?|status|due|cohort|figures)\\b`,
    ).test(u.text);
    // "what is a RAR day": with "a", the words asked about, whatever follows the term.
    const definitional = new RegExp(`\\bwhat(?:'s|s| is) an? (?:${names})\\b`).test(u.text);
    if (dataAsked && !defining && !definitional) return { score: 0.4, slots: entry };
    const outright = defining || u.words.length <= 5;
    // Otherwise the term must be what is asked about: "what's a tranche day and when is the next",
    // not "what's the maximum sentence for breach of a CBO" (a question of law, not of the word).
    const asksTheTerm = new RegExp(
      `\\bwhat(?:'s|s| is| are| was| were) (?:an? |the )?(?:term |word )?(?:${names})s?\\b|\\b(?:explain|define|remind me what)\\b`,
    ).test(u.text);
    if (!outright && !asksTheTerm) return null;
    return { score: outright || definitional ? 1 : 0.7, slots: entry };
  },
  async run(_ctx, entry) {
    const lines = [
      `${entry.term}: ${entry.meaning}`,
      ...(entry.ask ? [`You can ask me, for example: "${entry.ask}".`] : []),
    ];
    return {
      reply: {
        text: lines.join('\n'),
        card: card([
          heading(entry.term),
          text(entry.meaning),
          ...(entry.ask ? [subtle(`For example: “${entry.ask}”`)] : []),
        ]),
        personalData: false,
      },
      audit: { scope: 'glossary', count: 1 },
    };
  },
};
