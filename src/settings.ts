import { readFileSync } from 'node:fs';
import { ConfigError, type Config } from './config.js';
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

/** A setting that names a file or holds data: any failure to read it names the variable. */
function setting<T>(variable: string, read: () => T): T {
  try {
    return read();
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const reason =
      err.code === 'ENOENT'
        ? `names a file that does not exist (${err.path ?? ''})`
        : err.code
          ? `cannot be read (${err.code})`
          : err.message;
    throw new ConfigError([`${variable} ${reason}`]);
  }
}

/** A JSON setting given inline (it starts with `[`) or as the path to a file. */
const jsonSetting = (value: string) => (value.trim().startsWith('[') ? value : readFileSync(value, 'utf8'));

/** The rule settings; a bad ECSL_TIMELINE, PROGRESSION_TRANCHES or BANK_HOLIDAYS_FILE is a ConfigError naming it. */
export function settingsFromConfig(config: Config): Settings {
  const ecslTimeline = config.ECSL_TIMELINE;
  const timeline = ecslTimeline
    ? setting('ECSL_TIMELINE', () => parseEcslTimeline(jsonSetting(ecslTimeline)))
    : DEFAULT_ECSL_TIMELINE;
  const trancheTable = config.PROGRESSION_TRANCHES;
  const tranches = trancheTable
    ? setting('PROGRESSION_TRANCHES', () => parseProgressionTranches(jsonSetting(trancheTable)))
    : DEFAULT_PROGRESSION_TRANCHES;
  const holidaysFile = config.BANK_HOLIDAYS_FILE;
  const holidays = holidaysFile
    ? setting('BANK_HOLIDAYS_FILE', () => loadBankHolidays(readFileSync(holidaysFile, 'utf8')))
    : defaultBankHolidays();
  return {
    reset: { goLiveDate: config.RESET_GO_LIVE_DATE, pssRepealDate: config.PSS_REPEAL_DATE },
    ecsl: {
      timeline,
      violentThreshold: config.ECSL_VIOLENT_THRESHOLD,
      minCustodyDays: config.ECSL_MIN_CUSTODY_DAYS,
    },
    progression: { tranches },
    freshness: setting('EXTRACT_MAX_AGE_HOURS', () =>
      parseFreshnessLimits(config.EXTRACT_MAX_AGE_HOURS, IMPORT_KINDS),
    ),
    dipWarningDays: config.DIP_WARNING_DAYS,
    calendar: new WorkingCalendar(holidays),
    accessContact: config.ACCESS_CONTACT,
  };
}
