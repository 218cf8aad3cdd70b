import type { Command, CommandContext, CommandResult } from '../src/assistant/types.js';
import { aboutJobs } from '../src/assistant/understand.js';
import {
  amendHint,
  figuresLine,
  formatInstant,
  IOM_RETURN_COMMAND,
  IOM_RETURN_FORM,
  returnForm,
  savedReturnCard,
  typedExample,
} from '../src/cards/iom.js';
import type { IsoDate } from '../src/domain/dates.js';
import {
  describeErrors,
  IOM_COUNT_LABEL,
  IOM_COUNTS,
  type IomCount,
  type IomFigures,
  parseIomReturnForm,
  type ParsedReturn,
} from '../src/domain/iom-return.js';
import { findMonths, lastCompletedMonth, monthLabel, monthProblem } from '../src/domain/iom-months.js';
import {
  goodNewsCountCorrection,
  parseIomCorrection,
  parseIomReturnText,
  splitGoodNews,
} from '../src/domain/iom-message.js';
import { findIomReturn, iomBoroughs, saveIomReturn } from '../src/store/iom.repository.js';
import {
  checksWhatWasSent,
  hasFigures,
  hasReturnWord,
  iomHead,
  isIom,
  ownBorough,
  STATUS_WORDS,
  VIEW_WORDS,
} from '../src/assistant/iom.js';
import { staffNames } from '../src/store/staff.repository.js';

export type IomReturnSlots =
  | { kind: 'typed'; raw: string }
  | { kind: 'form'; value: Record<string, unknown> }
  /** "IOM return" with no figures: open the form (for the month named, if any). */
  | { kind: 'open'; month: IsoDate | null }
  /** "sorry, arrests should be 7 not 6": change the figures named in the return already sent. */
  | { kind: 'amend'; raw: string }
  /** "good news should be 4": a number of stories, which the return does not keep. */
  | { kind: 'good-news-count'; month: IsoDate | null };

