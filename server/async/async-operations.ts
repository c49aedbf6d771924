// The asynchronous mode's bookkeeping: an operation per billed page request, its callback
// (checked: known, unexpired, unused token; contract-valid body; the 202's OperationId), and
// delivery of the result to the browser's one stream per search.
import type { NonSharedBuffer } from 'node:buffer';
import { randomBytes, randomUUID } from 'node:crypto';
import { errorEnvelope } from '../../src/contract/errors';
import { PROXY_CODES } from '../../src/contract/proxy-codes';
import { parseResponseEnvelope } from '../../src/contract/response';
import { tooLargeDescription } from '../upstream/upstream-contract';
import { type AsyncConfig, CALLBACK_PATH_PREFIX, TOKEN_LENGTH } from './async-config';
import type { Operation, OperationResult, OperationStore } from './operation-store';

/** What the browser's stream receives for one operation. */
export type OperationEvent =
  | { handle: string; status: number; body: string }
  | { handle: string; expired: true };

export interface CallbackVerdict {
  /** HTTP status for the caller of the webhook. */
  status: number;
  /** Why, for the log (never the token or the body). */
  reason: string;
}

/** Refused callbacks after which a token is dropped (nobody guesses 256 bits; a bug loops). */
const MAX_REFUSALS = 5;
/** How long a settled result waits for its browser to come back for it. */
const UNDELIVERED_GRACE_MS = 60_000;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]+$/;
const STREAM_ID_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;

const randomId = (bytes: number) => randomBytes(bytes).toString('base64url');

export const isStreamId = (value: string | undefined): value is string =>
  value !== undefined && STREAM_ID_PATTERN.test(value);

const streamKey = (owner: string | null, streamId: string) => `${owner ?? ''}\u0000${streamId}`;

function eventOf(operation: Operation): OperationEvent {
  return operation.state === 'done' && operation.result
    ? {
        handle: operation.handle,
        status: operation.result.status,
        body: operation.result.body.toString('utf8'),
      }
    : { handle: operation.handle, expired: true };
}

/** A LifeSpan as a deadline when it reads as a timestamp; else the configured time to live. */
export function deadlineOf(lifeSpan: unknown, now: number, ttlMs: number): number {
  if (typeof lifeSpan === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(lifeSpan)) {
    const at = Date.parse(lifeSpan);
    if (!Number.isNaN(at)) return at;
  }
  return now + ttlMs;
}

export class AsyncOperations {
  readonly #store: OperationStore;
  readonly #config: AsyncConfig;
  readonly #log: (line: string) => void;
  #onResult: (operation: Operation, result: OperationResult) => OperationResult | undefined = () =>
    undefined;
  readonly #streams = new Map<string, Set<(event: OperationEvent) => void>>();
  readonly #sweeper: ReturnType<typeof setInterval>;

  constructor(
    store: OperationStore,
    config: AsyncConfig,
    options: { log: (line: string) => void; now?: () => number },
  ) {
    this.#store = store;
    this.#config = config;
    this.#log = options.log;
    this.now = options.now ?? Date.now;
    this.#sweeper = setInterval(() => this.sweep(), 1000);
    this.#sweeper.unref?.();
  }

  readonly now: () => number;

  /**
   * Called with each result that passed every check (the proxy caches the good ones and
   * redacts the others); it may answer the result to deliver instead.
   */
  onResult(
    handler: (operation: Operation, result: OperationResult) => OperationResult | undefined,
  ): void {
    this.#onResult = handler;
  }

