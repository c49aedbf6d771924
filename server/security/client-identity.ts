// Who is asking: the signed-in user when access control is on, else the client's address.
// The quota guard keys its budget on it; the audit log and the refusal log name the address.
// Behind reverse proxies listed in FORWARDED_FOR_PROXIES the client's address is read from
// X-Forwarded-For, else every client would share the proxy's address (and its sign-in
// back-off and budget). Whom to believe about identity (the SSO proxy) is still the socket's
// peer (`remoteAddress`), never a header.
import { type BlockList, isIP } from 'node:net';
import type { Context, MiddlewareHandler } from 'hono';

declare module 'hono' {
  interface ContextVariableMap {
    /** Set by access control once the request is let in. */
    user: string;
    /** Set by `forwardedClients` behind reverse proxies; read it with `clientAddress(c)`. */
    clientAddress: string;
  }
}

/** What @hono/node-server passes as `c.env` (absent in `app.request()` without bindings). */
interface NodeBindings {
  incoming?: { socket?: { remoteAddress?: string }; rawHeaders?: string[] };
}

/** An IPv4-mapped IPv6 address (`::ffff:10.0.0.5`) as IPv4. */
function unmapped(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  return mapped ? (mapped[1] as string) : address;
}

/** The socket's peer address; an IPv4-mapped IPv6 address (`::ffff:10.0.0.5`) as IPv4. */
export function remoteAddress(c: Context): string {
  const address = (c.env as NodeBindings | undefined)?.incoming?.socket?.remoteAddress;
  if (address === undefined) return 'unknown';
  return unmapped(address);
}

/**
 * One X-Forwarded-For entry as an address (`1.2.3.4`, `1.2.3.4:5678`, `2001:db8::1`,
 * `[2001:db8::1]:443`), or undefined when it is none.
 */
function forwardedAddress(entry: string): string | undefined {
  const text = entry.trim();
  const bracketed = /^\[([^\]]*)\](?::\d{1,5})?$/.exec(text);
  const ipv4WithPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}$/.exec(text);
  const address = bracketed?.[1] ?? ipv4WithPort?.[1] ?? text;
  // A zone (`fe80::1%eth0`) names another host's interface: nothing to key a client on.
  if (isIP(address) === 0 || address.includes('%')) return undefined;
  return unmapped(address.toLowerCase());
}

function isListed(proxies: BlockList, address: string): boolean {
  const family = isIP(address);
  return family !== 0 && proxies.check(address, family === 6 ? 'ipv6' : 'ipv4');
}

/**
 * The client of a request from `peer` carrying `forwardedFor`, when `proxies` are the reverse
 * proxies in front: each appends the address it was reached from, so walking from the right,
 * the first address that is not one of them. Only an entry a proxy appended is believed: the
 * walk stops at the first address not listed (what lies left of it, its sender wrote), and an
 * entry that is not an address ends it at the proxy that passed it on.
 */
export function clientBehindProxies(
  peer: string,
  forwardedFor: string | undefined,
  proxies: BlockList,
): string {
  let client = peer;
  const entries = forwardedFor === undefined ? [] : forwardedFor.split(',');
  for (let i = entries.length - 1; i >= 0 && isListed(proxies, client); i--) {
    const address = forwardedAddress(entries[i] as string);
    if (address === undefined) break;
    client = address;
  }
  return client;
}

/** Names each request's client from X-Forwarded-For as passed on by FORWARDED_FOR_PROXIES. */
export function forwardedClients(proxies: BlockList): MiddlewareHandler {
  return (c, next) => {
    c.set(
      'clientAddress',
      clientBehindProxies(remoteAddress(c), c.req.header('x-forwarded-for'), proxies),
    );
    return next();
  };
}

/** The client's address: behind FORWARDED_FOR_PROXIES from X-Forwarded-For, else the peer. */
export function clientAddress(c: Context): string {
  return c.get('clientAddress') ?? remoteAddress(c);
}

/**
 * How many times the request carries header `name` (case-insensitive), from the raw headers:
 * Node joins repeated custom headers into one value with ", ". Undefined without bindings.
 */
export function headerCount(c: Context, name: string): number | undefined {
  const raw = (c.env as NodeBindings | undefined)?.incoming?.rawHeaders;
  if (raw === undefined) return undefined;
  const wanted = name.toLowerCase();
  let count = 0;
  for (let i = 0; i < raw.length; i += 2) if (raw[i]?.toLowerCase() === wanted) count++;
  return count;
}

export function clientOf(c: Context): string {
  return c.get('user') ?? clientAddress(c);
}
