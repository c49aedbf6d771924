// How often and how long to retry a page. Every retry is bounded and counted.
import { PageError } from './page-error';

export interface RetryLimits {
  /** Retries after the first try for transient failures (RETRY_IMMEDIATELY, 5xx, network). */
  maxRetries: number;
  /** Retries after the first try for HTTP 429. */
  maxRateLimitRetries: number;
  /** First backoff delay; doubles on each retry, with jitter. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Longest Retry-After honored; a longer one stops the page instead of waiting. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_LIMITS: RetryLimits = {
  maxRetries: 3,
  maxRateLimitRetries: 3,
  baseDelayMs: 400,
  maxDelayMs: 5000,
  maxRetryAfterMs: 30_000,
};

/** `failureCount`: failures before this one (react-query's convention: 0 on the first). */
export function shouldRetryPage(
  failureCount: number,
  error: unknown,
  limits: RetryLimits,
): boolean {
  if (!(error instanceof PageError)) return false;
  if (error.kind === 'retry') return failureCount < limits.maxRetries;
  if (error.kind === 'rate-limited') {
    const wait = error.retryAfterMs ?? 0;
    return failureCount < limits.maxRateLimitRetries && wait <= limits.maxRetryAfterMs;
  }
  return false;
}

/** Exponential backoff with jitter (half fixed, half random), or the server's Retry-After. */
export function retryDelayForPage(
  failureCount: number,
  error: unknown,
  limits: RetryLimits,
  random: () => number = Math.random,
): number {
  if (error instanceof PageError && error.kind === 'rate-limited' && error.retryAfterMs !== null) {
    return Math.min(error.retryAfterMs, limits.maxRetryAfterMs);
  }
  const exponential = Math.min(limits.baseDelayMs * 2 ** failureCount, limits.maxDelayMs);
  return Math.round(exponential / 2 + (random() * exponential) / 2);
}
