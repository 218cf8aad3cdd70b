import { recordedLine } from '../cards/actions.js';
import { card, md, text } from '../cards/build.js';
import {
  ackText,
  checkBookingDate,
  type AckKind,
  type FollowUpStatus,
  type NotNeededReason,
} from '../domain/acknowledgements.js';
import { compareDates, daysBetween, formatUkDate, type IsoDate } from '../domain/dates.js';
import { hasRole, type StaffMember } from '../domain/staff.js';
import {
  currentAcknowledgements,
  recordAcknowledgement,
  type AckRow,
} from '../store/acknowledgements.repository.js';
import type { CaseRow } from '../store/cases.repository.js';
import type { Database } from '../store/db.js';
import { staffByEmails, staffEmails, staffNames } from '../store/staff.repository.js';
import type { WriteContext } from './dip-writes.js';
import type { CommandResult } from './types.js';

/**
 * Writes about one case's Reset points: who may make them (the practitioner holding the case, or
 * that practitioner's SPO) and the checks a statement must pass before it is recorded.
 */

/** The reply to a button about a case the presser may not write to, or that is gone: no CRN in it. */
export const CASE_NOT_FOUND = "I can't find that case among the cases you can see.";

/** Whose cases the asker may acknowledge points on: their own, and their team's if an SPO. */
export async function writableCaseholders(database: Database, asker: StaffMember): Promise<string[]> {
  const emails = new Set<string>([asker.email]);
  if (hasRole(asker, 'spo') && asker.teamCode)
    for (const e of await staffEmails(database, { teamCode: asker.teamCode })) emails.add(e);
  return [...emails];
}

export async function mayWriteCase(database: Database, asker: StaffMember, row: CaseRow): Promise<boolean> {
  if (row.practitionerEmail.toLowerCase() === asker.email.toLowerCase()) return true;
  if (!hasRole(asker, 'spo') || !asker.teamCode) return false;
  const holder = (await staffByEmails(database, [row.practitionerEmail])).get(
    row.practitionerEmail.toLowerCase(),
  );
  return holder?.teamCode === asker.teamCode;
}

/** The case a follow-up statement is about: the licence with a follow-up nearest today. */
export function followUpCase(rows: CaseRow[], today: IsoDate): CaseRow | null {
  const candidates = rows.filter((r) => r.sentenceType === 'licence' && !r.exempt && r.followUpDate);
  return nearest(candidates, (r) => r.followUpDate as IsoDate, today);
}

/** The case a two-thirds statement is about: the licence or RAR order with a two-thirds point nearest today. */
export function twoThirdsCase(rows: CaseRow[], today: IsoDate): CaseRow | null {
  const candidates = rows.filter(
    (r) =>
      !r.exempt &&
      (r.sentenceType === 'licence' ||
        (r.rar && (r.sentenceType === 'community_order' || r.sentenceType === 'suspended_sentence_order'))),
  );
  return nearest(candidates, (r) => r.twoThirdsDate, today);
}

function nearest(rows: CaseRow[], date: (r: CaseRow) => IsoDate, today: IsoDate): CaseRow | null {
  let best: CaseRow | null = null;
  for (const r of rows)
    if (!best || Math.abs(daysBetween(today, date(r))) < Math.abs(daysBetween(today, date(best)))) best = r;
  return best;
}

/** Why nothing can be acknowledged for this person's cases, in words a practitioner recognises. */
export function noPointText(rows: CaseRow[], kind: AckKind, who: string): string {
  if (rows.some((r) => r.exempt))
    return `${who} is exempt from the Reset: contact continues in the final third, so there is ${kind === 'follow_up' ? 'no follow-up' : 'no reduction'} to record.`;
  if (kind === 'follow_up') return `${who} has no final-third follow-up: only non-exempt licences have one.`;
  return `${who} has no two-thirds point where contact reduces: that applies to licences and orders with a RAR.`;
}

export interface FollowUpChange {
  status: FollowUpStatus;
  bookedFor: IsoDate | null;
  /** When a done follow-up took place, if said. */
  heldOn: IsoDate | null;
  reason: NotNeededReason | null;
}

