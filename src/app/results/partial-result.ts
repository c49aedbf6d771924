// A result whose search stopped before its last page: figures drawn from it say "parcial".
export interface PartialResult {
  /** Distinct cases read so far. */
  read: number;
  /** Cases the API announced for the whole search. */
  total: number;
}
