// A result whose search stopped before its last page: every figure drawn from it says so.
import { formatInteger } from '@/lib/format';

export interface PartialResult {
  /** Distinct cases read so far. */
  read: number;
  /** Cases the API announced for the whole search. */
  total: number;
}

/** "parcial: 1.800 de 4.575" */
export function partialText(partial: PartialResult): string {
  return `parcial: ${formatInteger(partial.read)} de ${formatInteger(partial.total)}`;
}
