import { z } from 'zod';

/**
 * The machinery the row schemas are built from. Each schema takes one data row as
 * `{ column: rawText }` and yields the typed, normalised values, with one issue per bad column
 * (the issue path is the column name).
 */

export type Check<T> = { ok: true; value: T } | { ok: false; reason: string };

export const ok = <T>(value: T): Check<T> => ({ ok: true, value });
export const bad = (reason: string): Check<never> => ({ ok: false, reason });

/** The plain function behind each cell schema, so a row can be checked without zod too. */
const CELL_CHECKS = new WeakMap<z.ZodType, (text: string) => Check<unknown>>();

/** A zod cell: trims, then runs `fn`; a failure becomes one custom issue with `fn`'s reason. */
export function cell<T>(fn: (text: string) => Check<T>): z.ZodType<T, string> {
  const schema = z.string().transform((raw, ctx) => {
    const result = fn(raw.trim());
    if (result.ok) return result.value;
    ctx.addIssue({ code: 'custom', message: result.reason });
    return z.NEVER;
  });
  CELL_CHECKS.set(schema, fn);
  return schema;
}

export interface CellIssue {
  column: string;
  message: string;
}

/** A row checked without zod: the same values, or the same issues in the same order, as the schema. */
export type RowCheck<T> = (
  input: Record<string, string>,
) => { ok: true; value: T } | { ok: false; issues: CellIssue[] };

type Refine<T> = (row: T, issue: (column: string, message: string) => void) => void;

/**
 * A row schema from its cells and an optional whole-row rule, plus `check`, which runs the very
 * same cell functions and rule without zod: per row, zod's machinery cost more than the checks
 * themselves (~10 µs, seconds on a national extract). Like zod, the rule runs only when every cell
 * is valid.
 */
export function rowSchema<S extends z.ZodRawShape>(
  shape: S,
  refine?: Refine<z.output<z.ZodObject<S>>>,
): {
  schema: z.ZodType<z.output<z.ZodObject<S>>, Record<string, string>>;
  check: RowCheck<z.output<z.ZodObject<S>>>;
} {
  type T = z.output<z.ZodObject<S>>;
  const object = z.object(shape);
  const schema = refine
    ? object.superRefine((r, ctx) =>
        refine(r, (column, message) => ctx.addIssue({ code: 'custom', path: [column], message })),
      )
    : object;
  const cells = Object.entries(shape).map(([column, type]) => {
    const fn = CELL_CHECKS.get(type as z.ZodType);
    if (!fn) throw new Error(`column ${column} is not a cell`);
    return { column, fn };
  });
  const check: RowCheck<T> = (input) => {
    const value: Record<string, unknown> = {};
    let issues: CellIssue[] | null = null;
    for (const { column, fn } of cells) {
      const raw = input[column];
      if (typeof raw !== 'string') {
        (issues ??= []).push({ column, message: 'Invalid input: expected string, received undefined' });
        continue;
      }
      const result = fn(raw.trim());
      if (result.ok) value[column] = result.value;
      else (issues ??= []).push({ column, message: result.reason });
    }
    if (!issues && refine) refine(value as T, (column, message) => (issues ??= []).push({ column, message }));
    return issues ? { ok: false, issues } : { ok: true, value: value as T };
  };
  return { schema: schema as z.ZodType<T, Record<string, string>>, check };
}
