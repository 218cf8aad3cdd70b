import { extractNoun, formatLondonTime, type ExtractFreshness } from '../domain/freshness.js';
import type { DataStatus } from '../store/data-status.js';
import { card, facts, heading, md, subtle, text, type Element } from './build.js';
import { plural } from './text.js';
import type { Reply } from './types.js';

/**
 * The data status, for admins: each extract's newest import and whether it is past its limit,
 * files refused since the previous working day, and recipients who could not be reached. Staff
 * only: no person on probation is named (import reports carry lines and columns, never values).
 */

function extractFact(f: ExtractFreshness): [string, string] {
  const title = `${extractNoun(f.kind)} (${f.kind})`;
  if (!f.latest) return [title, 'no import on record'];
  const age = Math.floor(f.ageHours ?? 0);
  const from = [
    `extract of ${formatLondonTime(f.latest.importedAt)}`,
    plural(f.latest.rows, 'row'),
    ...(f.latest.fileName ? [f.latest.fileName] : []),
  ].join(' · ');
  return [
    title,
    `${f.stale ? '⚠️ OUT OF DATE' : 'up to date'}: ${from} (${age} of ${f.limitHours} working hours)`,
  ];
}

export function dataStatusCounts(s: DataStatus): { stale: number; refused: number; unreachable: number } {
  return {
    stale: s.extracts.filter((e) => e.stale).length,
    refused: s.refused.length,
    unreachable: s.unreachable.length,
  };
}

/**
 * How fresh the extracts are, for anyone who asks ("is the data up to date?"): the ages only. Files
 * refused and recipients unreachable are the admins' to act on, and name staff, so they stay out.
 */
export function dataFreshnessReply(s: DataStatus, title: string): Reply {
  const { stale } = dataStatusCounts(s);
  const summary = stale
    ? `⚠️ ${plural(stale, 'extract')} out of date: answers built on ${stale === 1 ? 'it' : 'them'} may be behind nDelius.`
    : 'Every extract is up to date.';
  const pairs = s.extracts.map(extractFact);
  const note = 'Refused files and unreachable recipients are shown to admins.';
  return {
    text: [title, summary, ...pairs.map(([k, v]) => `- ${k}: ${v}`), note].join('\n'),
    card: card([heading(title), text(summary), facts(pairs), subtle(note)]),
    personalData: false,
    channelSummary: `${title}: ${summary}`,
  };
}

export function dataStatusReply(s: DataStatus, title: string): Reply {
  const n = dataStatusCounts(s);
  const summary = [
    `${plural(n.stale, 'extract')} out of date`,
    `${plural(n.refused, 'import')} refused`,
    `${plural(n.unreachable, 'recipient')} unreachable`,
  ].join(' · ');
  const since = `since ${formatLondonTime(s.since)}`;
  const body: Element[] = [heading(title), text(summary), text('**Extracts**', { spacing: 'Medium' })];
  const pairs = s.extracts.map(extractFact);
  body.push(facts(pairs));
  const lines = [title, summary, 'Extracts:', ...pairs.map(([k, v]) => `- ${k}: ${v}`)];

  body.push(text(`**Refused imports ${since}**`, { spacing: 'Medium' }));
  lines.push(`Refused imports ${since}:`);
  if (!s.refused.length) {
    body.push(subtle('None.'));
    lines.push('- none');
  }
  for (const r of s.refused) {
    const where = r.source === 'folder' ? 'drop folder' : r.source;
    const line = `${r.fileName ?? r.kind} (${where}, ${formatLondonTime(r.importedAt)}): ${r.summary}`;
    body.push(text(md(line), { spacing: 'Small' }));
    lines.push(`- ${line}`);
  }

  body.push(text(`**Unreachable recipients ${since}**`, { spacing: 'Medium' }));
  lines.push(`Unreachable recipients ${since}:`);
  if (!s.unreachable.length) {
    body.push(subtle('None.'));
    lines.push('- none');
  }
  for (const u of s.unreachable) {
    const line = `${u.name ? `${u.name} (${u.recipient})` : u.recipient}: ${u.detail ?? 'unreachable'} (${u.job})`;
    body.push(text(md(line), { spacing: 'Small' }));
    lines.push(`- ${line}`);
  }
  body.push(
    subtle(
      'An extract is out of date when its newest import is older than its limit in working hours (EXTRACT_MAX_AGE_HOURS). ' +
        'A refused drop-folder file is in rejected/ beside its report.',
    ),
  );
  return {
    text: lines.join('\n'),
    card: card(body),
    personalData: false,
    channelSummary: `${title}: ${summary}.`,
  };
}
