import { withDataAge } from '../cards/data-age.js';
import type { Clock } from '../clock.js';
import { freshnessOf } from '../store/imports.repository.js';
import type { Command } from './types.js';

/**
 * Every answer of a command built on extracts says how old they are, and warns at the top when one
 * is past its limit; refusals show no data, so they carry nothing. Each command also gets the
 * clock's instant (`now`). Wrapped here, over the declared commands, so each command stays about
 * its own question.
 */
export function withDataAges(commands: readonly Command[], clock: Clock): Command[] {
  return commands.map((c): Command => ({
    ...c,
    async run(ctx, slots) {
      const now = clock.now();
      const result = await c.run({ ...ctx, now }, slots);
      const kinds = result.extracts ?? c.extracts;
      if (!kinds?.length || !result.audit || /refused$/.test(result.audit.scope ?? '')) return result;
      const freshness = await freshnessOf(ctx.database, kinds, now, ctx.settings);
      return { ...result, reply: withDataAge(result.reply, freshness) };
    },
  }));
}
