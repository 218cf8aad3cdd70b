import { describe, expect, it } from 'vitest';
import {
  checkCount,
  describeErrors,
  FORM_FIELDS,
  parseIomReturnForm,
  type FieldError,
  type IomFigures,
} from '../../src/domain/iom-return.js';
import { lastCompletedMonth, monthLabel, monthProblem } from '../../src/domain/iom-months.js';
import {
  mentionsFigures,
  parseIomCorrection,
  parseIomReturnText,
  splitGoodNews,
} from '../../src/domain/iom-message.js';

// A Wednesday in June 2024: "last month" is May 2024.
const TODAY = '2024-06-12';
const MAY: IomFigures = {
  arrests: 10,
  homeVisits: 34,
  prisonVisits: 5,
  panelReferrals: 3,
  judicialOrders: 2,
};

describe('parseIomReturnText: good returns', () => {
  it.each<[string, string, IomFigures, string, string | null]>([
    [
      'the worked example',
      'IOM return for May 2024: arrests 10, home visits 34, prison visits 5, panel referrals 3, judicial orders 2. Good news: J found work at the depot.',
      MAY,
      '2024-05-01',
      'J found work at the depot.',
    ],
    [
      'fields in another order',
      'IOM return for May 2024: judicial orders 2, panel referrals 3, home visits 34, arrests 10, prison visits 5',
      MAY,
      '2024-05-01',
      null,
    ],
    [
      'number before the name',
      'IOM return May 2024: 10 arrests, 34 home visits, 5 prison visits, 3 panel referrals, 2 judicial orders',
      MAY,
      '2024-05-01',
      null,
    ],
    [
      'number before the name, no commas',
      'IOM return 10 arrests 34 home visits 5 prison visits 3 panel referrals 2 judicial orders',
      MAY,
      '2024-05-01',
      null,
    ],
    [
      'colons, equals and dashes',
      'IOM return: arrests: 10; home visits=34; prison visits - 5; panel referrals:3; judicial orders = 2',
      MAY,
      '2024-05-01',
      null,
    ],
    [
      'CBOs as judicial orders',
      'IOM return for May: arrests 10, home visits 34, prison visits 5, panel referrals 3, CBOs 2',
      MAY,
      '2024-05-01',
      null,
    ],
    [
      'judicial orders (CBOs) named twice',
      'IOM return: arrests 10, home visits 34, prison visits 5, panel referrals 3, judicial orders (CBOs) 2',
      MAY,
      '2024-05-01',
      null,
    ],
    [
      'mixed styles and capitals',
      'iom RETURN for may 2024 - Arrests 10, 34 Home-Visits, prison visits: 5, 3 panel referrals, judicial orders 2',
      MAY,
      '2024-05-01',
      null,
    ],
    [
      'zero as a word',
      'IOM return: arrests 10, home visits 34, prison visits none, no panel referrals, judicial orders 0',
      { ...MAY, prisonVisits: 0, panelReferrals: 0, judicialOrders: 0 },
      '2024-05-01',
      null,
    ],
    [
      'thousands separator',
      'IOM return: arrests 1,200, home visits 34, prison visits 5, panel referrals 3, judicial orders 2',
      { ...MAY, arrests: 1200 },
      '2024-05-01',
      null,
    ],
    [
      'good news on several lines with numbers and the word may in it',
      'IOM return for April 2024: arrests 1, home visits 2, prison visits 3, panel referrals 4, judicial orders 5\nGood news stories: 2 of our cohort started college; one may sit exams in 3 weeks.',
      { arrests: 1, homeVisits: 2, prisonVisits: 3, panelReferrals: 4, judicialOrders: 5 },
      '2024-04-01',
      '2 of our cohort started college; one may sit exams in 3 weeks.',
    ],
  ])('%s', (_name, message, figures, month, goodNews) => {
    const parsed = parseIomReturnText(message, TODAY);
    expect(parsed).toEqual({ ok: true, value: { ...figures, month, goodNews } });
  });
});

