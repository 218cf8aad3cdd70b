/**
 * The coded values the extracts may carry, each list in the order its error messages give it.
 * Staff roles and DIP outcomes are not here: src/domain owns them, for the rest of the app too.
 */

export const CASE_SENTENCE_TYPES = ['licence', 'pss', 'community_order', 'suspended_sentence_order'] as const;
export const ROSH_LEVELS = ['low', 'medium', 'high', 'very_high'] as const;
export const CUSTODY_SENTENCE_TYPES = [
  'sds',
  'sds_plus',
  'eds',
  'sopc',
  'life',
  'ipp',
  'dto',
  's250',
  'other',
] as const;
export const ESTATES = ['male', 'female'] as const;
export const DIP_ASSESSMENTS = ['initial', 'follow_up'] as const;
export const IOM_COHORTS = ['fixed', 'flex', 'free'] as const;
export const BRAG_COLOURS = ['blue', 'red', 'amber', 'green'] as const;
export const GPS_TAGS = ['knife_crime', 'domestic_abuse'] as const;
