/**
 * The terms staff ask about ("what does STL mean?"), in plain words, with what the assistant can
 * do with each. The same terms as the glossary of docs/rules.md.
 */
export interface GlossaryEntry {
  /** Ways the term is written, lower case ("stl", "stls", "statutory time limit"). */
  names: string[];
  term: string;
  meaning: string;
  /** A question the assistant answers about it, if any. */
  ask?: string;
}

export const GLOSSARY: GlossaryEntry[] = [
  {
    names: ['crn', 'crns'],
    term: 'CRN',
    meaning: 'Case Reference Number in nDelius: one letter and six digits, e.g. X123456.',
    ask: 'key dates for X123456',
  },
  { names: ['noms', 'noms number'], term: 'NOMS number', meaning: 'The prison number, e.g. A1234BC.' },
  { names: ['pdu', 'pdus'], term: 'PDU', meaning: 'Probation Delivery Unit.' },
  {
    names: ['spo', 'spos'],
    term: 'SPO',
    meaning: 'Senior Probation Officer: manages a team of practitioners.',
  },
  {
    names: ['sled', 'led'],
    term: 'SLED',
    meaning: 'Sentence and Licence Expiry Date: when the licence ends.',
  },
  {
    names: ['crd'],
    term: 'CRD',
    meaning: 'Conditional Release Date: the automatic release point, as the prison calculates it.',
    ask: 'who is released in the next 4 weeks',
  },
  {
    names: ['pss'],
    term: 'PSS',
    meaning:
      'Post-Sentence Supervision after a licence for sentences under 2 years. It was repealed on 11 May 2026: no PSS supervision continues after that day.',
  },
  {
    names: ['rar', 'rars'],
    term: 'RAR',
    meaning: 'Rehabilitation Activity Requirement in a community order or suspended sentence order.',
  },
  {
    names: ['mappa'],
    term: 'MAPPA',
    meaning:
      'Multi-Agency Public Protection Arrangements: category 1–4, level 1–3. Any MAPPA case is exempt from the Probation Reset.',
  },
  {
    names: ['rosh'],
    term: 'RoSH',
    meaning:
      'Risk of Serious Harm: low, medium, high or very high. Very high is exempt from the Probation Reset; high is not.',
  },
  {
    names: ['nsd'],
    term: 'NSD',
    meaning: 'National Security Division: specialist management of terrorism and national-security cases.',
  },
  { names: ['isc'], term: 'ISC', meaning: 'Intensive Supervision Court pilot.' },
  {
    names: ['ecsl', 'end of custody supervised licence'],
    term: 'ECSL',
    meaning:
      'End of Custody Supervised Licence: release up to a set number of days before the CRD, used in 2023–24. It ended on 9 September 2024; no ECSL scheme is in force now.',
    ask: 'was X123456 eligible for ECSL on 1 July 2024',
  },
  {
    names: ['sds', 'sds+', 'sds plus'],
    term: 'SDS / SDS+',
    meaning: 'Standard Determinate Sentence; SDS+ is released at two-thirds.',
  },
  { names: ['eds'], term: 'EDS', meaning: 'Extended Determinate Sentence.' },
  { names: ['sopc'], term: 'SOPC', meaning: 'Sentence for an Offender of Particular Concern.' },
  {
    names: ['dip'],
    term: 'DIP',
    meaning:
      'Drug Interventions Programme: a drug test on arrest, then a required assessment; missing it is a summary offence.',
    ask: 'DIP STLs expiring this week',
  },
  {
    names: ['ra1', 'ra4'],
    term: 'RA1 / RA4',
    meaning: 'The written notice to attend the initial assessment (RA1) or the follow-up assessment (RA4).',
  },
  {
    names: ['stl', 'stls', 'statutory time limit'],
    term: 'STL',
    meaning:
      'Statutory Time Limit: a summary offence must be charged within six calendar months of the offence (for a missed DIP assessment, of the missed appointment).',
    ask: 'STLs expiring this week',
  },
  {
    names: ['pcr', 'pcrs'],
    term: 'PCR',
    meaning: 'Postal Charge Requisition: issued on or before the last day to charge, it is in time.',
  },
  { names: ['fta'], term: 'FTA', meaning: 'Failed To Attend.' },
  {
    names: ['nfa'],
    term: 'NFA',
    meaning: 'No Further Action (in DIP outcomes); in IOM ward counts, No Fixed Abode.',
  },
  {
    names: ['iom'],
    term: 'IOM',
    meaning:
      'Integrated Offender Management: police and probation jointly manage a cohort of prolific offenders.',
    ask: 'IOM cohort report',
  },
  {
    names: ['brag', 'brag rating', 'brag status', 'brag colour'],
    term: 'BRAG',
    meaning: 'The IOM status colour: Blue, Red, Amber, Green. What each means is set locally.',
  },
  {
    names: ['judicial order', 'judicial orders', 'cbo', 'cbos', 'cpn', 'cpns'],
    term: 'Judicial orders (IOM return)',
    meaning:
      'Orders the courts made on the cohort in the month: criminal behaviour orders (CBOs), community protection notices (CPNs), injunctions and the like. Several kinds in one return are added up.',
    ask: 'IOM return: arrests 5, HVs 12, PVs 2, panel 1, 1 CPN and 2 CBOs',
  },
  {
    names: ['bcu'],
    term: 'BCU',
    meaning: 'Basic Command Unit (police); in London one BCU covers more than one borough.',
  },
  {
    names: ['probation reset', 'reset', 'two thirds point', 'twothirds point', 'twothirds'],
    term: 'The two-thirds point',
    meaning:
      'Under the Probation Reset, active supervision of a non-exempt licence stops after two-thirds of it, with one follow-up midway through the final third; RAR activity in a community order stops after two-thirds of the order.',
    ask: 'who reaches two-thirds this week',
  },
  {
    names: ['final third', 'finalthird'],
    term: 'The final third',
    meaning:
      'The days after the two-thirds point of a licence or order, to its end. Licence conditions and recall still apply.',
    ask: 'follow-ups due this week',
  },
  {
    names: ['progression model', 'tranche', 'tranches', 'tranche day'],
    term: 'The progression model',
    meaning:
      'From 1 October 2026 to 8 June 2027 standard determinate sentences move to release at one-third, brought in by sentence length in ten tranches.',
    ask: 'which tranche is X123456 in',
  },
];

/** The entry a term names, written any of its ways. */
export function lookupTerm(term: string): GlossaryEntry | null {
  const t = term
    .trim()
    .toLowerCase()
    .replace(/[?.!]+$/, '')
    .replace(/^(?:an?|the)\s+/, '');
  return GLOSSARY.find((e) => e.names.includes(t)) ?? null;
}
