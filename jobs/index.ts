import { dipStlReminders } from './dip-stl-reminders.js';
import { ecslAlerts } from './ecsl-alerts.js';
import { iomReturnReminders } from './iom-return-reminders.js';
import { operatorAlerts } from './operator-alerts.js';
import { practitionerWeekly } from './practitioner-weekly.js';
import { releaseAlerts } from './release-alerts.js';
import { retention } from './retention.js';
import { spoDigest } from './spo-digest.js';
import type { JobDefinition } from '../src/delivery/job.js';

/** Every scheduled job, declared once: the scheduler, `npm run job` and the admin commands read this list. */
export const jobs: readonly JobDefinition[] = [
  spoDigest,
  practitionerWeekly,
  dipStlReminders,
  ecslAlerts,
  iomReturnReminders,
  releaseAlerts,
  operatorAlerts,
  retention,
];

export function findJob(name: string): JobDefinition | undefined {
  return jobs.find((j) => j.name === name.trim().toLowerCase());
}

export const jobNames = (): string[] => jobs.map((j) => j.name);
