// Where asynchronous operations wait for their callback. An interface, because several
// server instances behind a load balancer need a shared store (the callback may reach an
// instance other than the one holding the browser's stream): see docs/operations.md.
import type { NonSharedBuffer } from 'node:buffer';

/** The API's answer for an operation, as received on the callback. */
export interface OperationResult {
  status: number;
  body: NonSharedBuffer;
  /** `Status: "OK"` with data (the body passed the contract): worth keeping. */
  okWithData: boolean;
}

export interface Operation {
  /** What the browser holds (to cancel, to match stream events); not the callback token. */
  handle: string;
  /** The single-use secret in the callback URL. */
  token: string;
  /** The browser's stream that receives the result. */
  streamId: string;
  /** Who asked (the signed-in user; null without access control): only they may read it. */
  owner: string | null;
  /** Epoch ms when the result came (or the LifeSpan ended); null while waiting. */
  settledAt: number | null;
  /** The proxy cache's key for the billed request. */
  requestKey: string;
  /** From the API's 202; null until it arrives. */
  operationId: string | null;
  /** Epoch ms after which the result is not awaited any more. */
  deadline: number;
  state: 'waiting' | 'done' | 'expired';
  result: OperationResult | null;
  /** A callback that came before the 202 told its OperationId: checked when it does. */
  early: { operationId: string; result: OperationResult } | null;
  /** Refused callbacks for this token (a bound against guessing). */
  refusals: number;
}

export interface OperationStore {
  /** False when the store is full. */
  add(operation: Operation): boolean;
  byHandle(handle: string): Operation | undefined;
  byToken(token: string): Operation | undefined;
  /** Saves changes to an operation (a shared store writes it back). */
  save(operation: Operation): void;
  /** Drops an operation; its token stays known as retired until the operation's deadline. */
  remove(handle: string): void;
  /** The deadline of a removed operation, by its token, while it is remembered. */
  retiredUntil(token: string): number | undefined;
  /** Forgets the retired tokens whose deadline is before `now`. */
  forgetRetired(now: number): void;
  byStream(streamId: string): Operation[];
  all(): Iterable<Operation>;
  size(): number;
}

/** One process's store: bounded in count; expiry is the caller's sweep (deadline). */
export class MemoryOperationStore implements OperationStore {
  readonly #byHandle = new Map<string, Operation>();
  readonly #byToken = new Map<string, Operation>();
  /** Token → deadline, oldest first; as bounded as the operations. */
  readonly #retired = new Map<string, number>();
  readonly #maxOperations: number;

  constructor(maxOperations: number) {
    this.#maxOperations = maxOperations;
  }

  add(operation: Operation): boolean {
    if (this.#byHandle.size >= this.#maxOperations) return false;
    this.#byHandle.set(operation.handle, operation);
    this.#byToken.set(operation.token, operation);
    return true;
  }

  byHandle(handle: string): Operation | undefined {
    return this.#byHandle.get(handle);
  }

  byToken(token: string): Operation | undefined {
    return this.#byToken.get(token);
  }

  save(_operation: Operation): void {
    // Objects are kept by reference here: nothing to write back.
  }

  remove(handle: string): void {
    const operation = this.#byHandle.get(handle);
    if (!operation) return;
    this.#byHandle.delete(handle);
    this.#byToken.delete(operation.token);
    if (this.#retired.size >= this.#maxOperations) {
      const [oldest] = this.#retired.keys();
      if (oldest !== undefined) this.#retired.delete(oldest);
    }
    this.#retired.set(operation.token, operation.deadline);
  }

  retiredUntil(token: string): number | undefined {
    return this.#retired.get(token);
  }

  forgetRetired(now: number): void {
    for (const [token, deadline] of this.#retired) {
      if (deadline < now) this.#retired.delete(token);
    }
  }

  byStream(streamId: string): Operation[] {
    return [...this.#byHandle.values()].filter((o) => o.streamId === streamId);
  }

  all(): Iterable<Operation> {
    return this.#byHandle.values();
  }

  size(): number {
    return this.#byHandle.size;
  }
}
