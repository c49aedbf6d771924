// The proxy reads at most MAX_BODY_BYTES of a request body: a page request is far smaller.
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { REQUEST_CODES } from '../../src/contract/errors';
import { khipuError } from '../khipu-error';

export const MAX_BODY_BYTES = 16 * 1024;

const tooLarge = () =>
  khipuError(
    413,
    REQUEST_CODES.malformed,
    'DO_NOT_RETRY',
    'La solicitud supera el tamaño máximo de 16 KiB.',
  );

/**
 * Refuses bodies over MAX_BODY_BYTES. A declared length is checked as is (Node's parser reads
 * no more than it); hono's bodyLimit would first touch `c.req.raw.body`, which makes
 * @hono/node-server build a web stream for every request, so it only handles the rest.
 */
export function limitBody(): MiddlewareHandler {
  const streamedLimit = bodyLimit({ maxSize: MAX_BODY_BYTES, onError: tooLarge });
  return async (c, next) => {
    const declared = c.req.header('content-length');
    if (declared === undefined || c.req.header('transfer-encoding') !== undefined) {
      return streamedLimit(c, next);
    }
    if (Number(declared) > MAX_BODY_BYTES) return tooLarge();
    await next();
  };
}
