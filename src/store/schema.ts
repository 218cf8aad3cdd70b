import { sql } from 'drizzle-orm';
import { OPEN_OUTCOMES } from '../domain/dip.js';
import {
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  serial,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

/** Dates are calendar dates (Europe/London) held as ISO strings; instants are timestamptz. */
const day = (name: string) => date(name, { mode: 'string' });
const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const staff = pgTable(
  'staff',
  {
    id: serial('id').primaryKey(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    roles: text('roles').array().notNull(),
    teamCode: text('team_code'),
    pdu: text('pdu'),
    borough: text('borough'),
    aadObjectId: text('aad_object_id'),
    updatedAt: instant('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('staff_email_uq').on(t.email),
    uniqueIndex('staff_aad_uq').on(t.aadObjectId),
    index('staff_team_idx').on(t.teamCode),
  ],
);

export const teams = pgTable('teams', {
  code: text('code').primaryKey(),
  pdu: text('pdu'),
  updatedAt: instant('updated_at').notNull().defaultNow(),
});

/** Community sentences and orders under supervision, with the Reset facts and the dates derived from them. */
export const cases = pgTable(
  'cases',
  {
    id: serial('id').primaryKey(),
    crn: text('crn').notNull(),
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull(),
    practitionerEmail: text('practitioner_email').notNull(),
    sentenceType: text('sentence_type').notNull(),
    startDate: day('start_date').notNull(),
    endDate: day('end_date').notNull(),
    rar: boolean('rar').notNull().default(false),
    mappaCategory: smallint('mappa_category'),
    mappaLevel: smallint('mappa_level'),
    rosh: text('rosh'),
    nsd: boolean('nsd').notNull().default(false),
    childProtection: boolean('child_protection').notNull().default(false),
    iscPilot: boolean('isc_pilot').notNull().default(false),
    // Derived at import so "this week" is an index range, not a caseload scan.
    twoThirdsDate: day('two_thirds_date').notNull(),
    followUpDate: day('follow_up_date'),
    exempt: boolean('exempt').notNull().default(false),
    updatedAt: instant('updated_at').notNull().defaultNow(),
  },
  // Every index is paid for on each of a national extract's 250,000 rows at import (docs/benchmarks.md):
  // a CRN lookup uses cases_natural_uq's leading column, a caseload uses cases_practitioner_tt_idx's,
  // and only licences have a follow-up date.
  (t) => [
    uniqueIndex('cases_natural_uq').on(t.crn, t.sentenceType, t.startDate),
    index('cases_practitioner_tt_idx').on(t.practitionerEmail, t.twoThirdsDate),
    index('cases_practitioner_fu_idx')
      .on(t.practitionerEmail, t.followUpDate)
      .where(sql`follow_up_date is not null`),
  ],
);

/** People in custody on a practitioner's caseload: the facts ECSL screening needs. */
export const custodyCases = pgTable(
  'custody_cases',
  {
    id: serial('id').primaryKey(),
    crn: text('crn').notNull(),
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull(),
    practitionerEmail: text('practitioner_email').notNull(),
    prison: text('prison'),
    sentenceType: text('sentence_type').notNull(),
    sentenceLength: text('sentence_length').notNull(),
    custodyStartDate: day('custody_start_date').notNull(),
    crd: day('crd').notNull(),
    sexualOffence: boolean('sexual_offence').notNull().default(false),
    sexOffenderRegister: boolean('sex_offender_register').notNull().default(false),
    violentOffence: boolean('violent_offence').notNull().default(false),
    terroristConnected: boolean('terrorist_connected').notNull().default(false),
    categoryA: boolean('category_a').notNull().default(false),
    civilPrisoner: boolean('civil_prisoner').notNull().default(false),
    fineDefault: boolean('fine_default').notNull().default(false),
    servingRecall: boolean('serving_recall').notNull().default(false),
    remandedOtherMatters: boolean('remanded_other_matters').notNull().default(false),
    nsd: boolean('nsd').notNull().default(false),
    furtherChargePending: boolean('further_charge_pending').notNull().default(false),
    releasePlanRiskIncrease: boolean('release_plan_risk_increase').notNull().default(false),
    estate: text('estate').notNull().default('male'),
    progressionExcluded: boolean('progression_excluded').notNull().default(false),
    updatedAt: instant('updated_at').notNull().defaultNow(),
  },
  // A CRN lookup uses custody_natural_uq's leading column.
  (t) => [
    uniqueIndex('custody_natural_uq').on(t.crn, t.custodyStartDate),
    index('custody_practitioner_idx').on(t.practitionerEmail, t.crd),
  ],
);

/** The Teams outcome stands unless the extract's outcome is dated later (currentOutcome in src/domain/dip.ts). */
const TEAMS_OUTCOME_STANDS =
  'recorded_outcome is not null and (outcome is null or outcome_date is null or ' +
  'recorded_outcome_date is null or outcome_date <= recorded_outcome_date)';
const OPEN_OUTCOME_LIST = OPEN_OUTCOMES.map((o) => `'${o}'`).join(', ');

export const dipBreaches = pgTable(
  'dip_breaches',
  {
    id: serial('id').primaryKey(),
    reference: text('reference').notNull(),
    crn: text('crn'),
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull(),
    dateOfBirth: day('date_of_birth'),
    assessment: text('assessment').notNull(),
    missedDate: day('missed_date').notNull(),
    officerEmail: text('officer_email'),
    /** The outcome as the extract has it; the import writes these two and nothing below them. */
    outcome: text('outcome'),
    outcomeDate: day('outcome_date'),
    lastDayToCharge: day('last_day_to_charge').notNull(),
    // The latest outcome recorded in Teams (its history is dip_outcome_history): never written by
    // an import, so a re-import cannot undo it.
    recordedOutcome: text('recorded_outcome'),
    recordedOutcomeDate: day('recorded_outcome_date'),
    recordedNote: text('recorded_note'),
    recordedBy: text('recorded_by'),
    recordedAt: instant('recorded_at'),
    /** The outcome that stands: every reader uses these, never outcome / outcome_date directly. */
    currentOutcome: text('current_outcome').generatedAlwaysAs(
      sql.raw(`case when ${TEAMS_OUTCOME_STANDS} then recorded_outcome else outcome end`),
    ),
    currentOutcomeDate: day('current_outcome_date').generatedAlwaysAs(
      sql.raw(`case when ${TEAMS_OUTCOME_STANDS} then recorded_outcome_date else outcome_date end`),
    ),
    updatedAt: instant('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('dip_reference_uq').on(t.reference),
    index('dip_open_ldc_idx')
      .on(t.lastDayToCharge)
      .where(sql.raw(`current_outcome is null or current_outcome in (${OPEN_OUTCOME_LIST})`)),
    index('dip_officer_idx').on(t.officerEmail, t.lastDayToCharge),
    index('dip_missed_idx').on(t.missedDate),
  ],
);

/** Every outcome recorded in Teams, oldest first: the latest is copied onto dip_breaches. */
export const dipOutcomeHistory = pgTable(
  'dip_outcome_history',
  {
    id: serial('id').primaryKey(),
    reference: text('reference').notNull(),
    outcome: text('outcome').notNull(),
    outcomeDate: day('outcome_date').notNull(),
    note: text('note'),
    recordedBy: text('recorded_by').notNull(),
    recordedAt: instant('recorded_at').notNull(),
  },
  (t) => [index('dip_history_reference_idx').on(t.reference, t.id)],
);

export const iomCohort = pgTable(
  'iom_cohort',
  {
    id: serial('id').primaryKey(),
    crn: text('crn').notNull(),
    pnc: text('pnc'),
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull(),
    borough: text('borough').notNull(),
    cohort: text('cohort').notNull(),
    brag: text('brag').notNull(),
    gender: text('gender'),
    ethnicity: text('ethnicity'),
    drugDependent: boolean('drug_dependent').notNull().default(false),
    inDrugTreatment: boolean('in_drug_treatment').notNull().default(false),
    ward: text('ward'),
    inCustody: boolean('in_custody').notNull().default(false),
    gpsTag: text('gps_tag'),
    updatedAt: instant('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('iom_crn_uq').on(t.crn), index('iom_borough_idx').on(t.borough)],
);

export const iomReturns = pgTable(
  'iom_returns',
  {
    id: serial('id').primaryKey(),
    borough: text('borough').notNull(),
    /** First day of the month returned for. */
    month: day('month').notNull(),
    arrests: integer('arrests').notNull(),
    homeVisits: integer('home_visits').notNull(),
    prisonVisits: integer('prison_visits').notNull(),
    panelReferrals: integer('panel_referrals').notNull(),
    judicialOrders: integer('judicial_orders').notNull(),
    goodNews: text('good_news'),
    submittedBy: text('submitted_by').notNull(),
    submittedAt: instant('submitted_at').notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [uniqueIndex('iom_returns_borough_month_uq').on(t.borough, t.month)],
);

/** Every superseded version of a return: who, when, and the old values. */
export const iomReturnHistory = pgTable(
  'iom_return_history',
  {
    id: serial('id').primaryKey(),
    returnId: integer('return_id')
      .notNull()
      .references(() => iomReturns.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    values: jsonb('values').notNull(),
    submittedBy: text('submitted_by').notNull(),
    submittedAt: instant('submitted_at').notNull(),
    replacedBy: text('replaced_by').notNull(),
    replacedAt: instant('replaced_at').notNull().defaultNow(),
  },
  (t) => [index('iom_history_return_idx').on(t.returnId)],
);

/** The latest conversation reference per Teams user and conversation, for proactive messages. */
export const conversationRefs = pgTable(
  'conversation_refs',
  {
    id: serial('id').primaryKey(),
    aadObjectId: text('aad_object_id').notNull(),
    conversationId: text('conversation_id').notNull(),
    conversationType: text('conversation_type').notNull(),
    tenantId: text('tenant_id'),
    serviceUrl: text('service_url'),
    reference: jsonb('reference').notNull(),
    unreachableAt: instant('unreachable_at'),
    unreachableReason: text('unreachable_reason'),
    updatedAt: instant('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('conv_user_conversation_uq').on(t.aadObjectId, t.conversationId),
    index('conv_user_type_idx').on(t.aadObjectId, t.conversationType),
  ],
);

/**
 * Delivery ledger: one row per (job, recipient, slot), claimed before sending, so a slot is never
 * sent twice by reruns, replicas or restarts.
 */
export const deliveries = pgTable(
  'deliveries',
  {
    id: serial('id').primaryKey(),
    job: text('job').notNull(),
    recipient: text('recipient').notNull(),
    slot: text('slot').notNull(),
    status: text('status').notNull(),
    attempts: integer('attempts').notNull().default(0),
    detail: text('detail'),
    claimedBy: text('claimed_by'),
    claimedAt: instant('claimed_at').notNull().defaultNow(),
    finishedAt: instant('finished_at'),
  },
  (t) => [
    uniqueIndex('deliveries_slot_uq').on(t.job, t.recipient, t.slot),
    index('deliveries_claimed_at_idx').on(t.claimedAt),
  ],
);

/** One row per job slot run: lets a worker catch up a missed slot exactly once. */
export const jobRuns = pgTable(
  'job_runs',
  {
    id: serial('id').primaryKey(),
    job: text('job').notNull(),
    slot: text('slot').notNull(),
    startedAt: instant('started_at').notNull().defaultNow(),
    finishedAt: instant('finished_at'),
    summary: jsonb('summary'),
  },
  (t) => [uniqueIndex('job_runs_slot_uq').on(t.job, t.slot)],
);

export const preferences = pgTable('preferences', {
  staffEmail: text('staff_email').primaryKey(),
  digestsEnabled: boolean('digests_enabled').notNull().default(true),
  remindersEnabled: boolean('reminders_enabled').notNull().default(true),
  digestTime: text('digest_time'),
  quietStart: text('quiet_start'),
  quietEnd: text('quiet_end'),
  snoozeUntil: day('snooze_until'),
  sendEmpty: boolean('send_empty').notNull().default(false),
  updatedAt: instant('updated_at').notNull().defaultNow(),
});

/**
 * A final-third follow-up or a two-thirds point acknowledged in Teams, every one kept: the latest
 * for a case, kind and due date is what stands. `dueDate` is the date acknowledged, so an extract
 * that moves the date (a recall, an amended licence) makes the point due again.
 */
export const caseAcknowledgements = pgTable(
  'case_acknowledgements',
  {
    id: serial('id').primaryKey(),
    // The cases row's id: re-imports update rows in place, so it is stable. No foreign key, so
    // an operator may still truncate and reload the case tables.
    caseId: integer('case_id').notNull(),
    kind: text('kind').notNull(),
    dueDate: day('due_date').notNull(),
    status: text('status').notNull(),
    bookedFor: day('booked_for'),
    // The day a follow-up took place, when the person said ("done on 30/11").
    heldOn: day('held_on'),
    reason: text('reason'),
    recordedBy: text('recorded_by').notNull(),
    recordedAt: instant('recorded_at').notNull(),
  },
  (t) => [index('case_ack_case_idx').on(t.caseId, t.kind, t.id)],
);

/**
 * One row per write made from a card button, keyed by the button's action id: a double press or
 * a replayed invoke finds its row and records nothing.
 */
export const actionReceipts = pgTable('action_receipts', {
  actionId: text('action_id').primaryKey(),
  staffEmail: text('staff_email').notNull(),
  verb: text('verb').notNull(),
  at: instant('at').notNull().defaultNow(),
});

/**
 * Who asked what and when: intent, scope and count, never the answer's personal data. A write
 * (an outcome, an acknowledgement) also records its target (a DIP reference or a case id, never
 * a name or CRN) and the values before and after; never the message's text or a note's.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: serial('id').primaryKey(),
    at: instant('at').notNull().defaultNow(),
    staffEmail: text('staff_email'),
    aadObjectId: text('aad_object_id'),
    intent: text('intent').notNull(),
    scope: text('scope'),
    resultCount: integer('result_count'),
    conversationType: text('conversation_type'),
    outcome: text('outcome').notNull().default('answered'),
    target: text('target'),
    before: jsonb('before'),
    after: jsonb('after'),
  },
  (t) => [index('audit_staff_at_idx').on(t.staffEmail, t.at), index('audit_at_idx').on(t.at)],
);

/**
 * Every import of an extract, refused ones included: which kind, which file, how many rows, when
 * and by whom (a person running the import command, or the drop folder). Answers say how old
 * their data is from the newest successful one of each kind.
 */
export const imports = pgTable(
  'imports',
  {
    id: serial('id').primaryKey(),
    kind: text('kind').notNull(),
    fileName: text('file_name'),
    /** 'command' (npm run import), 'folder' (IMPORT_DIR) or 'demo' (the demo seed). */
    source: text('source').notNull(),
    /** Who ran the command, or the drop folder's path. */
    importedBy: text('imported_by'),
    ok: boolean('ok').notNull(),
    rows: integer('rows').notNull().default(0),
    /** Rows refused (0 for a file-level refusal, which `summary` explains). */
    problems: integer('problems').notNull().default(0),
    /** One line: what was imported, or why nothing was. Line and column reasons, never cell values. */
    summary: text('summary').notNull(),
    importedAt: instant('imported_at').notNull(),
  },
  (t) => [index('imports_kind_at_idx').on(t.kind, t.importedAt), index('imports_at_idx').on(t.importedAt)],
);

/**
 * Rows an extract stopped listing (a leaver, a case closed or transferred): retired by the import
 * that left them out, kept here for history and audit, and out of every answer, digest, reminder
 * and access check because nothing else reads this table. A row that comes back in a later
 * extract is imported afresh; its retired copy stays.
 */
export const retiredRecords = pgTable(
  'retired_records',
  {
    id: serial('id').primaryKey(),
    /** The table it was retired from: staff, cases, custody_cases, dip_breaches, iom_cohort. */
    kind: text('kind').notNull(),
    /** Its natural key, `|`-joined (an email; crn|sentence_type|start_date; …). */
    naturalKey: text('natural_key').notNull(),
    /** The whole row as it was. */
    record: jsonb('record').notNull(),
    retiredAt: instant('retired_at').notNull().defaultNow(),
  },
  (t) => [index('retired_kind_key_idx').on(t.kind, t.naturalKey)],
);

export const schema = {
  staff,
  teams,
  cases,
  custodyCases,
  dipBreaches,
  dipOutcomeHistory,
  iomCohort,
  iomReturns,
  iomReturnHistory,
  conversationRefs,
  deliveries,
  jobRuns,
  preferences,
  caseAcknowledgements,
  actionReceipts,
  auditLog,
  imports,
  retiredRecords,
};
