import { hasRole, type StaffMember } from '../domain/staff.js';
import type { Database } from '../store/db.js';
import { staffEmails } from '../store/staff.repository.js';
import type { Utterance } from './understand.js';

/** Whose cases an answer covers: a set of practitioner emails and how to describe it. */
export interface CaseScope {
  kind: 'mine' | 'team' | 'pdu';
  label: string;
  practitionerEmails: string[];
  teamCode?: string;
}

export type ScopeResult = { ok: true; scope: CaseScope } | { ok: false; message: string };

/** The asker's own team: every member's caseload. */
async function ownTeam(database: Database, teamCode: string): Promise<ScopeResult> {
  const emails = await staffEmails(database, { teamCode });
  return {
    ok: true,
    scope: { kind: 'team', label: `your team (${teamCode})`, practitionerEmails: emails, teamCode },
  };
}

/**
 * The scope a question asks for, limited to what the asker may see: a practitioner their own
 * caseload, an SPO their team, a head of PDU the PDU. Without a scope word a caseholder gets their
 * own cases, an SPO without a caseload their team, a head of PDU the PDU.
 */
export async function resolveCaseScope(
  database: Database,
  asker: StaffMember,
  u: Pick<Utterance, 'scope' | 'teamCode'>,
): Promise<ScopeResult> {
  const isSpo = hasRole(asker, 'spo');
  const isHead = hasRole(asker, 'head_of_pdu');
  const holdsCases = hasRole(asker, 'practitioner');
  let wanted = u.scope;
  if (!wanted) wanted = holdsCases ? 'mine' : isSpo ? 'team' : isHead ? 'pdu' : 'mine';

  if (wanted === 'team' && u.teamCode && u.teamCode !== asker.teamCode) {
    // Another team: only a head of PDU for that team's PDU may look.
    if (isHead && asker.pdu) {
      const emails = await staffEmails(database, { teamCode: u.teamCode, pdu: asker.pdu });
      if (emails.length)
        return {
          ok: true,
          scope: {
            kind: 'team',
            label: `team ${u.teamCode}`,
            practitionerEmails: emails,
            teamCode: u.teamCode,
          },
        };
    }
    return { ok: false, message: `I can only show teams you manage. Ask about "my team" instead.` };
  }
  if (wanted === 'team') {
    if ((isSpo || isHead) && asker.teamCode) {
      return ownTeam(database, asker.teamCode);
    }
    // A head of PDU who manages no single team: "my team" is the PDU.
    if (isHead && asker.pdu) wanted = 'pdu';
    else if (!holdsCases) return { ok: false, message: 'Team answers are for SPOs and heads of PDU.' };
    else wanted = 'mine';
  }
  if (wanted === 'pdu') {
    if (isHead && asker.pdu) {
      const emails = await staffEmails(database, { pdu: asker.pdu });
      return { ok: true, scope: { kind: 'pdu', label: `the ${asker.pdu} PDU`, practitionerEmails: emails } };
    }
    if (isSpo && asker.teamCode) {
      return ownTeam(database, asker.teamCode);
    }
    if (!holdsCases) return { ok: false, message: 'PDU answers are for heads of PDU.' };
  }
  if (!holdsCases && !isSpo && !isHead) {
    return { ok: false, message: "You don't hold a caseload, so there are no cases to show you." };
  }
  if (!holdsCases && isSpo && asker.teamCode) {
    return ownTeam(database, asker.teamCode);
  }
  return { ok: true, scope: { kind: 'mine', label: 'your caseload', practitionerEmails: [asker.email] } };
}

/**
 * Everyone whose cases the asker may see at all (own, team if SPO, PDU if head of PDU): the pool a
 * name or CRN is looked up in. Cases outside it are answered as if they did not exist.
 */
export async function visiblePractitioners(database: Database, asker: StaffMember): Promise<string[]> {
  const emails = new Set<string>([asker.email]);
  if (hasRole(asker, 'spo') && asker.teamCode) {
    for (const e of await staffEmails(database, { teamCode: asker.teamCode })) emails.add(e);
  }
  if (hasRole(asker, 'head_of_pdu') && asker.pdu) {
    for (const e of await staffEmails(database, { pdu: asker.pdu })) emails.add(e);
  }
  return [...emails];
}
