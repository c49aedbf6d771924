// Server settings from the environment. A wrong combination stops the server at start
// with a message that says what to change; secrets are never echoed back.
import { type AsyncConfig, loadAsyncConfig } from './async/async-config';
import { type SimulatorOptions, simulatorOptionsFromEnv } from './simulator/app';

export type Env = Record<string, string | undefined>;

export type UpstreamAuth =
  | { mode: 'jwt'; token: string }
  | { mode: 'api-key'; key: string; accountCredential: Record<string, unknown> };

export type UpstreamTarget =
  | { kind: 'khipu'; baseUrl: string; auth: UpstreamAuth }
  | { kind: 'simulator'; simulator: SimulatorOptions };

export interface ServerConfig {
  upstream: UpstreamTarget;
  /** Append the check digit to `RutDeudor` on the wire (`KHIPU_RUT_WITH_DV=1`). */
  rutWithDv: boolean;
  /** Upstream request timeout, ms (`KHIPU_TIMEOUT_MS`). */
  upstreamTimeoutMs: number;
  host: string;
  port: number;
  /** How long the proxy keeps successful answers, ms (`PROXY_CACHE_TTL_MS`; 0 = off). */
  cacheTtlMs: number;
  /** Memory bound of that cache, bytes (`PROXY_CACHE_MAX_MB`). */
  cacheMaxBytes: number;
  /** Expose `/api/__simulator/*` (request count, reset) for tests; simulator only (`SIM_CONTROL=1`). */
  simulatorControl: boolean;
  /** Asynchronous (CallbackUrl) mode, when `KHIPU_ASYNC=1`. */
  async: AsyncConfig | null;
}

export const DEFAULT_UPSTREAM_TIMEOUT_MS = 120_000;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 8080;
export const DEFAULT_CACHE_TTL_MS = 15 * 60_000;
export const DEFAULT_CACHE_MAX_MB = 256;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const set = (value: string | undefined): value is string =>
  value !== undefined && value.trim() !== '';

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (!set(raw)) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer between ${min} and ${max} (got "${raw}").`);
  }
  return value;
}

const MAX = Number.MAX_SAFE_INTEGER;

function parseAccountCredential(raw: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    // The value is a password-grade secret: say what is wrong, never what it is.
    throw new ConfigError('KHIPU_ACCOUNT_CREDENTIAL must be a JSON object; it is not valid JSON.');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigError(
      'KHIPU_ACCOUNT_CREDENTIAL must be a JSON object (e.g. {"username":"…","password":"…"}).',
    );
  }
  return value as Record<string, unknown>;
}

function parseBaseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`KHIPU_BASE_URL must be an absolute http(s) URL (got "${raw}").`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ConfigError(`KHIPU_BASE_URL must use http or https (got "${url.protocol}").`);
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new ConfigError('KHIPU_BASE_URL must not carry a query, a fragment or credentials.');
  }
  // A trailing slash is harmless: paths are joined without doubling it.
  return url.href.replace(/\/+$/, '');
}

function upstreamAuth(env: Env): UpstreamAuth {
  const jwt = env.KHIPU_JWT;
  const apiKey = env.KHIPU_API_KEY;
  const account = env.KHIPU_ACCOUNT_CREDENTIAL;
  if (set(jwt) && set(apiKey)) {
    throw new ConfigError('Set KHIPU_JWT or KHIPU_API_KEY, not both (KHIPU_JWT is preferred).');
  }
  if (set(jwt)) {
    if (set(account)) {
      throw new ConfigError(
        'KHIPU_ACCOUNT_CREDENTIAL is only used with KHIPU_API_KEY; remove it when using KHIPU_JWT.',
      );
    }
    return { mode: 'jwt', token: jwt.trim() };
  }
  if (set(apiKey)) {
    if (!set(account)) {
      throw new ConfigError(
        'KHIPU_API_KEY needs KHIPU_ACCOUNT_CREDENTIAL (a JSON object): the API requires AccountCredential in API-key mode.',
      );
    }
    return {
      mode: 'api-key',
      key: apiKey.trim(),
      accountCredential: parseAccountCredential(account),
    };
  }
  throw new ConfigError(
    'KHIPU_BASE_URL is set but no credential is: set KHIPU_JWT (preferred) or KHIPU_API_KEY with KHIPU_ACCOUNT_CREDENTIAL.',
  );
}

export function loadConfig(env: Env): ServerConfig {
  const baseUrl = env.KHIPU_BASE_URL;
  let upstream: UpstreamTarget;
  if (set(baseUrl)) {
    upstream = { kind: 'khipu', baseUrl: parseBaseUrl(baseUrl.trim()), auth: upstreamAuth(env) };
  } else {
    const stray = ['KHIPU_JWT', 'KHIPU_API_KEY', 'KHIPU_ACCOUNT_CREDENTIAL'].filter((n) =>
      set(env[n]),
    );
    if (stray.length > 0) {
      // Refuse rather than show simulated data to someone who meant to reach Khipu.
      throw new ConfigError(
        `${stray.join(' and ')} ${stray.length > 1 ? 'are' : 'is'} set but KHIPU_BASE_URL is not: set KHIPU_BASE_URL (e.g. https://api.khipu.com) to use the real API, or unset the credential to use the embedded simulator.`,
      );
    }
    let simulator: SimulatorOptions;
    try {
      simulator = simulatorOptionsFromEnv(env);
    } catch (error) {
      throw new ConfigError((error as Error).message);
    }
    upstream = { kind: 'simulator', simulator };
  }
  const rutDv = env.KHIPU_RUT_WITH_DV;
  if (set(rutDv) && rutDv !== '0' && rutDv !== '1') {
    throw new ConfigError(`KHIPU_RUT_WITH_DV must be 0 or 1 (got "${rutDv}").`);
  }
  if (env.SIM_CONTROL === '1' && upstream.kind !== 'simulator') {
    throw new ConfigError(
      'SIM_CONTROL=1 only applies to the embedded simulator; unset it with KHIPU_BASE_URL.',
    );
  }
  const host = set(env.HOST) ? env.HOST.trim() : DEFAULT_HOST;
  const port = integer(env, 'PORT', DEFAULT_PORT, 0, 65_535);
  const localHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return {
    upstream,
    async: loadAsyncConfig(env, {
      simulator: upstream.kind === 'simulator',
      localBaseUrl: `http://${localHost.includes(':') ? `[${localHost}]` : localHost}:${port}`,
    }),
    simulatorControl: env.SIM_CONTROL === '1',
    rutWithDv: rutDv === '1',
    upstreamTimeoutMs: integer(env, 'KHIPU_TIMEOUT_MS', DEFAULT_UPSTREAM_TIMEOUT_MS, 1, MAX),
    host,
    port,
    cacheTtlMs: integer(env, 'PROXY_CACHE_TTL_MS', DEFAULT_CACHE_TTL_MS, 0, MAX),
    cacheMaxBytes:
      integer(env, 'PROXY_CACHE_MAX_MB', DEFAULT_CACHE_MAX_MB, 0, 1_000_000) * 1024 * 1024,
  };
}

/** For the entry points: the configuration, or a clear message on stderr and exit 1. */
export function loadConfigOrExit(env: Env): ServerConfig {
  try {
    return loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Configuration error: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
}
