// Server settings from the environment. A wrong combination stops the server at start
// with a message that says what to change; secrets are never echoed back.
import { readFileSync } from 'node:fs';
import { BlockList, isIP } from 'node:net';
import { type AsyncConfig, loadAsyncConfig } from './async/async-config';
import type { QuotaLimits } from './quota/quota-guard';
import { type PasswordHash, parseUsersFile } from './security/password-hash';
import { type SimulatorOptions, simulatorOptionsFromEnv } from './simulator/app';

export type Env = Record<string, string | undefined>;

export type UpstreamAuth =
  | { mode: 'jwt'; token: string }
  | { mode: 'api-key'; key: string; accountCredential: Record<string, unknown> };

export type UpstreamTarget =
  | { kind: 'khipu'; baseUrl: string; auth: UpstreamAuth }
  | { kind: 'simulator'; simulator: SimulatorOptions };

/** Who may use the app (SPA and API); see security/access-control.ts. */
export type AccessConfig =
  | { kind: 'none' }
  | { kind: 'basic'; users: ReadonlyMap<string, PasswordHash> }
  | {
      kind: 'trusted-header';
      /** Lower-case header name (`TRUSTED_USER_HEADER`). */
      header: string;
      /** `TRUSTED_PROXY_ADDRESSES`: the only peers whose header is believed. */
      proxies: BlockList;
    };

export interface ServerConfig {
  upstream: UpstreamTarget;
  access: AccessConfig;
  /** The quota guard of the billed API (`PROXY_MAX_CONCURRENT`, `PROXY_QUEUE_LIMIT`, `PROXY_CLIENT_BUDGET_PER_MINUTE`). */
  quota: QuotaLimits;
  /** Append the check digit to `RutDeudor` on the wire (`KHIPU_RUT_WITH_DV=1`). */
  rutWithDv: boolean;
  /** Upstream request timeout, ms (`KHIPU_TIMEOUT_MS`). */
  upstreamTimeoutMs: number;
  /** The most an upstream answer may be, decoded, bytes (`KHIPU_MAX_RESPONSE_MB`). */
  upstreamMaxResponseBytes: number;
  /** The most the upstream answers being read may hold together, bytes (`KHIPU_RESPONSES_MEMORY_MB`). */
  upstreamResponsesMemoryBytes: number;
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
  /** Search lanes (server/proxy/search-lanes.ts), unless `SEARCH_LANES=0` (several instances). */
  searchLanes: boolean;
  /** The HTTP server's connection limits (`npm start` only; Vite serves `npm run dev`). */
  connections: ConnectionLimits;
  /**
   * `FORWARDED_FOR_PROXIES`: the reverse proxies in front, whose `X-Forwarded-For` names the
   * client (security/client-identity.ts); null: the client is the socket's peer.
   */
  forwardedForProxies: BlockList | null;
}

/** How long a client may take, and how many may connect at once (server/http/http-server.ts). */
export interface ConnectionLimits {
  /** To send a request's headers, ms (`SERVER_HEADERS_TIMEOUT_MS`). */
  headersTimeoutMs: number;
  /** To send a whole request, body included, ms; never the answer (`SERVER_REQUEST_TIMEOUT_MS`). */
  requestTimeoutMs: number;
  /** An idle connection is kept this long between requests, ms (`SERVER_KEEP_ALIVE_TIMEOUT_MS`). */
  keepAliveTimeoutMs: number;
  /** Open connections at once; past it a new one is closed at once (`SERVER_MAX_CONNECTIONS`). */
  maxConnections: number;
}

export const DEFAULT_UPSTREAM_TIMEOUT_MS = 120_000;
/** A page of 1,000 cases is ~0.6 MB: room to spare, and a bound on what one answer holds. */
export const DEFAULT_MAX_RESPONSE_MB = 32;
/**
 * What the answers being read may hold together, by default: room for two of the largest,
 * and never so little that ordinary pages in every upstream slot could be cut (with a small
 * KHIPU_MAX_RESPONSE_MB).
 */
export const RESPONSES_MEMORY_FACTOR = 2;
export const MIN_RESPONSES_MEMORY_MB = 64;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 8080;
export const DEFAULT_CACHE_TTL_MS = 15 * 60_000;
export const DEFAULT_CACHE_MAX_MB = 256;
/** Four analysts at the browser's default concurrency (4), or two at its maximum (8). */
export const DEFAULT_MAX_CONCURRENT = 16;
/** Room for a burst of every open tab's pages without refusing: 16 browsers × 8 requests. */
export const DEFAULT_QUEUE_LIMIT = 128;
/**
 * A 100,000-case search is 100 pages of 1,000 plus retries: 600 lets six such searches in a
 * minute, then 10 requests a second; a runaway client is stopped at ~36,000 requests an hour.
 */
