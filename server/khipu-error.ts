// Failures the server answers itself, in the Khipu error shape (docs/contract.md), so the
// browser classifies them like the API's own.
import { type ErrorType, errorEnvelope } from '../src/contract/errors';
import type { AnsweredCode } from '../src/contract/proxy-codes';

export function khipuError(
  status: number,
  code: string,
  type: ErrorType,
  description: string,
  extraHeaders: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify(errorEnvelope(crypto.randomUUID(), code, type, description)), {
    status,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      ...extraHeaders,
    },
  });
}

/** One of the proxy's own codes (proxy-codes.ts), with the status and type it comes with. */
export function proxyError(
  { code, status, type }: AnsweredCode,
  description: string,
  extraHeaders?: Record<string, string>,
): Response {
  return khipuError(status, code, type, description, extraHeaders);
}
