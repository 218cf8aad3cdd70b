import { recordedLine } from '../cards/actions.js';
import { card, container, heading, md, subtle, submit, text, type Element } from '../cards/build.js';
import { breachLabel } from '../cards/dip.js';
import { plural } from '../cards/text.js';
import type { Reply } from '../cards/types.js';
import { compareDates, formatUkDate, type IsoDate } from '../domain/dates.js';
import { DIP_OUTCOME_LABEL, isTerminalOutcome, stlStatus, type DipOutcome } from '../domain/dip.js';
import { hasRole, type StaffMember } from '../domain/staff.js';
import { crnsOnCaseloads } from '../store/cases.repository.js';
import type { Database } from '../store/db.js';
import {
  breachByReference,
  breachesEndingWith,
  recordDipOutcome,
  type DipBreachRow,
} from '../store/dip.repository.js';
import { staffByEmails, staffEmails, staffNames } from '../store/staff.repository.js';
import type { CommandContext, ConversationType } from './types.js';

/** What a write needs to know about the moment and the person making it. */
export interface WriteContext {
  database: Database;
  asker: StaffMember;
  today: IsoDate;
  now: Date;
  conversationType: ConversationType;
}

export function writeContext(ctx: CommandContext): WriteContext {
  return {
    database: ctx.database,
    asker: ctx.asker,
    today: ctx.today,
    now: ctx.now ?? new Date(),
    conversationType: ctx.conversationType,
  };
}

/** The one reply for a reference that does not exist and for one the asker may not write to. */
export function breachNotFound(reference: string): string {
  return `I can't find a DIP breach with the reference ${reference}.`;
}

export function suffixNotFound(digits: string): string {
  return `I can't find a DIP breach ending ${digits} among yours.`;
}

/**
 * The breaches (by id) the asker may record outcomes on: the breach's DIP officer, any DIP officer
 * of that officer's PDU, every DIP officer for a breach no DIP officer holds (as the reminders
 * route it), the practitioner holding the person's case, and that practitioner's SPO. Heads of
 * PDU and everyone else may read but not write.
 */
export async function writableBreaches(
  database: Database,
  asker: StaffMember,
  rows: readonly DipBreachRow[],
): Promise<Set<number>> {
  const out = new Set<number>();
  if (!rows.length) return out;
  if (hasRole(asker, 'dip_officer')) {
    const officers = await staffByEmails(database, rows.map((r) => r.officerEmail ?? '').filter(Boolean));
    const me = asker.email.toLowerCase();
    for (const r of rows) {
      const email = r.officerEmail?.toLowerCase();
      const officer = email ? officers.get(email) : undefined;
      const heldByAnOfficer = officer !== undefined && hasRole(officer, 'dip_officer');
      if (!heldByAnOfficer || email === me || (asker.pdu !== null && officer.pdu === asker.pdu))
        out.add(r.id);
    }
  }
  const caseholders = new Set<string>();
  if (hasRole(asker, 'practitioner')) caseholders.add(asker.email);
  if (hasRole(asker, 'spo') && asker.teamCode)
    for (const e of await staffEmails(database, { teamCode: asker.teamCode })) caseholders.add(e);
  const withCrn = rows.filter((r) => r.crn && !out.has(r.id));
  if (caseholders.size && withCrn.length) {
    const mine = await crnsOnCaseloads(
      database,
      [...caseholders],
      withCrn.map((r) => r.crn as string),
    );
    for (const r of withCrn) if (mine.has(r.crn as string)) out.add(r.id);
  }
  return out;
}

export type Resolved =
  | { kind: 'found'; row: DipBreachRow }
  | { kind: 'not_found'; message: string }
  | { kind: 'ambiguous'; typed: string; candidates: DipBreachRow[] };

/**
 * The breaches a message names, as the asker may write to them: a full reference, or a bare
 * number that ends exactly one of the asker's breaches' references. Anything else reads as not
 * found, worded the same whether it exists or not.
 */
export async function resolveBreaches(
  database: Database,
  asker: StaffMember,
  references: readonly string[],
  suffixes: readonly string[],
): Promise<Resolved[]> {
  const out: Resolved[] = [];
  for (const ref of references) {
    const row = await breachByReference(database, ref);
    const ok = row ? (await writableBreaches(database, asker, [row])).has(row.id) : false;
    out.push(row && ok ? { kind: 'found', row } : { kind: 'not_found', message: breachNotFound(ref) });
  }
  for (const digits of suffixes) {
    const candidates = await breachesEndingWith(database, digits);
    const allowed = await writableBreaches(database, asker, candidates);
    const mine = candidates.filter((c) => allowed.has(c.id));
    if (mine.length === 1 && mine[0]) out.push({ kind: 'found', row: mine[0] });
    else if (mine.length === 0) out.push({ kind: 'not_found', message: suffixNotFound(digits) });
    else out.push({ kind: 'ambiguous', typed: digits, candidates: mine.slice(0, 5) });
  }
  // The same breach named twice (in full and by its number) is recorded once.
  const seen = new Set<number>();
  return out.filter((r) => r.kind !== 'found' || (!seen.has(r.row.id) && seen.add(r.row.id)));
}

