import { COLUMNS, type ExtractKind } from './extract-kinds.js';

const NEEDS_QUOTES = /[",\r\n]/;
export function esc(s: string): string {
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
export const yn = (b: boolean) => (b ? 'yes' : 'no');

export function csv(kind: ExtractKind, rows: string[]): string {
  return `${COLUMNS[kind].join(',')}\n${rows.length ? `${rows.join('\n')}\n` : ''}`;
}
