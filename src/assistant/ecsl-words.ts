/** The ECSL questions' own words, shared by the one-person and the list command. */
export const ECSL_WORDS = [
  'ecsl',
  'eligibility',
  'eligible',
  'early',
  'release',
  'window',
  'checklist',
  'list',
  'candidates',
  'screening',
  'verdict',
];

export function mentionsEcsl(text: string): boolean {
  return /\becsl\b|\bend of custody supervised licence\b/.test(text);
}