export const DEFAULT_CLIENT_BUDGET_PER_MINUTE = 600;
/** A browser sends its headers at once; a client that trickles them only holds a connection. */
export const DEFAULT_HEADERS_TIMEOUT_MS = 20_000;
/** Bodies are small (16 KiB, or a callback's page of ~0.5 MB): ample on a slow link. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
/**
 * Browsers keep idle connections for minutes; Node closes them after 5 s by default, and a
 * search would then open new ones between its requests (the page warms some up ahead of a
 * search, src/lib/warm-connections.ts, and counts on this).
 */
export const DEFAULT_KEEP_ALIVE_TIMEOUT_MS = 65_000;
/** Far above what a team's browsers open (6 each at most), well below the file limit. */
export const DEFAULT_MAX_CONNECTIONS = 1_000;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export const set = (value: string | undefined): value is string =>
  value !== undefined && value.trim() !== '';

export function integer(
  env: Env,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
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

// RFC 9110 token; and not a header the browser or the proxy itself decides.
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}$/;
const RESERVED_HEADERS = new Set([
  'authorization',
  'cookie',
  'host',
  'content-type',
  'content-length',
]);

function parseProxyAddresses(name: string, raw: string): BlockList {
  const list = new BlockList();
  const entries = raw.split(/[\s,]+/).filter((entry) => entry !== '');
  for (const entry of entries) {
    const [address = '', prefix, extra] = entry.split('/');
    const family = isIP(address);
    const bits = prefix === undefined ? undefined : Number(prefix);
    const max = family === 6 ? 128 : 32;
    if (
      family === 0 ||
      extra !== undefined ||
      (bits !== undefined && (!/^\d{1,3}$/.test(prefix ?? '') || (bits as number) > max))
    ) {
      throw new ConfigError(
        `${name} must list IP addresses or CIDR ranges, comma-separated (got "${entry}").`,
      );
    }
    const type = family === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(address, type);
    else list.addSubnet(address, bits, type);
  }
  if (entries.length === 0) {
    throw new ConfigError(`${name} lists no address.`);
  }
  return list;
}

function accessConfig(env: Env, readFile: (path: string) => string): AccessConfig {
  const usersFile = env.AUTH_USERS_FILE;
  const header = env.TRUSTED_USER_HEADER;
  const proxies = env.TRUSTED_PROXY_ADDRESSES;
  if (set(usersFile) && (set(header) || set(proxies))) {
    throw new ConfigError(
      'Set AUTH_USERS_FILE (built-in users) or TRUSTED_USER_HEADER with TRUSTED_PROXY_ADDRESSES (single sign-on), not both.',
    );
  }
  if (set(usersFile)) {
    let text: string;
    try {
      text = readFile(usersFile.trim());
    } catch (error) {
      throw new ConfigError(
        `AUTH_USERS_FILE "${usersFile.trim()}" cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}).`,
      );
    }
    try {
      return { kind: 'basic', users: parseUsersFile(text) };
    } catch (error) {
      // parseUsersFile names the line, never its hash.
      throw new ConfigError(
        `AUTH_USERS_FILE: ${(error as Error).message}. Make lines with: npm run hash-password -- <user>`,
      );
    }
  }
  if (set(header) !== set(proxies)) {
    throw new ConfigError(
      'TRUSTED_USER_HEADER and TRUSTED_PROXY_ADDRESSES go together: the header is believed only from those addresses.',
    );
  }
  if (set(header) && set(proxies)) {
    const name = header.trim().toLowerCase();
    if (!HEADER_NAME.test(name) || RESERVED_HEADERS.has(name)) {
      throw new ConfigError(
        `TRUSTED_USER_HEADER must be a header name such as X-Forwarded-User, and not ${[...RESERVED_HEADERS].join(', ')} (got "${header}").`,
      );
    }
    return {
      kind: 'trusted-header',
      header: name,
      proxies: parseProxyAddresses('TRUSTED_PROXY_ADDRESSES', proxies),
    };
  }
  return { kind: 'none' };
}

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/** Only this machine can connect: `localhost`, 127.0.0.0/8, ::1. */
export function isLoopbackHost(host: string): boolean {
  const address = host.replace(/^\[(.*)\]$/, '$1');
  if (address.toLowerCase() === 'localhost') return true;
  const family = isIP(address);
  return family !== 0 && LOOPBACK.check(address, family === 6 ? 'ipv6' : 'ipv4');
}