describe('parseIomReturnText: months', () => {
  const FIGURES = 'arrests 1, home visits 1, prison visits 1, panel referrals 1, judicial orders 1';
  it.each([
    ['no month: last month', `IOM return: ${FIGURES}`, '2024-05-01'],
    ['month and year', `IOM return for March 2024: ${FIGURES}`, '2024-03-01'],
    ['abbreviated month and year', `IOM return Mar 2024: ${FIGURES}`, '2024-03-01'],
    ['a past year', `IOM return for December 2023: ${FIGURES}`, '2023-12-01'],
    ['month without year, earlier this year', `IOM return for February: ${FIGURES}`, '2024-02-01'],
    [
      'month without year, later in the year: last year',
      `IOM return for September: ${FIGURES}`,
      '2023-09-01',
    ],
    ['"may" after "for"', `IOM return for may: ${FIGURES}`, '2024-05-01'],
    ['ISO year-month', `IOM return 2024-04: ${FIGURES}`, '2024-04-01'],
    ['UK month/year', `IOM return 04/2024: ${FIGURES}`, '2024-04-01'],
    ['"last month"', `IOM return for last month: ${FIGURES}`, '2024-05-01'],
  ])('%s', (_name, message, month) => {
    const parsed = parseIomReturnText(message, TODAY);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(parsed.value.month).toBe(month);
  });
});

describe('parseIomReturnText: refused returns name each bad field', () => {
  it.each<[string, string, FieldError[]]>([
    [
      'missing fields',
      'IOM return for May 2024: arrests 10, home visits 34',
      [
        { field: 'prisonVisits', reason: 'is missing' },
        { field: 'panelReferrals', reason: 'is missing' },
        { field: 'judicialOrders', reason: 'is missing' },
      ],
    ],
    [
      'a negative number',
      'IOM return: arrests -3, home visits 34, prison visits 5, panel referrals 3, judicial orders 2',
      [{ field: 'arrests', reason: 'cannot be negative (got -3)' }],
    ],
    [
      'a decimal number',
      'IOM return: arrests 10, home visits 3.5, prison visits 5, panel referrals 3, judicial orders 2',
      [{ field: 'homeVisits', reason: 'must be a whole number (got 3.5)' }],
    ],
    [
      'negative and decimal together, and one missing',
      'IOM return: arrests -1, home visits 2.25, prison visits 5, panel referrals 3',
      [
        { field: 'arrests', reason: 'cannot be negative (got -1)' },
        { field: 'homeVisits', reason: 'must be a whole number (got 2.25)' },
        { field: 'judicialOrders', reason: 'is missing' },
      ],
    ],
    [
      'a name with no number',
      'IOM return: arrests, home visits 34, prison visits 5, panel referrals 3, judicial orders 2',
      [{ field: 'arrests', reason: 'has no number next to it' }],
    ],
    [
      'the same count twice with different numbers',
      'IOM return: arrests 10, home visits 34, prison visits 5, panel referrals 3, judicial orders 2, arrests 11',
      [{ field: 'arrests', reason: 'is given twice (10 and 11): which is right?' }],
    ],
    [
      'a future month',
      'IOM return for July 2024: arrests 10, home visits 34, prison visits 5, panel referrals 3, judicial orders 2',
      [{ field: 'month', reason: 'July 2024 is in the future: a return is for a completed month' }],
    ],
    [
      'the current month',
      'IOM return for June 2024: arrests 10, home visits 34, prison visits 5, panel referrals 3, judicial orders 2',
      [
        {
          field: 'month',
          reason:
            'June 2024 has not finished yet: a return is for a completed month, so send it from 1 July 2024',
        },
      ],
    ],
    [
      '"this month"',
      'IOM return for this month: arrests 10, home visits 34, prison visits 5, panel referrals 3, judicial orders 2',
      [
        {
          field: 'month',
          reason:
            'June 2024 has not finished yet: a return is for a completed month, so send it from 1 July 2024',
        },
      ],
    ],
    [
      'two months',
      'IOM return for April 2024 and May 2024: arrests 10, home visits 34, prison visits 5, panel referrals 3, judicial orders 2',
      [
        {
          field: 'month',
          reason: 'names more than one month (April 2024 and May 2024): send one return per month',
        },
      ],
    ],
    [
      'a stray number',
      'IOM return: arrests 10 12, home visits 34, prison visits 5, panel referrals 3, judicial orders 2',
      [
        {
          field: 'message',
          reason: `has a number (12) I couldn't match to a count: write each as "arrests 10" or "10 arrests"`,
        },
      ],
    ],
  ])('%s', (_name, message, errors) => {
    const parsed = parseIomReturnText(message, TODAY);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.errors).toEqual(errors);
  });

  it('keeps what it could read, for a pre-filled form', () => {
    const parsed = parseIomReturnText(
      'IOM return for April 2024: arrests 10, home visits 2.5. Good news: a story',
      TODAY,
    );
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.partial).toEqual({ arrests: 10, month: '2024-04-01', goodNews: 'a story' });
  });

  it('writes the problems as sentences naming the field', () => {
    const parsed = parseIomReturnText(
      'IOM return: arrests -3, home visits 34, prison visits 5, panel referrals 3',
      TODAY,
    );
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(describeErrors(parsed.errors)).toEqual([
        'Arrests: cannot be negative (got -3)',
        'Judicial orders: is missing',
      ]);
    }
  });
});

