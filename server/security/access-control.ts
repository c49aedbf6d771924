// Access control for the whole app (SPA and API): the proxy spends a billed credential, so
// whoever reaches it must be let in on purpose. Two ways, chosen in config.ts:
// - built-in HTTP Basic users, checked against salted scrypt hashes (AUTH_USERS_FILE);
// - an identity header set by the company's single-sign-on proxy (TRUSTED_USER_HEADER),
//   believed only from that proxy's addresses (TRUSTED_PROXY_ADDRESSES).
// The user let in is set on the context (`c.get('user')`) for the quota guard and the audit log;
// every refusal of an attempt is logged (refusal-log.ts), and who gets a password check at all
// is decided by the sign-in guard (sign-in-guard.ts), so a flood of guesses locks nobody out.
import { createHmac, randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import type { Context, MiddlewareHandler } from 'hono';
import { type AnsweredCode, PROXY_CODES } from '../../src/contract/proxy-codes';
import { CALLBACK_ROUTE } from '../async/async-config';
import type { AccessConfig } from '../config';
import { proxyError } from '../khipu-error';
import { clientGone } from '../quota/callers';
import { clientAddress, headerCount, remoteAddress } from './client-identity';
import { decoyHash, type PasswordHash, verifyPassword } from './password-hash';
import { RefusalLog } from './refusal-log';
import { SignInGuard } from './sign-in-guard';

/** A path let through without sign-in: an exact path, or a pattern of the whole path. */
export type Exemption = string | RegExp;

/**
 * Paths outside access control. Matched against the path the router sees (dot segments
 * already resolved), so an exemption cannot be stretched to another route.
 */
export const ACCESS_EXEMPT: readonly Exemption[] = [
  '/api/health',
  // The asynchronous mode's webhook: Khipu cannot sign in; its single-use tokens guard it.
  CALLBACK_ROUTE,
];

export const REALM = 'CEN Nonconformities Explorer';

const isExempt = (path: string, exempt: readonly Exemption[]) =>
  exempt.some((rule) => (typeof rule === 'string' ? rule === path : rule.test(path)));

export interface AccessControlOptions {
  /** The clock of back-offs, remembered sign-ins and the refusal log (tests set their own). */
  now?: () => number;
}

/**
 * The access middleware for this configuration; undefined when access control is off.
 * Refusals are written to `log`.
 */
export function accessControl(
  access: AccessConfig,
  exempt: readonly Exemption[],
  log: (line: string) => void,
  options: AccessControlOptions = {},
): MiddlewareHandler | undefined {
  if (access.kind === 'none') return undefined;
  const refusals = new RefusalLog(log, { now: options.now });
  const check =
    access.kind === 'basic'
      ? basicAuth(access.users, refusals, options.now ?? Date.now)
      : trustedHeader(access, refusals);
  return (c, next) => (isExempt(c.req.path, exempt) ? next() : check(c, next));
}

/** A refusal: the Khipu error shape under /api (the browser's fetch reads it), text elsewhere. */
export function refuse(
  c: Context,
  refusal: AnsweredCode,
  message: string,
  headers: Record<string, string> = {},
): Response {
  if (c.req.path.startsWith('/api/')) return proxyError(refusal, message, headers);
  return new Response(message, {
    status: refusal.status,
    headers: {
      'content-type': 'text/plain; charset=utf-8',
      'cache-control': 'no-store',
      ...headers,
    },
  });
}

// ——— HTTP Basic ———

/** A successful check is remembered this long, so a page's requests do not each pay scrypt. */
const VERIFIED_TTL_MS = 5 * 60_000;
const VERIFIED_MAX = 1_000;

function basicAuth(
  users: ReadonlyMap<string, PasswordHash>,
  refusals: RefusalLog,
  clock: () => number,
): MiddlewareHandler {
  const [first] = users.values();
  if (first === undefined) throw new Error('AUTH_USERS_FILE lists no user');
  // An unknown user is checked against a decoy at the same cost: the answer takes as long.
  const decoy = decoyHash(first.cost);
  const guard = new SignInGuard({ now: clock });
  // Keyed by an HMAC of the whole header under a per-process key: no password is kept.
  const cacheKey = randomBytes(32);
  const verified = new Map<string, { user: string; until: number }>();
  const challenge = (c: Context) =>
    refuse(c, PROXY_CODES.unauthenticated, 'Se requiere usuario y contraseña.', {
      'www-authenticate': `Basic realm="${REALM}", charset="UTF-8"`,
    });

  return async (c, next) => {
    const header = c.req.header('authorization');
    // No header is the protocol's first step (the browser asks for a password): no refusal.
    if (header === undefined) return challenge(c);
    const address = clientAddress(c);
    const credentials = parseBasic(header);
    if (credentials === undefined) {
      refusals.refused(address, undefined, 'malformed-credentials');
      return challenge(c);
    }
    const key = createHmac('sha256', cacheKey).update(header).digest('base64');
    const now = clock();
    const remembered = verified.get(key);
    if (remembered !== undefined && remembered.until > now) {
      c.set('user', remembered.user);
      return next();
    }
    const { user, password } = credentials;
    const stored = users.get(user);
    const outcome = await guard.check(
      address,
      key,
      user,
      async () => {
        const matches = await verifyPassword(password, stored ?? decoy);
        return matches && stored !== undefined;
      },
      () => c.req.raw.signal,
    );
    // It left while its check waited: nobody to answer, nothing refused.
    if (outcome.kind === 'gone') return clientGone();
    if (outcome.kind === 'wrong') {
      refusals.refused(address, user, stored === undefined ? 'unknown-user' : 'wrong-password');
      return challenge(c);
    }
    if (outcome.kind === 'backoff') {
      refusals.refused(address, user, 'backoff');
      return refuse(
        c,
        PROXY_CODES.signInBackoff,
        'Demasiados intentos de acceso fallidos desde esta dirección; reintente más tarde.',
        { 'retry-after': String(Math.ceil(outcome.retryAfterMs / 1000)) },
      );
    }
    if (outcome.kind === 'busy') {
      refusals.refused(address, user, 'busy');
      return refuse(c, PROXY_CODES.busy, 'Demasiados intentos de acceso; reintente.', {
        'retry-after': '1',
      });
    }
    if (verified.size >= VERIFIED_MAX) verified.clear();
    verified.set(key, { user, until: now + VERIFIED_TTL_MS });
    c.set('user', user);
    return next();
  };
}

function parseBasic(header: string): { user: string; password: string } | undefined {
  const match = /^Basic +([A-Za-z0-9+/]+={0,2}) *$/i.exec(header);
  if (!match) return undefined;
  const decoded = Buffer.from(match[1] as string, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return undefined;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

// ——— identity header from the single-sign-on proxy ———

/** 1–256 characters, no control characters: it goes into the audit log (escaped there too). */
const TRUSTED_USER = /^[^\p{Cc}]{1,256}$/u;

function trustedHeader(
  access: Extract<AccessConfig, { kind: 'trusted-header' }>,
  refusals: RefusalLog,
): MiddlewareHandler {
  const { header, proxies } = access;
  return async (c, next) => {
    // The connection's peer, never X-Forwarded-For: only the SSO proxy vouches for the header.
    const peer = remoteAddress(c);
    const family = isIP(peer);
    // Who is refused, for the log: behind a reverse proxy (FORWARDED_FOR_PROXIES), its client.
    const from = clientAddress(c);
    const given = c.req.header(header);
    // The header proves nothing from anyone else: anybody can send it.
    if (family === 0 || !proxies.check(peer, family === 6 ? 'ipv6' : 'ipv4')) {
      refusals.refused(from, given, 'not-from-proxy');
      return refuse(
        c,
        PROXY_CODES.forbidden,
        'Acceso solo a través del proxy de inicio de sesión de la empresa.',
      );
    }
    // Node joins a repeated header into one value ("ana, bob"): a name nobody was given.
    if ((headerCount(c, header) ?? 0) > 1) {
      refusals.refused(from, given, 'duplicate-identity');
      return refuse(
        c,
        PROXY_CODES.forbidden,
        'El proxy de inicio de sesión envió más de una identidad de usuario.',
      );
    }
    const user = given?.trim();
    if (user === undefined || !TRUSTED_USER.test(user)) {
      refusals.refused(from, given, 'no-user');
      return refuse(
        c,
        PROXY_CODES.forbidden,
        'El proxy de inicio de sesión no identificó al usuario.',
      );
    }
    c.set('user', user);
    return next();
  };
}
