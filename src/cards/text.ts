import { md } from './build.js';

/** A person on probation as the store holds them; the CRN is missing for some DIP breaches. */
export interface Named {
  firstName: string;
  lastName: string;
  crn?: string | null;
}

/**
 * "First Last (CRN)": the one way a person on probation is written. It is the most sensitive
 * string the product renders, so every reply, card and button label builds it here.
 */
export function personLabel(p: Named): string {
  return `${p.firstName} ${p.lastName}${p.crn ? ` (${p.crn})` : ''}`;
}

/** The same for a card's markdown: the name in bold (escaped), the CRN after it. */
export function personMarkdown(p: Named): string {
  return `**${md(`${p.firstName} ${p.lastName}`)}**${p.crn ? ` (${p.crn})` : ''}`;
}

/** "1 case", "3 cases". */
export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