describe('parseIomReturnForm', () => {
  const form = (over: Record<string, unknown> = {}) => ({
    command: 'iom-return',
    form: 'iom-return',
    [FORM_FIELDS.month]: '2024-05',
    [FORM_FIELDS.arrests]: '10',
    [FORM_FIELDS.homeVisits]: '34',
    [FORM_FIELDS.prisonVisits]: '5',
    [FORM_FIELDS.panelReferrals]: '3',
    [FORM_FIELDS.judicialOrders]: 2,
    [FORM_FIELDS.goodNews]: '  Good things.  ',
    ...over,
  });

  it('reads a complete form (numbers as text or numbers)', () => {
    expect(parseIomReturnForm(form(), TODAY)).toEqual({
      ok: true,
      value: { ...MAY, month: '2024-05-01', goodNews: 'Good things.' },
    });
  });

  it.each<[string, Record<string, unknown>, FieldError[]]>([
    ['an empty count', { [FORM_FIELDS.arrests]: '' }, [{ field: 'arrests', reason: 'is missing' }]],
    [
      'an absent count',
      { [FORM_FIELDS.prisonVisits]: undefined },
      [{ field: 'prisonVisits', reason: 'is missing' }],
    ],
    [
      'a negative count',
      { [FORM_FIELDS.homeVisits]: '-2' },
      [{ field: 'homeVisits', reason: 'cannot be negative (got -2)' }],
    ],
    [
      'a decimal count',
      { [FORM_FIELDS.judicialOrders]: '1.5' },
      [{ field: 'judicialOrders', reason: 'must be a whole number (got 1.5)' }],
    ],
    [
      'text in a count',
      { [FORM_FIELDS.panelReferrals]: 'lots' },
      [{ field: 'panelReferrals', reason: 'must be a whole number' }],
    ],
    [
      'the current month',
      { [FORM_FIELDS.month]: '2024-06' },
      [
        {
          field: 'month',
          reason:
            'June 2024 has not finished yet: a return is for a completed month, so send it from 1 July 2024',
        },
      ],
    ],
    [
      'no month',
      { [FORM_FIELDS.month]: '' },
      [{ field: 'month', reason: 'is missing: choose the month the return is for' }],
    ],
    [
      'a bad month',
      { [FORM_FIELDS.month]: '2024-13' },
      [{ field: 'month', reason: 'is not a month written as YYYY-MM' }],
    ],
    [
      'good news too long',
      { [FORM_FIELDS.goodNews]: 'x'.repeat(2001) },
      [{ field: 'goodNews', reason: 'is 2001 characters long; the most is 2000' }],
    ],
  ])('refuses %s', (_name, over, errors) => {
    const parsed = parseIomReturnForm(form(over), TODAY);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.errors).toEqual(errors);
  });

  it('treats an empty good-news box as none', () => {
    const parsed = parseIomReturnForm(form({ [FORM_FIELDS.goodNews]: '   ' }), TODAY);
    expect(parsed.ok && parsed.value.goodNews).toBeNull();
  });
});

describe('helpers', () => {
  it.each([
    ['0', 0],
    ['12', 12],
    [' 7 ', 7],
    [3, 3],
    ['1,000', 1000],
  ])('checkCount(%j) = %d', (raw, n) => {
    expect(checkCount(raw)).toEqual({ ok: true, value: n });
  });

  it.each([['-1'], ['1.5'], ['ten'], [''], [null], ['1000000']])('checkCount(%j) refuses', (raw) => {
    expect(checkCount(raw).ok).toBe(false);
  });

  it.each([
    ['2024-06-12', '2024-05-01'],
    ['2024-01-02', '2023-12-01'],
    ['2024-03-31', '2024-02-01'],
  ])('last completed month on %s is %s', (today, month) => {
    expect(lastCompletedMonth(today)).toBe(month);
  });

  it('refuses the current and future months, allows past ones', () => {
    expect(monthProblem('2024-05-01', TODAY)).toBeNull();
    expect(monthProblem('2024-06-01', TODAY)).toMatch(/not finished/);
    expect(monthProblem('2025-01-01', TODAY)).toMatch(/future/);
    expect(monthLabel('2024-05-01')).toBe('May 2024');
  });

  it.each([
    ['IOM return', false],
    ['IOM return for May 2024', false],
    ['show the Haringey IOM return for May 2024', false],
    ['IOM return: arrests 10', true],
    ['10 arrests', true],
    ['IOM return. Good news: 3 arrests avoided', false],
  ])('mentionsFigures(%j) is %s', (message, expected) => {
    expect(mentionsFigures(message)).toBe(expected);
  });
});

