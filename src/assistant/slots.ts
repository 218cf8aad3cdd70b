import { z } from 'zod';
import { isoDateSchema } from '../domain/dates.js';
import type { ListSlots } from './understand.js';

/**
 * The list questions' slots read back from a card button (untrusted: a forged button may carry
 * anything), so a press rebuilds the list it was pressed on. Scope is still checked against the
 * asker when the list runs again.
 */
/** A period as a button carries it back. */
export const periodSchema = z.object({ from: isoDateSchema, to: isoDateSchema, label: z.string().max(80) });

export const listSlotsSchema: z.ZodType<ListSlots> = z.object({
  period: periodSchema.nullable(),
  scope: z.enum(['mine', 'team', 'pdu']).nullable(),
  teamCode: z
    .string()
    .regex(/^[A-Z]\d{2}[A-Z]\d{2}$/)
    .nullable(),
});
