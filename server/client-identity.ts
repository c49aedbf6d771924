// Who is asking: the signed-in user when access control is on, else the remote address.
// The quota guard keys its budget on it; the audit log names it.
import type { Context } from 'hono';

declare module 'hono' {
  interface ContextVariableMap {
    /** Set by access control once the request is let in. */
    user: string;
  }
}

/** What @hono/node-server passes as `c.env` (absent in `app.request()` without bindings). */
interface NodeBindings {
  incoming?: { socket?: { remoteAddress?: string }; rawHeaders?: string[] };
}

/** The socket's peer address; an IPv4-mapped IPv6 address (`::ffff:10.0.0.5`) as IPv4. */
export function remoteAddress(c: Context): string {
  const address = (c.env as NodeBindings | undefined)?.incoming?.socket?.remoteAddress;
  if (address === undefined) return 'unknown';
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
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
  return c.get('user') ?? remoteAddress(c);
}