export function loadConfig(
  env: Env,
  readFile: (path: string) => string = (path) => readFileSync(path, 'utf8'),
): ServerConfig {
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
  const searchLanes = env.SEARCH_LANES;
  if (set(searchLanes) && searchLanes !== '0' && searchLanes !== '1') {
    throw new ConfigError(`SEARCH_LANES must be 0 or 1 (got "${searchLanes}").`);
  }
  if (env.SIM_CONTROL === '1' && upstream.kind !== 'simulator') {
    throw new ConfigError(
      'SIM_CONTROL=1 only applies to the embedded simulator; unset it with KHIPU_BASE_URL.',
    );
  }
  // Past 512 MB an answer could not even be read as one string.
  const maxResponseMb = integer(env, 'KHIPU_MAX_RESPONSE_MB', DEFAULT_MAX_RESPONSE_MB, 1, 512);
  const host = set(env.HOST) ? env.HOST.trim() : DEFAULT_HOST;
  const port = integer(env, 'PORT', DEFAULT_PORT, 0, 65_535);
  const localHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  const access = accessConfig(env, readFile);
  if (access.kind === 'none' && !isLoopbackHost(host)) {
    // Anyone who reaches the proxy spends the billed credential: let people in on purpose.
    throw new ConfigError(
      `HOST=${host} accepts connections from other machines, and access control is off: set AUTH_USERS_FILE (built-in users) or TRUSTED_USER_HEADER with TRUSTED_PROXY_ADDRESSES (single sign-on), or listen on 127.0.0.1.`,
    );
  }
  return {
    upstream,
    async: loadAsyncConfig(env, {
      simulator: upstream.kind === 'simulator',
      localBaseUrl: `http://${localHost.includes(':') ? `[${localHost}]` : localHost}:${port}`,
      maxResultBytes: maxResponseMb * MB,
    }),
    access,
    quota: {
      maxConcurrent: integer(env, 'PROXY_MAX_CONCURRENT', DEFAULT_MAX_CONCURRENT, 1, 100_000),
      queueLimit: integer(env, 'PROXY_QUEUE_LIMIT', DEFAULT_QUEUE_LIMIT, 0, 10_000_000),
      clientBudgetPerMinute: integer(
        env,
        'PROXY_CLIENT_BUDGET_PER_MINUTE',
        DEFAULT_CLIENT_BUDGET_PER_MINUTE,
        1,
        1_000_000_000,
      ),
    },
    simulatorControl: env.SIM_CONTROL === '1',
    rutWithDv: rutDv === '1',
    searchLanes: searchLanes !== '0',
    upstreamTimeoutMs: integer(env, 'KHIPU_TIMEOUT_MS', DEFAULT_UPSTREAM_TIMEOUT_MS, 1, MAX),
    upstreamMaxResponseBytes: maxResponseMb * MB,
    upstreamResponsesMemoryBytes: responsesMemoryMb(env, maxResponseMb) * MB,
    host,
    port,
    cacheTtlMs: integer(env, 'PROXY_CACHE_TTL_MS', DEFAULT_CACHE_TTL_MS, 0, MAX),
    cacheMaxBytes:
      integer(env, 'PROXY_CACHE_MAX_MB', DEFAULT_CACHE_MAX_MB, 0, 1_000_000) * 1024 * 1024,
    connections: connectionLimits(env),
    forwardedForProxies: set(env.FORWARDED_FOR_PROXIES)
      ? parseProxyAddresses('FORWARDED_FOR_PROXIES', env.FORWARDED_FOR_PROXIES)
      : null,
  };
}

const HOUR_MS = 3_600_000;
const MB = 1024 * 1024;

/** `KHIPU_RESPONSES_MEMORY_MB`: at least one answer of the largest size must fit. */
function responsesMemoryMb(env: Env, maxResponseMb: number): number {
  const fallback = Math.max(RESPONSES_MEMORY_FACTOR * maxResponseMb, MIN_RESPONSES_MEMORY_MB);
  const value = integer(env, 'KHIPU_RESPONSES_MEMORY_MB', fallback, 1, 16_384);
  if (value < maxResponseMb) {
    throw new ConfigError(
      `KHIPU_RESPONSES_MEMORY_MB (${value}) must be at least KHIPU_MAX_RESPONSE_MB (${maxResponseMb}): an answer of the largest size must fit in it.`,
    );
  }
  return value;
}

function connectionLimits(env: Env): ConnectionLimits {
  const headersTimeoutMs = integer(
    env,
    'SERVER_HEADERS_TIMEOUT_MS',
    DEFAULT_HEADERS_TIMEOUT_MS,
    1,
    HOUR_MS,
  );
  const requestTimeoutMs = integer(
    env,
    'SERVER_REQUEST_TIMEOUT_MS',
    DEFAULT_REQUEST_TIMEOUT_MS,
    1,
    HOUR_MS,
  );
  if (headersTimeoutMs > requestTimeoutMs) {
    // Node refuses it too: the headers are part of the request.
    throw new ConfigError(
      `SERVER_HEADERS_TIMEOUT_MS (${headersTimeoutMs}) must not exceed SERVER_REQUEST_TIMEOUT_MS (${requestTimeoutMs}): the headers are part of the request.`,
    );
  }
  return {
    headersTimeoutMs,
    requestTimeoutMs,
    keepAliveTimeoutMs: integer(
      env,
      'SERVER_KEEP_ALIVE_TIMEOUT_MS',
      DEFAULT_KEEP_ALIVE_TIMEOUT_MS,
      1,
      HOUR_MS,
    ),
    maxConnections: integer(env, 'SERVER_MAX_CONNECTIONS', DEFAULT_MAX_CONNECTIONS, 1, 1_000_000),
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
