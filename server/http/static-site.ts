// The built SPA: hashed assets cached for good, its HTML revalidated on every visit (so a
// deploy reaches users at once), any view path answered with index.html, and a missing
// file answered 404 (not the SPA's HTML, which a script or style tag would choke on).
import { serveStatic } from '@hono/node-server/serve-static';
import type { Hono, MiddlewareHandler } from 'hono';

/** Files under /assets/ carry a content hash in their name. */
const ASSETS = '/assets/';
const IMMUTABLE = 'public, max-age=31536000, immutable';

/** A path that names a file, not a view: under /assets/, or its last segment has an extension. */
export function isFilePath(path: string): boolean {
  return path.startsWith(ASSETS) || /\.[A-Za-z0-9]+$/.test(path.slice(path.lastIndexOf('/') + 1));
}

const revalidateHtml = (answer: Response) =>
  /^text\/html/i.test(answer.headers.get('content-type') ?? '') ? 'no-cache' : undefined;

/**
 * serveStatic's answer with its Cache-Control. Not set in its onFound: the answer is built
 * by then, and a header set on the context afterwards never reaches it.
 */
function withCacheControl(
  serve: MiddlewareHandler,
  policy: (answer: Response) => string | undefined,
): MiddlewareHandler {
  return async (c, next) => {
    const answer = await serve(c, next);
    if (answer instanceof Response) {
      const value = policy(answer);
      if (value !== undefined) answer.headers.set('cache-control', value);
    }
    return answer;
  };
}

export function serveSpa(app: Hono, root: string): void {
  app.use(
    `${ASSETS}*`,
    withCacheControl(serveStatic({ root }), () => IMMUTABLE),
  );
  app.use('*', withCacheControl(serveStatic({ root }), revalidateHtml));
  const missingFile: MiddlewareHandler = async (c, next) => {
    if (isFilePath(c.req.path)) return c.notFound();
    await next();
  };
  // Any other path is a view of the SPA (its state lives in the URL).
  app.get(
    '*',
    missingFile,
    withCacheControl(serveStatic({ root, path: 'index.html' }), revalidateHtml),
  );
}
