// Settings of the asynchronous (CallbackUrl) mode, from the environment.
import { CALLBACK_URL_MAX_LENGTH } from '../../src/contract/request';
import { ConfigError, type Env, integer, set } from '../config';

export interface AsyncConfig {
  /** Where Khipu reaches this server (`PUBLIC_BASE_URL`), without a trailing slash. */
  publicBaseUrl: string;
  /** How long an operation waits when its LifeSpan does not parse as a timestamp, ms. */
  operationTtlMs: number;
  /**
   * Largest callback body accepted, bytes: the bound of any upstream answer
   * (`KHIPU_MAX_RESPONSE_MB`), so a page is refused the same way in either mode.
   */
  callbackMaxBytes: number;
  /** Operations kept at once (waiting or undelivered), a bound on memory. */
  maxOperations: number;
}

export const CALLBACK_PATH_PREFIX = '/api/callbacks/cenhub/';
/** The whole path of a callback, token included (exempt from sign-in and origin checks). */
export const CALLBACK_ROUTE = new RegExp(`^${CALLBACK_PATH_PREFIX}[A-Za-z0-9_-]+$`);
/** base64url of 32 random bytes. */
export const TOKEN_LENGTH = 43;

/**
 * Null unless `KHIPU_ASYNC=1`; `localBaseUrl` serves the embedded simulator's callbacks,
 * `maxResultBytes` is the bound of an upstream answer.
 */
export function loadAsyncConfig(
  env: Env,
  options: { simulator: boolean; localBaseUrl: string; maxResultBytes: number },
): AsyncConfig | null {
  const flag = env.KHIPU_ASYNC;
  if (!set(flag) || flag === '0') return null;
  if (flag !== '1') throw new ConfigError(`KHIPU_ASYNC must be 0 or 1 (got "${flag}").`);
  if (set(env.ASYNC_CALLBACK_MAX_BYTES)) {
    throw new ConfigError(
      'ASYNC_CALLBACK_MAX_BYTES is no longer read: a callback result is bounded by KHIPU_MAX_RESPONSE_MB, like any answer of the API. Remove it (and set KHIPU_MAX_RESPONSE_MB if needed).',
    );
  }
  const raw = set(env.PUBLIC_BASE_URL)
    ? env.PUBLIC_BASE_URL.trim()
    : options.simulator && !options.localBaseUrl.endsWith(':0')
      ? options.localBaseUrl
      : null;
  if (raw === null) {
    throw new ConfigError(
      'KHIPU_ASYNC=1 needs PUBLIC_BASE_URL: the address at which Khipu can POST results to this server (e.g. https://disconformidades.example.cl); with the simulator it defaults to http://HOST:PORT, unless PORT is 0.',
    );
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`PUBLIC_BASE_URL must be an absolute http(s) URL (got "${raw}").`);
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.search || url.hash) {
    throw new ConfigError('PUBLIC_BASE_URL must be an http(s) URL without a query or fragment.');
  }
  const publicBaseUrl = url.href.replace(/\/+$/, '');
  const longest = publicBaseUrl.length + CALLBACK_PATH_PREFIX.length + TOKEN_LENGTH;
  if (longest > CALLBACK_URL_MAX_LENGTH) {
    throw new ConfigError(
      `PUBLIC_BASE_URL is too long: the callback URL would have ${longest} characters and the API accepts ${CALLBACK_URL_MAX_LENGTH}.`,
    );
  }
  return {
    publicBaseUrl,
    operationTtlMs: integer(env, 'ASYNC_OPERATION_TTL_MS', 10 * 60_000, 1, Number.MAX_SAFE_INTEGER),
    callbackMaxBytes: options.maxResultBytes,
    maxOperations: integer(env, 'ASYNC_MAX_OPERATIONS', 10_000, 1, 10_000_000),
  };
}
