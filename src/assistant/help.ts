import { card, heading, subtle, submit, text } from '../cards/build.js';
import type { Reply } from '../cards/types.js';
import { hasRole, type Role, type StaffMember } from '../domain/staff.js';
import { mayUse, type Command, type CommandContext } from './types.js';

const ROLE_LABEL: Record<Role, string> = {
  practitioner: 'practitioner',
  spo: 'SPO',
  head_of_pdu: 'head of PDU',
  iom_lead: 'IOM lead',
  iom_central: 'central IOM team',
  dip_officer: 'DIP officer',
  admin: 'admin',
};

/** The borough the declared IOM examples name; a lead sees their own borough there instead. */
const EXAMPLE_BOROUGH = 'Haringey';

/**
 * The examples this asker can use as written: team and PDU questions only for SPOs and heads of
 * PDU, and an IOM lead's own borough in place of the example one (they see only their own).
 */
export function examplesFor(asker: StaffMember, command: Command): string[] {
  const managesTeam = hasRole(asker, 'spo', 'head_of_pdu');
  const ownBoroughOnly = hasRole(asker, 'iom_lead') && !hasRole(asker, 'iom_central', 'head_of_pdu');
  const fit = command.examples
    .filter((e) => managesTeam || !/\b(?:team|pdu)\b/i.test(e))
    .map((e) => (ownBoroughOnly && asker.borough ? e.replaceAll(EXAMPLE_BOROUGH, asker.borough.trim()) : e));
  // An SPO without a caseload asks about the team first.
  if (managesTeam && !hasRole(asker, 'practitioner'))
    fit.sort((x, y) => Number(/\bteam\b/i.test(y)) - Number(/\bteam\b/i.test(x)));
  return fit.length ? fit : command.examples.slice(0, 1);
}

/** The manifest scope a conversation type is, for a command's declared `scopes`. */
const MANIFEST_SCOPE = { personal: 'personal', channel: 'team', groupChat: 'groupChat' } as const;

/**
 * The help card: what this asker can ask, with examples for their roles. In a channel or group
 * chat only the commands declared for it (their examples name no one); one-person questions are
 * for the 1:1 chat. After a message that was not understood, `closest` are the commands it came
 * nearest to, offered first as buttons.
 */
export function helpReply(
  ctx: Pick<CommandContext, 'asker' | 'commands'> & Partial<Pick<CommandContext, 'conversationType'>>,
  intro?: string,
  closest: readonly Command[] = [],
): Reply {
  const where = MANIFEST_SCOPE[ctx.conversationType ?? 'personal'];
  const usable = ctx.commands.filter(
    (c) => c.name !== 'help' && mayUse(ctx.asker, c) && (!c.scopes || c.scopes.includes(where)),
  );
  const elsewhere =
    where === 'personal'
      ? []
      : [subtle('Questions about one person (key dates, ECSL eligibility) are answered in our 1:1 chat.')];
  const roles = ctx.asker.roles.map((r) => ROLE_LABEL[r]).join(', ');
  const nearest = closest.filter((c) => usable.includes(c));
  const example = (c: Command) => examplesFor(ctx.asker, c)[0] ?? c.title;
  const body = [
    heading('What I can help with'),
    ...(intro ? [text(intro)] : []),
    ...(nearest.length
      ? [
          text(
            `Closest to what you asked: ${nearest.map((c) => `**${c.title}** (e.g. “${example(c)}”)`).join(', ')}.`,
          ),
        ]
      : []),
    subtle(`You are signed in as ${ctx.asker.name} (${roles}).`),
    ...usable.flatMap((c) => [
      text(`**${c.title}**: ${c.description}`, { spacing: 'Medium' }),
      subtle(
        examplesFor(ctx.asker, c)
          .map((e) => `“${e}”`)
          .join(' · '),
      ),
    ]),
    ...elsewhere,
  ];
  const actions = [...nearest, ...usable.filter((c) => !nearest.includes(c))]
    .map(example)
    .slice(0, 5)
    .map((e) => submit(e, e));
  const lines = usable.map((c) => `- ${c.title}: e.g. "${example(c)}"`);
  const closestLine = nearest.length
    ? `Closest to what you asked: ${nearest.map((c) => `${c.title} (e.g. "${example(c)}")`).join(', ')}.\n`
    : '';
  return {
    text: `${intro ? `${intro}\n` : ''}${closestLine}Here is what I can help with:\n${lines.join('\n')}`,
    card: card(body, actions),
    personalData: false,
  };
}
