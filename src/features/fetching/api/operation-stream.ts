// Asynchronous pages (the API's CallbackUrl mode, through the proxy): the proxy answers a
// page request with 202 and a handle, and the result comes later on one server-sent event
// stream per search (Chromium opens only six HTTP/1.1 connections per origin: one per
// page would starve the requests themselves).
import { PROXY_CODES } from '@/contract/proxy-codes';
import { OPERATION_STREAM_PATH, OPERATIONS_PATH } from '@/contract/proxy-protocol';
import { PageError } from './page-error';

/** A stream with nothing to wait for closes after this long. */
const IDLE_CLOSE_MS = 10_000;
/** Past the LifeSpan, how long to wait for the server's own expiry event. */
const EXPIRY_GRACE_MS = 15_000;
/** Events for a handle nobody waits for yet (it raced its 202) are kept this long. */
const EARLY_EVENT_MS = 60_000;

export interface OperationOutcome {
  status: number;
  text: string;
}

type StreamEvent =
  | { handle: string; status: number; body: string }
  | { handle: string; expired: true };

interface Waiter {
  resolve(outcome: OperationOutcome): void;
  reject(error: unknown): void;
}

function randomStreamId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(18));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

function expiredError(operationId: string | null): PageError {
  return new PageError({
    kind: 'expired',
    code: PROXY_CODES.expired.code,
    type: null,
    description:
      'La API no entregó el resultado de la página antes de que venciera la operación (LifeSpan).',
    httpStatus: null,
    operationId,
    retryAfterMs: null,
    retryAt: null,
  });
}

/** Tells the server to forget an operation: cancelled, or its result is here. */
function forget(handle: string): void {
  void fetch(`${OPERATIONS_PATH}${encodeURIComponent(handle)}`, {
    method: 'DELETE',
    keepalive: true,
  }).catch(() => undefined);
}

/** Longest wait the browser accepts for one operation (and under setTimeout's limit). */
const MAX_WAIT_MS = 24 * 60 * 60_000;

class ResultStream {
  readonly id = randomStreamId();
  #source: EventSource | null = null;
  readonly #waiters = new Map<string, Waiter>();
  readonly #early = new Map<string, { event: StreamEvent; at: number }>();
  #idleTimer: ReturnType<typeof setTimeout> | null = null;

  wait(
    handle: string,
    deadline: number,
    operationId: string | null,
    signal?: AbortSignal,
  ): Promise<OperationOutcome> {
    return new Promise<OperationOutcome>((resolve, reject) => {
      const early = this.#early.get(handle);
      if (early) {
        this.#early.delete(handle);
        forget(handle);
        return this.#settle(early.event, { resolve, reject }, operationId);
      }
      // The server says when a LifeSpan ends; this timer covers an event lost on the way.
      const timer = setTimeout(
        () => finish(() => reject(expiredError(operationId))),
        Math.min(MAX_WAIT_MS, Math.max(0, deadline - Date.now()) + EXPIRY_GRACE_MS),
      );
      const onAbort = () => {
        finish(() => reject(signal?.reason));
        // No result is kept for nobody.
        forget(handle);
      };
      const finish = (settle: () => void) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.#waiters.delete(handle);
        this.#scheduleIdleClose();
        settle();
      };
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      // The server keeps a result until told it arrived (a reconnection replays it).
      this.#waiters.set(handle, {
        resolve: (outcome) => {
          forget(handle);
          finish(() => resolve(outcome));
        },
        reject: (error) => {
          forget(handle);
          finish(() => reject(error));
        },
      });
      this.#open();
    });
  }

  #settle(event: StreamEvent, waiter: Waiter, operationId: string | null): void {
    if ('expired' in event) waiter.reject(expiredError(operationId));
    else waiter.resolve({ status: event.status, text: event.body });
  }

  #open(): void {
    if (this.#idleTimer) clearTimeout(this.#idleTimer);
    this.#idleTimer = null;
    if (this.#source) return;
    // EventSource reconnects by itself; the server replays what settled meanwhile.
    const source = new EventSource(`${OPERATION_STREAM_PATH}${this.id}`);
    source.addEventListener('operation', (message) => {
      let event: StreamEvent;
      try {
        event = JSON.parse((message as MessageEvent<string>).data) as StreamEvent;
      } catch {
        return;
      }
      const waiter = this.#waiters.get(event.handle);
      if (waiter) {
        this.#settle(event, waiter, null);
        return;
      }
      const now = Date.now();
      for (const [handle, kept] of this.#early) {
        if (now - kept.at > EARLY_EVENT_MS) this.#early.delete(handle);
      }
      this.#early.set(event.handle, { event, at: now });
    });
    // EventSource retries a dropped connection by itself, but an answer that is not a stream
    // (a 401 after a sign-in expired, a 502 during a deploy) closes it for good: reopen.
    source.addEventListener('error', () => {
      if (source.readyState !== EventSource.CLOSED || this.#source !== source) return;
      this.#source = null;
      setTimeout(() => {
        if (this.#waiters.size > 0) this.#open();
      }, 1000);
    });
    this.#source = source;
  }

  #scheduleIdleClose(): void {
    if (this.#waiters.size > 0 || this.#idleTimer) return;
    this.#idleTimer = setTimeout(() => {
      this.#idleTimer = null;
      if (this.#waiters.size > 0) return;
      this.#source?.close();
      this.#source = null;
    }, IDLE_CLOSE_MS);
  }
}

const streams = new Map<string, ResultStream>();

function streamFor(searchKey: string): ResultStream {
  let stream = streams.get(searchKey);
  if (!stream) {
    stream = new ResultStream();
    streams.set(searchKey, stream);
  }
  return stream;
}

/** The id of a search's result stream, sent with each of its page requests. */
export function streamIdFor(searchKey: string): string {
  return streamFor(searchKey).id;
}

/**
 * When to stop waiting: the server's own remaining time when it says it (no clock skew),
 * else an ISO LifeSpan, else `fallbackMs` from now.
 */
function operationDeadline(
  accepted: { remainingMs: number | null; lifeSpan: unknown },
  now: number,
  fallbackMs: number,
): number {
  if (accepted.remainingMs !== null && Number.isFinite(accepted.remainingMs)) {
    return now + Math.max(0, accepted.remainingMs);
  }
  if (typeof accepted.lifeSpan === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(accepted.lifeSpan)) {
    const at = Date.parse(accepted.lifeSpan);
    if (!Number.isNaN(at)) return at;
  }
  return now + fallbackMs;
}

/** Waits for an accepted page's result on its search's stream. */
export function awaitOperation(
  searchKey: string,
  handle: string,
  accepted: { operationId: string | null; lifeSpan: unknown; remainingMs: number | null },
  signal?: AbortSignal,
): Promise<OperationOutcome> {
  const deadline = operationDeadline(accepted, Date.now(), 10 * 60_000);
  return streamFor(searchKey).wait(handle, deadline, accepted.operationId, signal);
}
