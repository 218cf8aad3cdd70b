import type { Command } from '../src/assistant/types.js';
import { audit } from './audit.js';
import { deliveryReport } from './delivery-report.js';
import { caseDates } from './case-dates.js';
import { dataStatusCommand } from './data-status.js';
import { dipExpiring } from './dip-expiring.js';
import { dipStl } from './dip-stl.js';
import { dipOutcome } from './dip-outcome.js';
import { dipBacklog } from './dip-backlog.js';
import { followUpAck } from './follow-up-ack.js';
import { twoThirdsAck } from './two-thirds-ack.js';
import { ecslList } from './ecsl-list.js';
import { ecsl } from './ecsl.js';
import { followUps } from './follow-ups.js';
import { glossary } from './glossary.js';
import { help } from './help.js';
import { iomCohortReport } from './iom-cohort-report.js';
import { iomReturn } from './iom-return.js';
import { iomReturnsStatus } from './iom-returns-status.js';
import { iomReturnView } from './iom-return-view.js';
import { notificationSettings } from './notification-settings.js';
import { releasesDue } from './releases-due.js';
import { runJobNow } from './run-job.js';
import { tranche } from './tranche.js';
import { twoThirds } from './two-thirds.js';

/**
 * Every bot command, declared once. The matcher, `help` and the manifest all read this list.
 * Order matters only for help: the most asked first.
 */
export const commands: readonly Command[] = [
  twoThirds,
  followUps,
  caseDates,
  ecsl,
  ecslList,
  releasesDue,
  dipExpiring,
  dipStl,
  iomReturn,
  iomReturnsStatus,
  iomReturnView,
  iomCohortReport,
  tranche,
  // Recording what was done: after the questions, so the Teams menu keeps its ten.
  followUpAck,
  twoThirdsAck,
  dipOutcome,
  dipBacklog,
  notificationSettings,
  runJobNow,
  deliveryReport,
  dataStatusCommand,
  audit,
  glossary,
  help,
] as Command[];
