// The memory that upstream answers hold while they are read, bounded for all of them together
// (`KHIPU_RESPONSES_MEMORY_MB`): each answer is bounded on its own, but many large ones at
// once would add up. Past the bound the answer holding the most is cut: the likeliest to be
// abnormal, and the others (ordinary pages) go on.

/** One answer's share: what it holds, taken as it is read, given back once it is read. */
export interface AnswerShare {
  /** Counts `bytes` more; false when this answer was cut (it must stop reading). */
  take(bytes: number): boolean;
  /** Gives back all it held (the answer was read, failed or was cut). */
  release(): void;
}

interface Holder {
  held: number;
  cut: () => void;
}

export class AnswerMemory {
  readonly #maxBytes: number;
  readonly #holders = new Set<Holder>();
  #held = 0;

  constructor(maxBytes: number) {
    this.#maxBytes = maxBytes;
  }

  get maxBytes(): number {
    return this.#maxBytes;
  }

  /** Bytes held now by every answer being read. */
  get held(): number {
    return this.#held;
  }

  /** A share for one answer; `cut` is called (once) if the answer must give its bytes up. */
  open(cut: () => void): AnswerShare {
    const holder: Holder = { held: 0, cut };
    this.#holders.add(holder);
    return {
      take: (bytes) => {
        if (!this.#holders.has(holder)) return false;
        holder.held += bytes;
        this.#held += bytes;
        while (this.#held > this.#maxBytes && this.#holders.size > 0) this.#cutLargest();
        return this.#holders.has(holder);
      },
      release: () => this.#release(holder),
    };
  }

  #cutLargest(): void {
    let largest: Holder | undefined;
    for (const holder of this.#holders) {
      if (largest === undefined || holder.held > largest.held) largest = holder;
    }
    if (largest === undefined) return;
    this.#release(largest);
    largest.cut();
  }

  #release(holder: Holder): void {
    if (!this.#holders.delete(holder)) return;
    this.#held -= holder.held;
    holder.held = 0;
  }
}
