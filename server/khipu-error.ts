// Failures the server answers itself, in the Khipu error shape (docs/contract.md), so the
// browser classifies them like the API's own.
import { type ErrorType, errorEnvelope } from '../src/contract/errors';

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
