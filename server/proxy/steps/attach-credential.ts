// The request as it goes upstream, with the server-side credential the browser never
// holds: a bearer token in JWT mode; in API-key mode the key and the AccountCredential.
import type { RequestData } from '../../../src/contract/request';
import type { UpstreamAuth } from '../../config';

/** The body billed: the RequestData, and AccountCredential in API-key mode. */
export interface UpstreamBody {
  RequestData: RequestData;
  AccountCredential?: unknown;
}

export interface UpstreamCall {
  headers: Record<string, string>;
  body: UpstreamBody;
  /** `body` as sent. */
  wireBody: string;
  /** What is billed, credential left out: the key of the proxy's cache and of its flights. */
  key: string;
}

export function attachCredential(requestData: RequestData, auth: UpstreamAuth): UpstreamCall {
  const body: UpstreamBody = { RequestData: requestData };
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/json',
  };
  if (auth.mode === 'jwt') {
    headers.authorization = `Bearer ${auth.token}`;
  } else {
    headers['x-api-key'] = auth.key;
    body.AccountCredential = auth.accountCredential;
  }
  return { headers, body, wireBody: JSON.stringify(body), key: JSON.stringify(requestData) };
}