  /** A new operation for a billed request, and the CallbackUrl to send; null when full. */
  begin(
    streamId: string,
    requestKey: string,
    owner: string | null = null,
  ): { operation: Operation; callbackUrl: string } | null {
    const operation: Operation = {
      handle: randomId(18),
      token: randomId(32),
      streamId,
      owner,
      settledAt: null,
      requestKey,
      operationId: null,
      deadline: this.now() + this.#config.operationTtlMs,
      state: 'waiting',
      result: null,
      early: null,
      refusals: 0,
    };
    if (!this.#store.add(operation)) return null;
    return {
      operation,
      callbackUrl: `${this.#config.publicBaseUrl}${CALLBACK_PATH_PREFIX}${operation.token}`,
    };
  }

  /** The API took the request (202): its OperationId and LifeSpan. */
  accepted(operation: Operation, operationId: string, lifeSpan: unknown): void {
    // Cancelled or expired while the API was being asked: nothing to wait for.
    if (operation.state !== 'waiting' || !this.#store.byHandle(operation.handle)) return;
    operation.operationId = operationId;
    operation.deadline = deadlineOf(lifeSpan, this.now(), this.#config.operationTtlMs);
    const early = operation.early;
    operation.early = null;
    this.#store.save(operation);
    if (early) {
      if (early.operationId === operationId) this.#settle(operation, early.result);
      else this.#refuse(operation, 'foreign OperationId (early callback)');
    }
  }

  /** The request never became an operation (failed, or answered synchronously). */
  abandon(handle: string): void {
    this.#store.remove(handle);
  }

  /**
   * A callback's token, checked before its body is read: null when its operation waits for
   * it, else the refusal (logged like any other). 410 for a token this server still knows
   * whose operation is over (its result came, it was cancelled or it expired): until the
   * operation's LifeSpan ends, and while the operation is held; 404 for any other token.
   */
  admit(token: string): CallbackVerdict | null {
    if (token.length !== TOKEN_LENGTH || !TOKEN_PATTERN.test(token)) {
      return this.#verdict(404, 'malformed token');
    }
    const operation = this.#store.byToken(token);
    if (!operation) {
      const until = this.#store.retiredUntil(token);
      return until !== undefined && this.now() <= until
        ? this.#verdict(410, 'retired token (its operation is over)')
        : this.#verdict(404, 'unknown token');
    }
    const tag = `operation ${operation.handle.slice(0, 6)}…`;
    if (operation.state === 'done') return this.#verdict(410, `${tag}: token already used`);
    if (operation.state === 'expired') return this.#verdict(410, `${tag}: operation expired`);
    if (this.now() > operation.deadline) {
      this.#expire(operation);
      return this.#verdict(410, `${tag}: LifeSpan over`);
    }
    return null;
  }

  /** The remaining time of an operation, ms (the browser waits as long, plus a margin). */
  remainingMs(operation: Operation): number {
    return Math.max(0, operation.deadline - this.now());
  }

  /** The webhook: every check, then the result goes to the browser's stream. */
  receive(token: string, bytes: NonSharedBuffer): CallbackVerdict {
    const refused = this.admit(token);
    if (refused) return refused;
    const operation = this.#store.byToken(token) as Operation;
    const tag = `operation ${operation.handle.slice(0, 6)}…`;
    let json: unknown;
    try {
      json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    } catch {
      this.#refuse(operation, 'body is not UTF-8 JSON');
      return this.#verdict(400, `${tag}: body is not JSON`);
    }
    const envelope = parseResponseEnvelope(json);
    if (!envelope.ok) {
      this.#refuse(operation, 'body does not match the contract');
      return this.#verdict(422, `${tag}: body does not match the contract`);
    }
    const result: OperationResult = {
      status: 200,
      body: bytes,
      okWithData: envelope.value.Status === 'OK' && envelope.value.Data !== null,
    };
    if (operation.operationId === null) {
      // The callback beat the 202: kept aside until the 202 tells which OperationId is ours.
      operation.early = { operationId: envelope.value.OperationId, result };
      this.#store.save(operation);
      return this.#verdict(202, `${tag}: accepted before its 202`);
    }
    if (envelope.value.OperationId !== operation.operationId) {
      this.#refuse(operation, 'foreign OperationId');
      return this.#verdict(409, `${tag}: foreign OperationId`);
    }
    this.#settle(operation, result);
    return this.#verdict(200, `${tag}: result accepted`);
  }

  /**
   * A callback whose body went past `callbackMaxBytes` (read no further): the result would
   * be as large on every try, so its operation ends with PROXY_CODES.tooLarge (DO_NOT_RETRY),
   * as a synchronous answer that large does, rather than expiring into an offer to retry.
   */
  tooLarge(token: string): CallbackVerdict {
    const refused = this.admit(token);
    if (refused) return refused;
    const operation = this.#store.byToken(token) as Operation;
    const envelope = errorEnvelope(
      operation.operationId ?? randomUUID(),
      PROXY_CODES.tooLarge.code,
      PROXY_CODES.tooLarge.type,
      tooLargeDescription('answer', this.#config.callbackMaxBytes),
    );
    this.#settle(operation, {
      status: PROXY_CODES.tooLarge.status,
      body: Buffer.from(JSON.stringify(envelope)),
      okWithData: false,
    });
    return this.#verdict(
      413,
      `operation ${operation.handle.slice(0, 6)}…: body too large, ended with ${PROXY_CODES.tooLarge.code}`,
    );
  }

  /**
   * The browser cancelled, or has the result: the operation is forgotten (a late callback
   * is refused). Only its owner may.
   */
  cancel(handle: string, owner: string | null = null): boolean {
    const operation = this.#store.byHandle(handle);
    if (!operation || operation.owner !== owner) return false;
    this.#store.remove(handle);
    return true;
  }

  /** A browser's stream: it gets every settled operation of its search, past and future. */
  subscribe(
    streamId: string,
    send: (event: OperationEvent) => void,
    owner: string | null = null,
  ): () => void {
    // A stream is its owner's: the same id from another user reaches nothing of theirs.
    const key = streamKey(owner, streamId);
    let senders = this.#streams.get(key);
    if (!senders) {
      senders = new Set();
      this.#streams.set(key, senders);
    }
    senders.add(send);
    for (const operation of this.#store.byStream(streamId)) {
      if (operation.state !== 'waiting' && operation.owner === owner) {
        send(eventOf(operation));
      }
    }
    return () => {
      senders.delete(send);
      if (senders.size === 0) this.#streams.delete(key);
    };
  }

  /** Expires operations past their LifeSpan, and drops results nobody came back for. */
  sweep(): void {
    const now = this.now();
    this.#store.forgetRetired(now);
    for (const operation of [...this.#store.all()]) {
      if (operation.state === 'waiting' && now > operation.deadline) this.#expire(operation);
      else if (
        operation.state !== 'waiting' &&
        now > (operation.settledAt ?? operation.deadline) + UNDELIVERED_GRACE_MS
      ) {
        this.#store.remove(operation.handle);
      }
    }
  }

  size(): number {
    return this.#store.size();
  }

  close(): void {
    clearInterval(this.#sweeper);
  }

  #settle(operation: Operation, result: OperationResult): void {
    operation.state = 'done';
    operation.settledAt = this.now();
    operation.result = this.#onResult(operation, result) ?? result;
    this.#store.save(operation);
    this.#deliver(operation);
  }

  #expire(operation: Operation): void {
    operation.state = 'expired';
    operation.settledAt = this.now();
    this.#store.save(operation);
    this.#log(`async operation ${operation.handle.slice(0, 6)}… expired (LifeSpan over)`);
    this.#deliver(operation);
  }

  #refuse(operation: Operation, reason: string): void {
    operation.refusals++;
    this.#store.save(operation);
    this.#log(`async callback refused for ${operation.handle.slice(0, 6)}…: ${reason}`);
    if (operation.refusals >= MAX_REFUSALS) this.#expire(operation);
  }

  /**
   * Sends a settled operation to its stream. It stays until the browser says it has it (or
   * a grace period passes): a write to a closing connection would otherwise lose it.
   */
  #deliver(operation: Operation): void {
    const senders = this.#streams.get(streamKey(operation.owner, operation.streamId));
    if (!senders || senders.size === 0) return;
    const event = eventOf(operation);
    for (const send of senders) send(event);
  }

  #verdict(status: number, reason: string): CallbackVerdict {
    if (status >= 400) this.#log(`async callback ${status}: ${reason}`);
    return { status, reason };
  }
}