export const iomReturn: Command<IomReturnSlots | null> = {
  name: IOM_RETURN_COMMAND,
  records: true,
  title: 'IOM monthly return',
  description:
    "Send your borough's IOM monthly return (arrests, visits, referrals, orders, good news), typed or with a form.",
  examples: [
    'IOM return',
    'IOM return for May 2024: arrests 10, home visits 34, prison visits 5, panel referrals 3, judicial orders 2. Good news: …',
  ],
  roles: ['iom_lead'],
  scopes: ['personal'],
  match(u) {
    if (u.value?.form === IOM_RETURN_FORM) return { score: 1, slots: { kind: 'form', value: u.value } };
    const head = iomHead(u);
    const iom = isIom(head);
    const returnWord = hasReturnWord(head);
    if (aboutJobs(head)) return null;
    if (parseIomCorrection(u.raw, u.today)) return { score: 0.95, slots: { kind: 'amend', raw: u.raw } };
    const storiesCounted = goodNewsCountCorrection(u.raw, u.today);
    if (storiesCounted)
      return { score: 0.9, slots: { kind: 'good-news-count', month: storiesCounted.month } };
    // "the nov return had 14 arrests didn't it?": checking what was sent, not sending it.
    if (checksWhatWasSent(u.raw)) return null;
    if (hasFigures(u)) {
      // A message carrying counts is a return even if it says "report" or "show" in passing; two
      // or more of the five counts ("arrests 9 hv 20 pv 2") are one without the word.
      const counted = countsNamed(u.raw, u.today);
      return {
        score: iom || returnWord ? 1 : counted >= 2 ? 0.9 : 0.5,
        slots: { kind: 'typed', raw: u.raw },
      };
    }
    // "submit IOM figures", "enter iom stats for October": a return without the word.
    const submitting =
      /\b(?:submit|send|enter|file|complete|fill in|put in|do)\b.*\b(?:figures|stats|statistics|numbers|counts)\b/.test(
        head,
      );
    // "can I do the November return": a lead sending their return, without the word IOM.
    const sendingReturn =
      returnWord && /\b(?:send|submit|do|file|complete|fill in|fill out|put in|enter|make)\b/.test(head);
    // "Good news: one of our nominals got a job": a story for the return, told first.
    const storyFirst = /^\s*good[\s-]*news\b/i.test(u.raw) && splitGoodNews(u.raw).goodNews !== null;
    if (storyFirst) return { score: 0.8, slots: { kind: 'typed', raw: u.raw } };
    if (!iom && sendingReturn && !STATUS_WORDS.test(head) && !VIEW_WORDS.test(head))
      return {
        score: 0.85,
        slots: { kind: 'open', month: findMonths(splitGoodNews(u.raw).head, u.today)[0]?.month ?? null },
      };
    if (!iom || (!returnWord && !submitting)) return null;
    const month = findMonths(splitGoodNews(u.raw).head, u.today)[0]?.month ?? null;
    // Other boroughs' returns are the status question; a lead sends only their own.
    if (STATUS_WORDS.test(head) || VIEW_WORDS.test(head) || /\b(?:cohort|report|boroughs)\b/.test(head)) {
      return { score: 0.3, slots: { kind: 'open', month } };
    }
    return { score: 0.9, slots: { kind: 'open', month } };
  },
  async run(ctx, slots) {
    const borough = ownBorough(ctx.asker, await iomBoroughs(ctx.database));
    if (!borough) {
      const message =
        `Your staff record has no IOM borough, so I can't tell which borough the return is for. ` +
        `Please ask ${ctx.settings.accessContact} to add it.`;
      return { reply: { text: message, personalData: false } };
    }
    if (!slots || slots.kind === 'open') return openForm(ctx, borough, slots?.month ?? null);
    if (slots.kind === 'good-news-count') {
      const month = monthLabel(slots.month ?? lastCompletedMonth(ctx.today));
      const message =
        `I haven't changed the ${borough} return for ${month}: good news is kept as the stories themselves, not as a number. ` +
        `Send the stories as "Good news: …" (all of them: they replace the ones saved) and they go into the ${month} return with the figures as they are.`;
      return {
        reply: { text: message, personalData: false },
        audit: { scope: 'iom-return-refused', count: 0 },
      };
    }
    if (slots.kind === 'amend') {
      const amended = await amendFigures(ctx, borough, slots.raw);
      if (amended) return amended;
    }
    let parsed =
      slots.kind === 'form'
        ? parseIomReturnForm(slots.value, ctx.today)
        : parseIomReturnText(slots.raw, ctx.today);
    if (!parsed.ok && slots.kind !== 'form')
      parsed = (await completedFromSaved(ctx, borough, parsed)) ?? parsed;
    if (!parsed.ok) return refuse(ctx, borough, parsed);
    const { saved, previous } = await saveIomReturn(ctx.database, {
      ...parsed.value,
      borough,
      submittedBy: ctx.asker.email,
    });
    ctx.log.info({
      event: 'iom_return_saved',
      returnId: saved.id,
      version: saved.version,
      staffId: ctx.asker.id,
    });
    const previousBy = previous
      ? ((await staffNames(ctx.database, [previous.submittedBy])).get(previous.submittedBy) ??
        previous.submittedBy)
      : null;
    const what = `the ${borough} IOM return for ${monthLabel(saved.month)} (version ${saved.version})`;
    // "5 good news stories" counts stories without telling them: ask for the stories.
    const told = 'raw' in slots && typeof slots.raw === 'string' ? splitGoodNews(slots.raw).storyCount : null;
    const untold = !saved.goodNews && told ? told : 0;
    const summary = `${previous ? 'Amended' : 'Saved'} ${what}: ${figuresLine(saved)}.`;
    const lines = [
      summary,
      ...(saved.goodNews ? [`Good news: ${saved.goodNews}`] : []),
      ...(untold
        ? [
            `You mentioned ${untold} good-news ${untold === 1 ? 'story' : 'stories'}: send ${untold === 1 ? 'it' : 'them'} as "Good news: …" and I'll add ${untold === 1 ? 'it' : 'them'} to this return.`,
          ]
        : []),
      ...(previous
        ? [`This replaces version ${previous.version}; the old figures are kept in the history.`]
        : []),
      amendHint(saved.month),
    ];
    return {
      reply: {
        text: lines.join('\n'),
        card: savedReturnCard(saved, previous, previousBy),
        // Good-news stories may name the people they are about.
        personalData: saved.goodNews !== null,
        channelSummary: `${summary} The good-news text is shown only in our 1:1 chat.`,
      },
      audit: { scope: 'iom-return', count: 1 },
    };
  },
};

/** How many of the five counts a message gives a number for. */
function countsNamed(raw: string, today: IsoDate): number {
  const parsed = parseIomReturnText(raw, today);
  const figures = parsed.ok ? parsed.value : parsed.partial;
  return IOM_COUNTS.filter((c) => typeof figures[c] === 'number').length;
}

/**
 * Some counts typed for a month already returned: the others keep their saved values, so a lead
 * can resend just what changed. Anything else wrong with the message still refuses it.
 */
async function completedFromSaved(
  ctx: CommandContext,
  borough: string,
  parsed: Extract<ParsedReturn, { ok: false }>,
): Promise<ParsedReturn | null> {
  const onlyMissing = parsed.errors.every((e) => e.reason === 'is missing' && e.field !== 'month');
  const month = parsed.partial.month;
  if (!onlyMissing || !month) return null;
  const saved = await findIomReturn(ctx.database, borough, month);
  if (!saved) return null;
  const figures = Object.fromEntries(
    IOM_COUNTS.map((c) => [c, parsed.partial[c] ?? saved.ret[c]]),
  ) as IomFigures;
  return { ok: true, value: { ...figures, month, goodNews: parsed.partial.goodNews ?? saved.ret.goodNews } };
}

