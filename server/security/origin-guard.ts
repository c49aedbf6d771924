// Requests another site makes a browser send. Two checks, before anything else runs:
// - Host, without access control: a web page whose name is rebound to 127.0.0.1 (DNS
//   rebinding) reaches this loopback-only server as its own origin, under its own name.
//   Only loopback names are answered, so the page can neither spend the credential nor
//   read the cases.
// - Origin, in every mode: a browser names the page that sent an API request; one from
//   another origin is refused (a cross-site request carrying the user's sign-in).
// The asynchronous mode's callback is exempt from both: Khipu calls it from its own
// servers, under this server's public name, and its single-use token guards it.
import type { Context, MiddlewareHandler } from 'hono';
import { PROXY_CODES } from '../../src/contract/proxy-codes';
import { CALLBACK_ROUTE } from '../async/async-config';
import { isLoopbackHost } from '../config';
import { refuse } from './access-control';

/**
 * The name and port the client addressed: its Host header, or the URL's authority for a
 * request without one (HTTP/1.0; the adapter then uses the listening address).
 */
function requestAuthority(c: Context): string {
  return c.req.header('host') ?? new URL(c.req.url).host;
}

/** `localhost`, 127.0.0.0/8 or [::1], with or without a port. */
export function isLoopbackAuthority(authority: string): boolean {
  let hostname: string;
  try {
    hostname = new URL(`http://${authority}`).hostname;
  } catch {
    return false;
  }
  return isLoopbackHost(hostname);
}

/**
 * Whether an Origin header names the site the request was addressed to: the same host and
 * port as the Host header. The scheme is not compared: behind a reverse proxy that ends TLS
 * the server sees http while the browser's origin is https. `null` (a sandboxed frame, a
 * file, a redirect across sites) and anything a browser would not send are another origin.
 */
export function isSameOrigin(origin: string, authority: string): boolean {
  let from: URL;
  try {
    from = new URL(origin);
  } catch {
    return false;
  }
  if ((from.protocol !== 'http:' && from.protocol !== 'https:') || from.origin !== origin) {
    return false;
  }
  try {
    // The Host written as the browser would for that scheme (its default port left out).
    return new URL(`${from.protocol}//${authority}`).host === from.host;
  } catch {
    return false;
  }
}

export function originGuard(options: { loopbackOnly: boolean }): MiddlewareHandler {
  return async (c, next) => {
    const path = c.req.path;
    if (CALLBACK_ROUTE.test(path)) return next();
    const authority = requestAuthority(c);
    if (options.loopbackOnly && !isLoopbackAuthority(authority)) {
      return refuse(
        c,
        PROXY_CODES.foreignHost,
        'Sin control de acceso, este servidor solo responde a localhost o 127.0.0.1; el nombre con que se lo llamó no es uno de ellos.',
      );
    }
    const origin = c.req.header('origin');
    if (origin !== undefined && path.startsWith('/api/') && !isSameOrigin(origin, authority)) {
      return refuse(
        c,
        PROXY_CODES.foreignOrigin,
        'Solicitud rechazada: proviene de otro sitio web (encabezado Origin).',
      );
    }
    return next();
  };
}
