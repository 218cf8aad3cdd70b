import { isValidIsoDate } from '../domain/dates.js';

export interface GenerateOptions {
  seed: number;
  /** YYYY-MM-DD; every date is relative to it. */
  today: string;
  /** Community cases (rows of the cases extract). */
  cases: number;
  practitioners: number;
  /** Practitioners are spread over the teams; each team has one SPO. */
  teams: number;
  /** All teams in this PDU; when omitted, teams are grouped ten to a PDU (demo: Enfield and Haringey). */
  pdu?: string;
  /** Custody rows (default: 20 in demo mode, else cases / 12). */
  custody?: number;
  /** DIP breaches (default: 30 in demo mode, else cases / 100, at least 30). */
  dipBreaches?: number;
  /** IOM cohort size PER BOROUGH (default 60). */
  iomCohort?: number;
  /** IOM boroughs (default Enfield and Haringey). */
  boroughs?: string[];
  /** Adds the Microsoft 365 Agents Playground users to the staff and gives them data. */
  demo?: boolean;
}

export function checkOptions(o: GenerateOptions): void {
  const problems: string[] = [];
  const wholeAtLeast = (name: string, v: number | undefined, min: number) => {
    if (v !== undefined && (!Number.isInteger(v) || v < min))
      problems.push(`${name} must be a whole number ≥ ${min}`);
  };
  if (!Number.isInteger(o.seed)) problems.push('seed must be a whole number');
  if (!isValidIsoDate(o.today)) problems.push(`today must be a date as YYYY-MM-DD (got '${o.today}')`);
  wholeAtLeast('cases', o.cases, 0);
  wholeAtLeast('practitioners', o.practitioners, o.demo ? 2 : 1);
  wholeAtLeast('teams', o.teams, 1);
  wholeAtLeast('custody', o.custody, 0);
  wholeAtLeast('dipBreaches', o.dipBreaches, 0);
  wholeAtLeast('iomCohort', o.iomCohort, 0);
  if (o.teams > o.practitioners && !o.demo) problems.push('teams must not exceed practitioners');
  if (o.boroughs !== undefined && o.boroughs.some((b) => b.trim() === ''))
    problems.push('boroughs must not be empty');
  if (problems.length) throw new RangeError(`Invalid generator options: ${problems.join('; ')}`);
}