describe('parseIomReturnText: counts as staff write them', () => {
  it.each([
    [
      'numbers before their names throughout, with a count of stories and no commas',
      'return 3 arrests 10 hv 0 pv 2 panel 1 cbo 4 good news',
      { arrests: 3, homeVisits: 10, prisonVisits: 0, panelReferrals: 2, judicialOrders: 1 },
    ],
    [
      '"a CBO and a CPN" is two judicial orders; "no panel referrals" is 0',
      'send the return - 2 arrests, 8 home visits, 1 prison visit, a CBO and a CPN, 2 good news, no panel referrals',
      { arrests: 2, homeVisits: 8, prisonVisits: 1, panelReferrals: 0, judicialOrders: 2 },
    ],
    [
      'kinds of order listed after the label are added up (an SPO is a stalking protection order)',
      'return: arrests 8. HVs 26. PVs 3. Panel 2. Judicial: 2 CBOs, 1 CPN, 1 SPO. Good news 7.',
      { arrests: 8, homeVisits: 26, prisonVisits: 3, panelReferrals: 2, judicialOrders: 4 },
    ],
  ])('%s', (_name, message, figures) => {
    expect(parseIomReturnText(message, '2026-12-02')).toEqual({
      ok: true,
      value: { ...figures, month: '2026-11-01', goodNews: null },
    });
  });

  it('a number of good-news stories is a count, not a story', () => {
    expect(splitGoodNews('arrests 2, 5 good news stories')).toMatchObject({ goodNews: null, storyCount: 5 });
    expect(splitGoodNews('arrests 2. Good news 0')).toMatchObject({ goodNews: null, storyCount: 0 });
    expect(splitGoodNews('arrests 2. Good news: one got a job')).toMatchObject({
      goodNews: 'one got a job',
      storyCount: null,
    });
  });
});

describe('parseIomReturnText and parseIomCorrection: shorthand and prose', () => {
  const figures = (raw: string) => {
    const r = parseIomReturnText(raw, TODAY);
    return r.ok ? { ...r.value } : r.errors;
  };

  it('reads "arr", "A" among the short names, and "gns" as a count of stories', () => {
    expect(figures('may: arr 4, hv 20, pv 1, panel 0, JOs 2 (cbo+cpn), gns 2')).toMatchObject({
      arrests: 4,
      homeVisits: 20,
      judicialOrders: 2,
      goodNews: null,
    });
    expect(figures('may: A 3 / HV 11 / PV 2 / PR 1 / JO 0')).toMatchObject({ arrests: 3, homeVisits: 11 });
    expect(splitGoodNews('arrests 2, 3 GNS').storyCount).toBe(3);
  });

  it('reads counts told in sentences, and leaves number words outside the counts alone', () => {
    const told =
      'Sorry this is late, two of the team are off. For May we had 12 arrests, 30 home visits and 4 prison visits. ' +
      'Panel referrals were 3. We got one CBO and two CPNs. And a couple of good news stories (one lad started college).';
    expect(figures(told)).toMatchObject({
      month: '2024-05-01',
      arrests: 12,
      homeVisits: 30,
      prisonVisits: 4,
      panelReferrals: 3,
      judicialOrders: 3,
      goodNews: 'one lad started college',
    });
  });

  it('still refuses a digit it cannot place', () => {
    const r = parseIomReturnText('may: arrests 2, hv 3, pv 1, panel 0, orders 1, 7', TODAY);
    expect(r.ok).toBe(false);
  });

  it('takes the first value of a correction whose kinds follow in brackets', () => {
    expect(
      parseIomCorrection('april correction - judicial orders were 4 (3 cbo 1 dvpo) not 2', TODAY),
    ).toEqual({
      month: '2024-04-01',
      changes: { judicialOrders: 4 },
    });
  });
});
