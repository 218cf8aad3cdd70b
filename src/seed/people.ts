import { FEMALE_FIRST_NAMES, MALE_FIRST_NAMES, SURNAMES } from './names.js';
import type { Rng } from './random.js';

export interface Person {
  crn: string;
  first: string;
  last: string;
}

const CRN_LETTERS = 'XDECNBAFGHJKLMPRSTVW';

export class CrnAllocator {
  private readonly used = new Set<string>();
  constructor(private readonly rng: Rng) {}
  reserve(crn: string): string {
    this.used.add(crn);
    return crn;
  }
  next(): string {
    for (;;) {
      const letter = CRN_LETTERS.charAt(this.rng.int(0, CRN_LETTERS.length - 1));
      const crn = `${letter}${String(this.rng.int(0, 999_999)).padStart(6, '0')}`;
      if (!this.used.has(crn)) {
        this.used.add(crn);
        return crn;
      }
    }
  }
}

export function personName(rng: Rng, femaleShare: number): { first: string; last: string; female: boolean } {
  const female = rng.chance(femaleShare);
  return {
    first: rng.pick(female ? FEMALE_FIRST_NAMES : MALE_FIRST_NAMES),
    last: rng.pick(SURNAMES),
    female,
  };
}

const PNC_CHECK = 'ZABCDEFGHJKLMNPQRTUVWXY';
/** Short-form PNC id `YY/NNNNNNC`, with the PNC's modulus-23 check letter. */
export function pnc(rng: Rng, todayYear: number): string {
  const year = rng.int(1995, todayYear);
  const yy = String(year % 100).padStart(2, '0');
  const serial = rng.int(1, 999_999);
  const check = PNC_CHECK.charAt(Number(`${yy}${String(serial).padStart(7, '0')}`) % 23);
  return `${yy}/${String(serial).padStart(6, '0')}${check}`;
}
