import { isValidIsoDate, type IsoDate } from './dates.js';
import { monthProblem } from './iom-months.js';

/**
 * The IOM monthly return (docs/rules.md §4): five counts and the good-news stories a borough sends the
 * central IOM team each month. Pure: today is a parameter, and nothing here knows about Teams.
 *
 * A return is for a completed month, so the current month and later months are refused: the counts
 * of a month still running would only have to be sent again.
 */

export const IOM_COUNTS = [
  'arrests',
  'homeVisits',
  'prisonVisits',
  'panelReferrals',
  'judicialOrders',
] as const;
export type IomCount = (typeof IOM_COUNTS)[number];

export const IOM_COUNT_LABEL: Record<IomCount, string> = {
  arrests: 'arrests',
  homeVisits: 'home visits',
  prisonVisits: 'prison visits',
  panelReferrals: 'panel referrals',
  judicialOrders: 'judicial orders',
};

export type IomFigures = Record<IomCount, number>;

export interface IomReturnInput extends IomFigures {
  /** First day of the month returned for. */
  month: IsoDate;
  goodNews: string | null;
}

export interface FieldError {
  field: IomCount | 'month' | 'goodNews' | 'message';
  reason: string;
}

export type ParsedReturn =
  | { ok: true; value: IomReturnInput }
  | {
      ok: false;
      errors: FieldError[];
      /** What could be read, so a form can be offered pre-filled. */
      partial: Partial<IomFigures> & { month: IsoDate | null; goodNews: string | null };
    };

/** Kept well under a Teams message; long enough for several stories. */
export const GOOD_NEWS_MAX = 2000;
/** No borough makes a million arrests in a month: a bigger number is a typing slip. */
export const COUNT_MAX = 99_999;

/** Reads one count as typed or as sent by a form: a whole number from 0 to COUNT_MAX. */
export function checkCount(raw: unknown): { ok: true; value: number } | { ok: false; reason: string } {
  if (typeof raw === 'number') raw = String(raw);
  if (typeof raw !== 'string' || raw.trim() === '') return { ok: false, reason: 'is missing' };
  const t = raw.trim();
  // Echo only what looks like a number: free text typed into a count box is not repeated back.
  const shown = t.length <= 12 && /^[0-9.,-]+$/.test(t) ? ` (got ${t})` : '';
  if (/^\d{1,3}(?:,\d{3})+$/.test(t)) return checkCount(t.replace(/,/g, ''));
  if (!/^-?\d+(?:[.,]\d+)?$/.test(t)) return { ok: false, reason: `must be a whole number${shown}` };
  const n = Number(t.replace(',', '.'));
  if (!Number.isInteger(n)) return { ok: false, reason: `must be a whole number${shown}` };
  if (n < 0) return { ok: false, reason: `cannot be negative${shown}` };
  if (n > COUNT_MAX) return { ok: false, reason: `is too large${shown}; the most is ${COUNT_MAX}` };
  return { ok: true, value: n };
}

export function checkGoodNews(goodNews: string | null, errors: FieldError[]): string | null {
  if (goodNews === null) return null;
  const t = goodNews.trim();
  if (t.length > GOOD_NEWS_MAX) {
    errors.push({
      field: 'goodNews',
      reason: `is ${t.length} characters long; the most is ${GOOD_NEWS_MAX}`,
    });
  }
  return t === '' ? null : t;
}

export function finish(
  figures: Partial<IomFigures>,
  month: IsoDate | null,
  goodNews: string | null,
  errors: FieldError[],
): ParsedReturn {
  for (const field of IOM_COUNTS) {
    if (figures[field] === undefined && !errors.some((e) => e.field === field)) {
      errors.push({ field, reason: 'is missing' });
    }
  }
  if (errors.length > 0 || month === null) {
    errors.sort((a, b) => fieldOrder(a.field) - fieldOrder(b.field));
    return { ok: false, errors, partial: { ...figures, month, goodNews } };
  }
  return { ok: true, value: { ...(figures as IomFigures), month, goodNews } };
}

function fieldOrder(field: FieldError['field']): number {
  if (field === 'month') return -1;
  const i = (IOM_COUNTS as readonly string[]).indexOf(field);
  return i >= 0 ? i : IOM_COUNTS.length + (field === 'goodNews' ? 0 : 1);
}

/** The names the return form gives its inputs (Action.Submit sends them back in `value`). */
export const FORM_FIELDS = {
  month: 'iomMonth',
  goodNews: 'iomGoodNews',
  arrests: 'iomArrests',
  homeVisits: 'iomHomeVisits',
  prisonVisits: 'iomPrisonVisits',
  panelReferrals: 'iomPanelReferrals',
  judicialOrders: 'iomJudicialOrders',
} as const satisfies Record<IomCount | 'month' | 'goodNews', string>;

/** Reads a submitted return form (Input.Number values arrive as text), validated as a typed return is. */
export function parseIomReturnForm(value: Record<string, unknown>, today: IsoDate): ParsedReturn {
  const errors: FieldError[] = [];
  const rawMonth = value[FORM_FIELDS.month];
  let month: IsoDate | null = null;
  if (
    typeof rawMonth === 'string' &&
    /^\d{4}-\d{2}$/.test(rawMonth.trim()) &&
    isValidIsoDate(`${rawMonth.trim()}-01`)
  ) {
    month = `${rawMonth.trim()}-01`;
    const problem = monthProblem(month, today);
    if (problem) errors.push({ field: 'month', reason: problem });
  } else if (rawMonth === undefined || rawMonth === '') {
    errors.push({ field: 'month', reason: 'is missing: choose the month the return is for' });
  } else {
    errors.push({ field: 'month', reason: 'is not a month written as YYYY-MM' });
  }
  const figures: Partial<IomFigures> = {};
  for (const field of IOM_COUNTS) {
    const checked = checkCount(value[FORM_FIELDS[field]]);
    if (checked.ok) figures[field] = checked.value;
    else errors.push({ field, reason: checked.reason });
  }
  const rawNews = value[FORM_FIELDS.goodNews];
  const goodNews = checkGoodNews(typeof rawNews === 'string' ? rawNews : null, errors);
  return finish(figures, month, goodNews, errors);
}

/** "Arrests: is missing", "Home visits: must be a whole number (got 3.5)". */
export function describeErrors(errors: FieldError[]): string[] {
  return errors.map((e) => `${fieldLabel(e.field)}: ${e.reason}`);
}

export function fieldLabel(field: FieldError['field']): string {
  if (field === 'month') return 'Month';
  if (field === 'goodNews') return 'Good news';
  if (field === 'message') return 'The message';
  const label = IOM_COUNT_LABEL[field];
  return label.charAt(0).toUpperCase() + label.slice(1);
}
