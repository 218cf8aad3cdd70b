import type { Command } from '../src/assistant/types.js';
import { card, heading, subtle, text } from '../src/cards/build.js';
import { lookupTerm, type GlossaryEntry } from '../src/domain/glossary.js';

/** "what does STL mean", "what's PSS", "ECSL stands for?": the term, in plain words. */
const QUESTION =
  /^(?:(?:sorry|quick question|hi|hey)\s+)?(?:what(?:'s|s| is| are| does| do)?|remind me what|can you tell me what|define|meaning of|explain)\s+(?:an?\s+|the\s+)?(.{2,40}?)\s*(?:\b(?:stand|stands) for|\bmeans?|\bis|\bare)?\s*\??$/;
const STANDS_FOR = /^(.{2,40}?)\s+(?:stands? for|means?)\s*\??$/;

export const glossary: Command<GlossaryEntry> = {
  name: 'glossary',
  title: 'What a term means',
  description: 'What STL, PSS, ECSL, MAPPA, RAR, IOM and the other terms mean, in plain words.',
  examples: ['what does STL mean', 'what is PSS'],
  roles: 'any',
  scopes: ['personal', 'team', 'groupChat'],
  match(u) {
    const m = u.text.match(QUESTION) ?? u.text.match(STANDS_FOR);
    const entry = m?.[1] ? lookupTerm(m[1].replace(/\s+(?:stand|stands|mean|means)$/, '')) : null;
    // The whole message is the question about the term: nothing else is being asked.
    return entry ? { score: 1, slots: entry } : null;
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