/** A correction sent as a sentence, applied to the return already saved for the month (or last month). */
async function amendFigures(
  ctx: CommandContext,
  borough: string,
  raw: string,
): Promise<CommandResult | null> {
  const correction = parseIomCorrection(raw, ctx.today);
  if (!correction) return null;
  const month = correction.month ?? lastCompletedMonth(ctx.today);
  const saved = await findIomReturn(ctx.database, borough, month);
  if (!saved) {
    // Nothing to correct: a full return in the same message is saved as one; otherwise say so.
    if (parseIomReturnText(raw, ctx.today).ok) return null;
    const message = `There is no ${borough} IOM return for ${monthLabel(month)} to correct yet. Send the whole return, for example: "${typedExample(month)}"`;
    return {
      reply: { text: message, personalData: false },
      audit: { scope: 'iom-return-refused', count: 0 },
    };
  }
  const { saved: now, previous } = await saveIomReturn(ctx.database, {
    ...saved.ret,
    ...correction.changes,
    month,
    goodNews: saved.ret.goodNews,
    borough,
    submittedBy: ctx.asker.email,
  });
  ctx.log.info({
    event: 'iom_return_amended',
    returnId: now.id,
    version: now.version,
    staffId: ctx.asker.id,
  });
  const changed = (Object.keys(correction.changes) as IomCount[])
    .map((c) => `${IOM_COUNT_LABEL[c]} ${now[c]} (was ${saved.ret[c]})`)
    .join(', ');
  const summary = `Amended the ${borough} IOM return for ${monthLabel(month)} (version ${now.version}): ${changed}. The other figures are unchanged: ${figuresLine(now)}.`;
  return {
    reply: {
      text: [summary, `Version ${saved.ret.version} is kept in the history.`, amendHint(month)].join('\n'),
      card: savedReturnCard(now, previous, ctx.asker.name),
      personalData: now.goodNews !== null,
      channelSummary: `${summary} The good-news text is shown only in our 1:1 chat.`,
    },
    audit: { scope: 'iom-return', count: 1 },
  };
}

async function openForm(ctx: CommandContext, borough: string, asked: IsoDate | null): Promise<CommandResult> {
  const notes: string[] = [];
  let month: IsoDate | null = asked ?? lastCompletedMonth(ctx.today);
  const problem = monthProblem(month, ctx.today);
  if (problem) {
    // Leave the month unchosen rather than quietly switch it: the lead picks it on the form.
    notes.push(`${problem}.`);
    month = null;
  }
  const existing = month ? await findIomReturn(ctx.database, borough, month) : null;
  if (existing) {
    const by =
      (await staffNames(ctx.database, [existing.ret.submittedBy])).get(existing.ret.submittedBy) ??
      existing.ret.submittedBy;
    notes.push(
      `A return for ${monthLabel(existing.ret.month)} is already saved (version ${existing.ret.version}, ${formatInstant(existing.ret.submittedAt)} by ${by}). ` +
        `Sending this form replaces it; the old figures are kept.`,
    );
  }
  const card = returnForm({
    borough,
    today: ctx.today,
    month,
    notes,
    ...(existing ? { prefill: existing.ret } : {}),
  });
  const text = [
    `Here is the IOM return form for ${borough}${month ? ` (${monthLabel(month)})` : ''}.`,
    ...notes,
    `Or type it in one message: "${typedExample(month ?? lastCompletedMonth(ctx.today))}"`,
  ].join('\n');
  return {
    reply: {
      text,
      card,
      personalData: Boolean(existing?.ret.goodNews),
      channelSummary: `The ${borough} IOM return is already saved for that month; its form includes the good-news text.`,
    },
    audit: { scope: 'iom-return-form', count: existing ? 1 : 0 },
  };
}

function refuse(
  ctx: CommandContext,
  borough: string,
  parsed: Extract<ParsedReturn, { ok: false }>,
): CommandResult {
  const problems = describeErrors(parsed.errors);
  const month =
    parsed.partial.month && !monthProblem(parsed.partial.month, ctx.today) ? parsed.partial.month : null;
  const intro = `Not saved: the ${borough} IOM return has ${problems.length === 1 ? 'a problem' : `${problems.length} problems`}. Nothing has been stored.`;
  const card = returnForm({
    borough,
    today: ctx.today,
    month,
    problems,
    prefill: { ...parsed.partial, goodNews: parsed.partial.goodNews },
    notes: ['Correct the figures below and send, or type the whole return again.'],
  });
  return {
    reply: {
      text: [
        intro,
        ...problems.map((p) => `- ${p}`),
        `For example: "${typedExample(month ?? lastCompletedMonth(ctx.today))}"`,
      ].join('\n'),
      card,
      personalData: parsed.partial.goodNews !== null,
      channelSummary: [intro, ...problems.map((p) => `- ${p}`)].join('\n'),
    },
    audit: { scope: 'iom-return-refused', count: 0 },
  };
}