/** The checks a follow-up statement must pass, or the reason it cannot be recorded. */
export function followUpProblem(row: CaseRow, c: FollowUpChange, today: IsoDate): string | null {
  if (c.status === 'done' && c.heldOn && compareDates(c.heldOn, today) > 0)
    return `${formatUkDate(c.heldOn)} is still to come: a follow-up is marked done on or after the day it took place.`;
  if (c.status === 'booked') {
    if (!c.bookedFor) return 'When is it booked for? For example "follow-up booked for X123456 on 12 Dec".';
    const check = checkBookingDate(c.bookedFor, { twoThirdsDate: row.twoThirdsDate, endDate: row.endDate });
    if (!check.ok) return check.message;
  }
  if (c.status === 'not_needed' && !c.reason)
    return 'Why is it not needed? Say recalled, exempt now or transferred, e.g. "follow-up not needed for X123456: recalled".';
  return null;
}

export type AckOutcome = { result: 'recorded' | 'unchanged' | 'duplicate'; ack: AckRow | null };

export async function writeAck(
  w: WriteContext,
  row: CaseRow,
  kind: AckKind,
  change: FollowUpChange | { status: 'contact_reduced' },
  actionId: string | null,
): Promise<AckOutcome> {
  const due = kind === 'follow_up' ? (row.followUpDate as IsoDate) : row.twoThirdsDate;
  const r = await recordAcknowledgement(w.database, {
    caseId: row.id,
    kind,
    dueDate: due,
    status: change.status,
    bookedFor: 'bookedFor' in change ? change.bookedFor : null,
    heldOn: 'heldOn' in change ? change.heldOn : null,
    reason: 'reason' in change ? change.reason : null,
    by: { email: w.asker.email, aadObjectId: w.asker.aadObjectId },
    at: w.now,
    conversationType: w.conversationType,
    actionId,
  });
  return { result: r.kind, ack: r.kind === 'duplicate' ? null : r.ack };
}

/** "Follow-up booked for Fri 11 Dec 2026 (Pat Practitioner, 10:14)"-style lines per case id. */
export async function acknowledgementLines(
  database: Database,
  kind: AckKind,
  rows: readonly CaseRow[],
  now: Date,
): Promise<{ acks: Map<number, AckRow>; lines: Map<number, string> }> {
  const { acks, names } = await acknowledgementsOf(database, kind, rows);
  const lines = new Map<number, string>();
  for (const [id, a] of acks) {
    const what = `${kind === 'follow_up' ? 'follow-up ' : ''}${ackText(a)}`;
    lines.set(id, recordedLine(what, names.get(a.recordedBy) ?? a.recordedBy, a.recordedAt, now));
  }
  return { acks, lines };
}

/** A two-thirds confirmation is for a case whose supervision has not ended. */
export function twoThirdsProblem(row: CaseRow, today: IsoDate): string | null {
  if (compareDates(row.endDate, today) < 0) return `That case ended on ${formatUkDate(row.endDate)}.`;
  return null;
}

/** A reply that names the person (a channel gets `summary` instead). */
export function personalReply(message: string, summary: string): CommandResult {
  return {
    reply: { text: message, card: card([text(md(message))]), personalData: true, channelSummary: summary },
    audit: { scope: 'person', count: 0 },
  };
}

/** The acknowledgements standing on these cases and the names of who made them, for lists and digests. */
export async function acknowledgementsOf(
  database: Database,
  kind: AckKind,
  rows: readonly CaseRow[],
): Promise<{ acks: Map<number, AckRow>; names: Map<string, string> }> {
  const acks = await currentAcknowledgements(
    database,
    kind,
    rows.map((r) => ({ id: r.id, due: kind === 'follow_up' ? r.followUpDate : r.twoThirdsDate })),
  );
  const names = await staffNames(
    database,
    [...acks.values()].map((a) => a.recordedBy),
  );
  return { acks, names };
}
