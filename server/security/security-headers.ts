// The headers every answer of this server carries: HTML, assets, API, errors, 404s and
// refusals alike.
import type { MiddlewareHandler } from 'hono';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  // No inline script anywhere: the built index.html loads its one module by URL. The page
  // worker (a same-origin module file) is covered too: worker-src falls back to script-src.
  "script-src 'self'",
  // Radix's dialog and popover inject a <style> element (react-remove-scroll's scroll lock);
  // recharts sets inline styles too. Styles cannot run code; scripts stay strict.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ');

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    // Set on the answer's own headers: c.header() after a handler rebuilds the Response,
    // turning its body into a web stream (the proxy's costliest step under load). Every
    // answer here is built by this server, never a fetch() passthrough, so they are mutable.
    const headers = c.res.headers;
    headers.set('content-security-policy', CONTENT_SECURITY_POLICY);
    headers.set('x-content-type-options', 'nosniff');
    headers.set('referrer-policy', 'no-referrer');
  };
}
