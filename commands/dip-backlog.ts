import type { Command } from '../src/assistant/types.js';
import { asksDipBacklog, backlogPeriod, sixMonths } from '../src/assistant/dip-backlog-words.js';
import type { Period } from '../src/assistant/periods.js';
import { backlogCard, backlogLines, backlogTitle } from '../src/cards/dip-backlog.js';
import { buildDipBacklog, dipBacklogCsv } from '../src/domain/dip-backlog.js';
import { hasRole } from '../src/domain/staff.js';
import { breachesMissedBetween } from '../src/store/dip.repository.js';
import { pduOf } from '../src/store/staff.repository.js';

export interface DipBacklogSlots {
  period: Period | null;
  csv: boolean;
}

export const dipBacklog: Command<DipBacklogSlots> = {
  name: 'dip-backlog',
  title: 'DIP backlog',
  description:
    'DIP breaches by outcome for a period: processed, outstanding and STLs passed without action. Counts only, as a card or CSV.',
  examples: ['DIP backlog this month', 'DIP outcomes since March', 'DIP backlog since March as CSV'],
  roles: ['dip_officer', 'head_of_pdu'],
  scopes: ['personal', 'team'],
  match(u) {
    if (u.reference || !asksDipBacklog(u.text)) return null;
    const slots = { period: backlogPeriod(u), csv: /\bcsv\b|\bspreadsheet\b|\bexcel\b/.test(u.text) };
    return { score: u.chatter ? 0.5 : 0.95, slots };
  },
  async run(ctx, slots) {
    const p = slots.period ?? sixMonths(ctx.today);
    let rows = await breachesMissedBetween(ctx.database, p.from, p.to);
    // A DIP officer counts every breach; a head of PDU those held by the PDU's DIP officers.
    let scopeLabel = 'all breaches';
    if (!hasRole(ctx.asker, 'dip_officer')) {
      const pdus = await pduOf(ctx.database, rows.map((r) => r.officerEmail ?? '').filter(Boolean));
      rows = rows.filter((r) => r.officerEmail && pdus.get(r.officerEmail.toLowerCase()) === ctx.asker.pdu);
      scopeLabel = ctx.asker.pdu ? `the ${ctx.asker.pdu} PDU` : 'your PDU';
    }
    const backlog = buildDipBacklog(rows, p, ctx.today);
    const title = backlogTitle(backlog, scopeLabel);
    const audit = { scope: slots.csv ? 'dip-backlog-csv' : 'dip-backlog', count: backlog.total };
    if (slots.csv) {
      // Teams bots cannot attach a file without the file-consent flow, so the CSV comes as text.
      const text = `${title} as CSV (counts only). Copy it into a .csv file:\n\n\`\`\`\n${dipBacklogCsv(backlog)}\`\`\``;
      return { reply: { text, personalData: false }, audit };
    }
    const csvQuestion = `DIP backlog from ${p.from} to ${p.to} as CSV`;
    return {
      reply: {
        text: [title, ...backlogLines(backlog)].join('\n'),
        card: backlogCard(backlog, scopeLabel, csvQuestion),
        personalData: false,
      },
      audit,
    };
  },
};
