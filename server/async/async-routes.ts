// The asynchronous mode's HTTP side: the public webhook Khipu POSTs results to, the one
// result stream per search the browser listens on, and cancellation.
import type { NonSharedBuffer } from 'node:buffer';
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { OPERATION_STREAM_PATH, OPERATIONS_PATH } from '../../src/contract/proxy-protocol';
import { type AsyncConfig, CALLBACK_PATH_PREFIX } from './async-config';
import { type AsyncOperations, isStreamId, type OperationEvent } from './async-operations';

/** A comment line on idle streams, so proxies in between do not close them. */
const KEEP_ALIVE_MS = 15_000;

async function readBounded(request: Request, maxBytes: number): Promise<NonSharedBuffer | null> {
  const declared = request.headers.get('content-length');
  if (declared !== null && Number(declared) > maxBytes) return null;
  if (!request.body) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return null;
    }
    chunks.push(Buffer.from(value));
  }
  return Buffer.concat(chunks);
}

export function asyncRoutes(operations: AsyncOperations, config: AsyncConfig): Hono {
  const app = new Hono();

  app.post(`${CALLBACK_PATH_PREFIX}:token`, async (c) => {
    if (!/^application\/json\s*(?:;|$)/i.test(c.req.header('content-type') ?? '')) {
      return c.json({ accepted: false, reason: 'JSON only' }, 415);
    }
    // The token first: a stranger's POST is refused before any of its body is read.
    const refused = operations.admit(c.req.param('token'));
    if (refused) return c.json({ accepted: false }, refused.status as 404);
    const bytes = await readBounded(c.req.raw, config.callbackMaxBytes);
    if (bytes === null) {
      const verdict = operations.tooLarge(c.req.param('token'));
      return c.json({ accepted: false, reason: 'body too large' }, verdict.status as 413);
    }
    const verdict = operations.receive(c.req.param('token'), bytes);
    return c.json({ accepted: verdict.status < 300 }, verdict.status as 200);
  });

  app.get(`${OPERATION_STREAM_PATH}:streamId`, (c) => {
    const streamId = c.req.param('streamId');
    if (!isStreamId(streamId)) return c.json({ error: 'invalid stream' }, 400);
    c.header('cache-control', 'no-store');
    // A buffering reverse proxy in front would hold events back.
    c.header('x-accel-buffering', 'no');
    const owner = c.get('user') ?? null;
    return streamSSE(c, async (stream) => {
      const queue: OperationEvent[] = [];
      let wake: (() => void) | null = null;
      const unsubscribe = operations.subscribe(
        streamId,
        (event) => {
          queue.push(event);
          wake?.();
        },
        owner,
      );
      let open = true;
      stream.onAbort(() => {
        open = false;
        wake?.();
      });
      try {
        await stream.writeSSE({ event: 'ready', data: '{}' });
        while (open) {
          const event = queue.shift();
          if (event) {
            await stream.writeSSE({ event: 'operation', data: JSON.stringify(event) });
            continue;
          }
          let timer: ReturnType<typeof setTimeout> | undefined;
          await new Promise<void>((resolve) => {
            wake = resolve;
            timer = setTimeout(resolve, KEEP_ALIVE_MS);
          });
          clearTimeout(timer);
          wake = null;
          if (open && queue.length === 0) await stream.write(': keep-alive\n\n');
        }
      } finally {
        unsubscribe();
      }
    });
  });

  app.delete(`${OPERATIONS_PATH}:handle`, (c) => {
    const owner = c.get('user') ?? null;
    operations.cancel(c.req.param('handle'), owner);
    return c.body(null, 204);
  });

  return app;
}