/** Why an outcome cannot be recorded on this breach as asked, or null. */
export function outcomeProblem(
  row: DipBreachRow,
  outcome: DipOutcome,
  date: IsoDate,
  today: IsoDate,
): string | null {
  if (compareDates(date, today) > 0) return `${row.reference}: an outcome cannot be dated in the future.`;
  if (compareDates(date, row.missedDate) < 0)
    return `${row.reference}: ${formatUkDate(date)} is before the missed appointment (${formatUkDate(row.missedDate)}).`;
  if (outcome === 'stl_passed' && compareDates(row.lastDayToCharge, today) >= 0) {
    const s = stlStatus({ missedDate: row.missedDate, outcome: null }, today);
    return (
      `${row.reference}: the last day to charge is ${formatUkDate(row.lastDayToCharge)} ` +
      `(${s.daysLeft === 0 ? 'today' : plural(s.daysLeft, 'day') + ' left'}), so the time limit has not passed.`
    );
  }
  return null;
}

export interface OutcomeLine {
  row: DipBreachRow;
  /** recorded, unchanged (already so), or duplicate (this press was recorded before). */
  result: 'recorded' | 'unchanged' | 'duplicate';
}

/** Records one outcome; the caller has resolved and checked the breach. */
export async function writeOutcome(
  w: WriteContext,
  row: DipBreachRow,
  outcome: DipOutcome,
  outcomeDate: IsoDate,
  note: string | null,
  actionId: string | null,
): Promise<OutcomeLine | null> {
  const r = await recordDipOutcome(w.database, {
    breachId: row.id,
    outcome,
    outcomeDate,
    note,
    by: { email: w.asker.email, aadObjectId: w.asker.aadObjectId },
    at: w.now,
    conversationType: w.conversationType,
    actionId,
  });
  if (r.kind === 'gone') return null;
  return { row: r.row, result: r.kind };
}

/** "Recorded: PCR issued by Adele Vance, 10:14", from the breach's own recorded columns. */
export async function recordedOn(
  database: Database,
  rows: readonly DipBreachRow[],
  now: Date,
): Promise<Map<number, string>> {
  const teams = rows.filter(
    (r) => r.recordedOutcome && r.currentOutcome === r.recordedOutcome && r.recordedAt,
  );
  const names = await staffNames(
    database,
    teams.map((r) => r.recordedBy ?? ''),
  );
  return new Map(
    teams.map((r) => [
      r.id,
      recordedLine(
        DIP_OUTCOME_LABEL[r.recordedOutcome as DipOutcome] ?? r.recordedOutcome ?? '',
        names.get(r.recordedBy ?? '') ?? r.recordedBy ?? 'someone',
        r.recordedAt as Date,
        now,
      ),
    ]),
  );
}

function consequence(row: DipBreachRow): string {
  if (isTerminalOutcome(row.currentOutcome as DipOutcome | null))
    return 'Reminders stop: the breach is dealt with.';
  return `Reminders continue: the clock keeps running to ${formatUkDate(row.lastDayToCharge)}.`;
}

/**
 * The answer to "DIP-26-0304 PCR issued": each breach with what now stands, the problems, and a
 * button per candidate where a bare number matched more than one of the asker's breaches.
 */
export async function outcomeReply(
  w: WriteContext,
  outcome: DipOutcome,
  lines: OutcomeLine[],
  problems: string[],
  ambiguous: { typed: string; candidates: DipBreachRow[] }[],
): Promise<Reply> {
  const recorded = await recordedOn(
    w.database,
    lines.map((l) => l.row),
    w.now,
  );
  const n = lines.filter((l) => l.result === 'recorded').length;
  const title = n
    ? `DIP outcome${n === 1 ? '' : 's'} recorded: ${DIP_OUTCOME_LABEL[outcome]}`
    : lines.length
      ? `Already recorded: ${DIP_OUTCOME_LABEL[outcome]}`
      : 'No DIP outcome recorded';
  const body: Element[] = [heading(title)];
  const textLines = [title];
  for (const l of lines) {
    const status = recorded.get(l.row.id) ?? `${DIP_OUTCOME_LABEL[outcome]} stands`;
    const already = l.result === 'recorded' ? '' : ' (already recorded: nothing changed)';
    body.push(
      container(
        [
          text(`**${md(breachLabel(l.row))}**`),
          subtle(`✓ ${md(status)}${already}`),
          subtle(consequence(l.row)),
        ],
        { separator: true, spacing: 'Small' },
      ),
    );
    textLines.push(`- ${breachLabel(l.row)}: ${status}${already}. ${consequence(l.row)}`);
  }
  for (const p of problems) {
    body.push(text(md(p), { color: 'Attention' }));
    textLines.push(p);
  }
  const buttons: Element[] = [];
  for (const a of ambiguous) {
    const message = `${a.typed} ends more than one of your breaches: ${a.candidates.map((c) => c.reference).join(', ')}. Which one?`;
    body.push(text(message));
    textLines.push(message);
    for (const c of a.candidates)
      buttons.push(
        submit(c.reference, `${c.reference} ${DIP_OUTCOME_LABEL[outcome]}`, { command: 'dip-outcome' }),
      );
  }
  const channelSummary =
    `${plural(n, 'DIP outcome')} recorded (${DIP_OUTCOME_LABEL[outcome]})` +
    (problems.length ? `; ${plural(problems.length, 'reference')} not recorded.` : '.');
  return {
    text: textLines.join('\n'),
    card: card(body, buttons),
    personalData: lines.length > 0,
    channelSummary,
  };
}
