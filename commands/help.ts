import { helpReply } from '../src/assistant/help.js';
import type { Command } from '../src/assistant/types.js';

const GREETING =
  /^(?:(?:help|hlep|halp|start|menu|commands|options|instructions|examples|usage|\?+)(?: (?:please|me|there|bot|all))?)$/;
const ABOUT_ME =
  /\bwhat (?:else )?(?:can|could|do|does|should) (?:you|i|this bot|the bot|it|this|we|u) (?:do|ask|help with|use (?:this|it|you) for|be used for)\b|\bwhat (?:do|does) (?:you|this|it|this bot|the bot) do\b|\bhow (?:do|does|can|should) (?:i|this|it|you|we) (?:use|work)\b|\bwhat (?:questions|things|stuff) can (?:i|we) ask\b|\b(?:what are|show me|list|give me) (?:the|your|all the)? ?(?:commands|options|features)\b|\bwhat you can do\b|\bcan you help\b|\bhelp\b|\bwhat (?:are you|is it) (?:able to|good for|for)\b|\bthings you can (?:help with|do)\b|\bwhat (?:can|could) you (?:\w+ ){0,3}(?:do|help with)\b/;

export const help: Command<null> = {
  name: 'help',
  title: 'Help',
  description: 'What the assistant can answer for you, with examples for your role.',
  examples: ['help', 'what can you do'],
  roles: 'any',
  scopes: ['personal', 'team', 'groupChat'],
  match(u) {
    if (GREETING.test(u.text) || /^\s*\?+\s*$/.test(u.raw)) return { score: 1, slots: null };
    // Below a case question's score, so "help with two-thirds this week" answers the question.
    if (ABOUT_ME.test(u.text)) return { score: 0.7, slots: null };
    return null;
  },
  async run(ctx) {
    return { reply: helpReply(ctx) };
  },
};
