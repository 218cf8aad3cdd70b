import { ackText } from '../domain/acknowledgements.js';
import type { AckRow } from '../store/acknowledgements.repository.js';
import { md } from './build.js';

/**
 * How a Reset point acknowledged in Teams shows on a row of a list, digest or weekly message:
 * " · ✓ booked for Fri 11 Dec 2026 (Pat Po)". Empty when nothing has been said about it.
 */
export function ackSuffix(ack: AckRow | undefined, names: ReadonlyMap<string, string>): string {
  if (!ack) return '';
  const by = names.get(ack.recordedBy);
  return ` · ✓ ${ackText(ack)}${by ? ` (${md(by)})` : ''}`;
}

/** Whether a follow-up still shows its buttons: booked can still become done or not needed. */
export function ackOpen(ack: AckRow | undefined): boolean {
  return !ack || ack.status === 'booked';
}
