// In asynchronous mode only: the page is billed with a CallbackUrl, and the browser
// gets a 202 with a handle; the result comes later on its search's event stream
// (server/async/). An answer the API gives at once is passed on as in synchronous mode.
import { REQUEST_CODES } from '../../../src/contract/errors';
import { PROXY_CODES } from '../../../src/contract/proxy-codes';
import { PROXY_HEADERS } from '../../../src/contract/proxy-protocol';
import { type AsyncOperations, isStreamId } from '../../async/async-operations';
import { khipuError, proxyError } from '../../khipu-error';
import { Callers, clientGone, type SignalOf } from '../../quota/callers';
import type { QuotaGuard } from '../../quota/quota-guard';
import type { BilledCall } from '../billed-call';
import { type Answering, answerWith } from './answer';
import type { UpstreamCall } from './attach-credential';
import { quotaRefusal } from './quota-admission';
import type { PageRequest } from './read-request';

export interface AsyncHandOffDeps extends Answering {
  operations: AsyncOperations;
  quota: QuotaGuard;
  billedCall: BilledCall;
}

/** Who asks, as the asynchronous mode needs to know them. */
export interface AsyncAsker {
  /** The search's result stream (the operation-stream header). */
  streamId: string | undefined;
  /** The signed-in user (the operation's owner); undefined without access control. */
  user: string | undefined;
  /** The client's address, for the audit line. */
  address: string;
  /** Whose quota: the user, else the address. */
  client: string;
  signalOf: SignalOf;
  acceptEncoding: string | undefined;
}

export async function handOffAsync(
  deps: AsyncHandOffDeps,
  request: PageRequest,
  call: UpstreamCall,
  asker: AsyncAsker,
): Promise<Response> {
  const { operations, quota, billedCall } = deps;
  const { streamId, signalOf } = asker;
  if (!isStreamId(streamId)) {
    return khipuError(
      400,
      REQUEST_CODES.malformed,
      'DO_NOT_RETRY',
      `Modo asíncrono: falta el flujo de resultados de la búsqueda (${PROXY_HEADERS.operationStream}).`,
    );
  }
  // The browser may have left right after its body: then nothing is sent nor billed.
  if (signalOf().aborted) return clientGone();
  const begun = operations.begin(streamId, call.key, asker.user ?? null);
  if (!begun) {
    return proxyError(
      PROXY_CODES.asyncFull,
      'Demasiadas operaciones asíncronas esperan su resultado; intente en un momento.',
      { 'retry-after': '5' },
    );
  }
  // Billed like any page: the same quota, the same audit line.
  const admission = quota.admit(asker.client);
  if (!admission.ok) {
    operations.abandon(begun.operation.handle);
    return quotaRefusal(admission);
  }
  const outcome = await billedCall(
    admission,
    call.headers,
    JSON.stringify({ ...call.body, CallbackUrl: begun.callbackUrl }),
    { user: asker.user, address: asker.address, requestData: request.requestData },
    new Callers(signalOf),
  );
  const { operation } = begun;
  const accepted = outcome.kind === 'answered' && outcome.status === 202 ? outcome.accepted : null;
  if (!accepted) {
    // Failed, or answered at once: an ordinary answer, and no operation to wait for.
    operations.abandon(operation.handle);
    return answerWith(deps, call.key, outcome, 'MISS', asker.acceptEncoding);
  }
  operations.accepted(operation, accepted.operationId, accepted.lifeSpan);
  // Only what the browser needs: an upstream echo of the CallbackUrl (its token) stays here.
  const answer = {
    OperationId: accepted.operationId,
    Status: 'OK',
    Data: null,
    AdditionalInformation: null,
    Error: null,
    LifeSpan: accepted.lifeSpan,
    Handle: operation.handle,
  };
  return new Response(JSON.stringify(answer), {
    status: 202,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      [PROXY_HEADERS.operationHandle]: operation.handle,
      [PROXY_HEADERS.operationRemaining]: String(operations.remainingMs(operation)),
    },
  });
}
