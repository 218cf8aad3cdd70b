import { readFileSync } from 'node:fs';
import type { Config } from './config.js';
import { DEFAULT_ECSL_TIMELINE, parseEcslTimeline, type EcslSettings } from './domain/ecsl.js';
import type { ResetSettings } from './domain/reset.js';
import { defaultBankHolidays, loadBankHolidays, WorkingCalendar } from './domain/working-days.js';

/** The rule settings (docs/rules.md, Settings) resolved from configuration once at start. */
export interface Settings {
  reset: ResetSettings;
  ecsl: EcslSettings;
  dipWarningDays: number;
  calendar: WorkingCalendar;
  accessContact: string;
}

export function settingsFromConfig(config: Config): Settings {
  const timeline = config.ECSL_TIMELINE
    ? parseEcslTimeline(
        config.ECSL_TIMELINE.trim().startsWith('[')
          ? config.ECSL_TIMELINE
          : readFileSync(config.ECSL_TIMELINE, 'utf8'),
      )
    : DEFAULT_ECSL_TIMELINE;
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
    dipWarningDays: config.DIP_WARNING_DAYS,
    calendar: new WorkingCalendar(holidays),
    accessContact: config.ACCESS_CONTACT,
  };
}
