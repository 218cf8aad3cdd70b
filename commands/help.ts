import type { Command, CommandContext, Role } from '../src/assistant/types.js';
import { mayUse } from '../src/assistant/types.js';
import { card, heading, subtle, submit, text } from '../src/cards/build.js';

const ROLE_LABEL: Record<Role, string> = {
  practitioner: 'practitioner',
  spo: 'SPO',
  head_of_pdu: 'head of PDU',
  iom_lead: 'IOM lead',
  iom_central: 'central IOM team',
  dip_officer: 'DIP officer',
  admin: 'admin',
};

/** The help card: what this asker can ask, with examples for their roles. */
export function helpReply(ctx: Pick<CommandContext, 'asker' | 'commands'>, intro?: string) {
  const usable = ctx.commands.filter((c) => c.name !== 'help' && mayUse(ctx.asker, c));
  const roles = ctx.asker.roles.map((r) => ROLE_LABEL[r]).join(', ');
  const body = [
    heading('What I can help with'),
    ...(intro ? [text(intro)] : []),
    subtle(`You are signed in as ${ctx.asker.name} (${roles}).`),
    ...usable.flatMap((c) => [
      text(`**${c.title}**: ${c.description}`, { spacing: 'Medium' }),
      subtle(c.examples.map((e) => `“${e}”`).join(' · ')),
    ]),
  ];
  const actions = usable
    .map((c) => c.examples[0])
    .filter((e): e is string => Boolean(e))
    .slice(0, 5)
    .map((e) => submit(e, e));
  const lines = usable.map((c) => `- ${c.title}: e.g. "${c.examples[0] ?? c.title}"`);
  return {
    text: `${intro ? `${intro}\n` : ''}Here is what I can help with:\n${lines.join('\n')}`,
    card: card(body, actions),
    personalData: false,
  };
}

export const help: Command<null> = {
  name: 'help',
  title: 'Help',
  description: 'What the assistant can answer for you, with examples for your role.',
  examples: ['help', 'what can you do'],
  roles: 'any',
  scopes: ['personal', 'team', 'groupChat'],
  match(u) {
    if (/^(?:help|hi|hello|hey|start|menu|commands|\?)$/.test(u.text)) return { score: 1, slots: null };
    if (/\bwhat can (?:you|i) (?:do|ask)\b|\bhow do i use\b|\bhelp\b/.test(u.text)) return { score: 0.8, slots: null };
    return null;
  },
  async run(ctx) {
    return { reply: helpReply(ctx) };
  },
};
