import { readFileSync } from 'node:fs';
import type { Config } from './config.js';
import { DEFAULT_ECSL_TIMELINE, parseEcslTimeline, type EcslSettings } from './domain/ecsl.js';
import { parseFreshnessLimits, type FreshnessSettings } from './domain/freshness.js';
import {
  DEFAULT_PROGRESSION_TRANCHES,
  parseProgressionTranches,
  type ProgressionSettings,
} from './domain/progression.js';
import type { ResetSettings } from './domain/reset.js';
import { defaultBankHolidays, loadBankHolidays, WorkingCalendar } from './domain/working-days.js';
import { IMPORT_KINDS } from './import/rows.js';

/** The rule settings (docs/rules.md, Settings) resolved from configuration once at start. */
export interface Settings {
  reset: ResetSettings;
  ecsl: EcslSettings;
  progression: ProgressionSettings;
  /** How old an extract may be before answers built on it warn (EXTRACT_MAX_AGE_HOURS). */
  freshness: FreshnessSettings;
  dipWarningDays: number;
  calendar: WorkingCalendar;
  accessContact: string;
}

/** A JSON setting given inline (it starts with `[`) or as the path to a file. */
const jsonSetting = (value: string) => (value.trim().startsWith('[') ? value : readFileSync(value, 'utf8'));

/** Names the variable: a bad rule setting must stop the process saying which one. */
function named<T>(variable: string, read: () => T): T {
  try {
    return read();
  } catch (e) {
    throw new Error(`${variable}: ${(e as Error).message}`);
  }
}

export function settingsFromConfig(config: Config): Settings {
  const timeline = config.ECSL_TIMELINE
    ? parseEcslTimeline(jsonSetting(config.ECSL_TIMELINE))
    : DEFAULT_ECSL_TIMELINE;
  const tranches = config.PROGRESSION_TRANCHES
    ? named('PROGRESSION_TRANCHES', () =>
        parseProgressionTranches(jsonSetting(config.PROGRESSION_TRANCHES ?? '')),
      )
    : DEFAULT_PROGRESSION_TRANCHES;
  const holidays = config.BANK_HOLIDAYS_FILE
    ? loadBankHolidays(readFileSync(config.BANK_HOLIDAYS_FILE, 'utf8'))
    : defaultBankHolidays();
  return {
    reset: { goLiveDate: config.RESET_GO_LIVE_DATE, pssRepealDate: config.PSS_REPEAL_DATE },
    ecsl: {
      timeline,
      violentThreshold: config.ECSL_VIOLENT_THRESHOLD,
      minCustodyDays: config.ECSL_MIN_CUSTODY_DAYS,
    },
    progression: { tranches },
    freshness: named('EXTRACT_MAX_AGE_HOURS', () =>
      parseFreshnessLimits(config.EXTRACT_MAX_AGE_HOURS, IMPORT_KINDS),
    ),
    dipWarningDays: config.DIP_WARNING_DAYS,
    calendar: new WorkingCalendar(holidays),
    accessContact: config.ACCESS_CONTACT,
  };
}
