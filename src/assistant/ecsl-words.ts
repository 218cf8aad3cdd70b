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
  // "early release" questions are ECSL's: it is the one early-release scheme eligibility is asked of.
  return /\becsl\b|\bend of custody supervised licence\b|\bearly release\b|\breleased? early\b|\bgo(?:ing)? out early\b/.test(
    text,
  );
}
