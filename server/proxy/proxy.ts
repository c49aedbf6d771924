// The proxy: the only way from the browser to the billed API. It allow-lists one path,
// validates before anything is billed, injects the server-side credential, drops what
// the browser must not decide (credentials, cookies, AccountCredential, CallbackUrl),
// and answers every failure in the Khipu error shape. A page request goes through the
// steps in steps/, in the order the handler below lists them.
import { Hono } from 'hono';
import { REQUEST_CODES } from '../../src/contract/errors';
import { PROXY_PATH } from '../../src/contract/paths';
import { PROXY_HEADERS } from '../../src/contract/proxy-protocol';
import type { AsyncConfig } from '../async/async-config';
import { AsyncOperations } from '../async/async-operations';
import { asyncRoutes } from '../async/async-routes';
import { MemoryOperationStore } from '../async/operation-store';
import type { ServerConfig } from '../config';
import { khipuError } from '../khipu-error';
import type { SignalOf } from '../quota/callers';
import { QuotaGuard } from '../quota/quota-guard';
import { clientAddress, clientOf } from '../security/client-identity';
import { createRedactor, secretsOf } from '../upstream/secret-redaction';
import type { Upstream } from '../upstream/upstream-contract';
import { inspectUpstreamJson } from '../upstream/upstream-json';
import { createBatchedLog } from './batched-log';
import { billedCallTo } from './billed-call';
import { limitBody } from './body-limit';
import { InFlight, ResponseCache } from './proxy-cache';
import { logRequests } from './request-log';
import { type LaneEntry, type LaneOutcome, SearchLanes } from './search-lanes';
import { answerWith, type CacheState } from './steps/answer';
import { answerFromCache, wantsFreshAnswer } from './steps/answer-from-cache';
import { handOffAsync } from './steps/async-hand-off';
import { attachCredential } from './steps/attach-credential';
import { flightKeyOf, joinFlight, startFlight } from './steps/flight';
import { laneOf, laneOutcomeOf, laneRefusal } from './steps/lane-admission';
import { admitToQuota } from './steps/quota-admission';
import { readPageRequest, refuseNonJson } from './steps/read-request';
import type { UpstreamOutcome } from './upstream-outcome';

export interface ProxyDeps {
  upstream: Upstream;
  log?: (line: string) => void;
  /** Where the audit lines of billed requests go (audit-log.ts); default: `log`. */
  audit?: (line: string) => void;
  /** Which upstream this is, for `/api/health` (never the URL or credential). */
  upstreamKind: 'khipu' | 'simulator';
  /** The asynchronous mode's operations (made here when absent and the mode is on). */
  asyncOperations?: AsyncOperations;
}

export function createProxyApp(config: ServerConfig, deps: ProxyDeps): Hono {
  const log = deps.log ?? createBatchedLog();
  const { upstream } = deps;
  const cache = new ResponseCache({ ttlMs: config.cacheTtlMs, maxBytes: config.cacheMaxBytes });
  const inFlight = new InFlight<UpstreamOutcome>();
  const quota = new QuotaGuard(config.quota);
  // Lanes live in this process: off where a search's pages may reach several instances.
  const lanes =
    config.searchLanes && !config.async
      ? new SearchLanes({ maxWaitMs: config.upstreamTimeoutMs })
      : null;
  const redact = createRedactor(secretsOf(upstream.auth));
  const billedCall = billedCallTo({
    upstream,
    quota,
    audit: deps.audit ?? log,
    redact,
    limits: {
      timeoutMs: config.upstreamTimeoutMs,
      maxResponseBytes: config.upstreamMaxResponseBytes,
    },
  });
  const asyncOperations =
    deps.asyncOperations ?? (config.async ? createAsyncOperations(config.async, log) : null);
  // What the steps work with, made once.
  const answering = { cache, withLanes: lanes !== null };
  const fromCache = { cache, lanes };
  const flights = { inFlight, billedCall };
  const handingOff = asyncOperations && {
    ...answering,
    operations: asyncOperations,
    quota,
    billedCall,
  };
  // A checked callback result is an answer like any other: redacted, and the good ones kept.
  asyncOperations?.onResult((operation, result) => {
    const body = redact(result.body);
    // The webhook checked the bytes it received; changed ones are checked again.
    const okWithData =
      body === result.body ? result.okWithData : Boolean(inspectUpstreamJson(body)?.page);
    if (okWithData) cache.set(operation.requestKey, result.status, body);
    return { ...result, body, okWithData };
  });

  const app = new Hono();
  app.use('/api/*', logRequests(log));

  app.get('/api/health', (c) =>
    c.json({ status: 'ok', upstream: deps.upstreamKind }, 200, { 'cache-control': 'no-store' }),
  );

  // A page request, step by step (steps/): each either answers or hands on to the next.
  app.post(PROXY_PATH, limitBody(), async (c) => {
    const notJson = refuseNonJson(c.req.header('content-type'));
    if (notJson) return notJson;
    const request = readPageRequest(await c.req.text(), config.rutWithDv);
    if (request instanceof Response) return request;
    const call = attachCredential(request.requestData, upstream.auth);
    const acceptEncoding = c.req.header('accept-encoding');
    const signalOf: SignalOf = () => c.req.raw.signal;
    const fresh = wantsFreshAnswer(c.req.header('cache-control'));
    const laneHeader = lanes && c.req.header(PROXY_HEADERS.searchLane);
    const ticket = laneHeader ? laneOf(laneHeader, clientOf(c)) : null;

    const cached = fresh
      ? undefined
      : answerFromCache(fromCache, call.key, request, ticket, acceptEncoding);
    if (cached) return cached;

    if (handingOff) {
      return handOffAsync(handingOff, request, call, {
        streamId: c.req.header(PROXY_HEADERS.operationStream),
        user: c.get('user'),
        address: clientAddress(c),
        client: clientOf(c),
        signalOf,
        acceptEncoding,
      });
    }

    let lane: Extract<LaneEntry, { kind: 'go' }> | undefined;
    if (lanes && ticket) {
      const entering = lanes.enter(ticket.id, ticket.concurrency, ticket.position, signalOf);
      const entry = entering instanceof Promise ? await entering : entering;
      if (entry.kind !== 'go') return laneRefusal(entry);
      lane = entry;
    }

    const flightKey = flightKeyOf(call.key, fresh);
    let outcome: UpstreamOutcome;
    let cacheState: CacheState = fresh ? 'BYPASS' : 'COALESCED';
    // Anything but a page that lets the search go on closes the lane: a refusal, an error, a throw.
    let laneOutcome: LaneOutcome = 'bad';
    try {
      const running = joinFlight(inFlight, flightKey, signalOf);
      if (running !== undefined) {
        outcome = await running;
      } else {
        const admission = admitToQuota(quota, clientOf(c));
        if (admission instanceof Response) return admission;
        if (!fresh) cacheState = 'MISS';
        const who = {
          user: c.get('user'),
          address: clientAddress(c),
          requestData: request.requestData,
        };
        outcome = await startFlight(flights, flightKey, signalOf, admission, call, who);
      }
      if (lane) laneOutcome = laneOutcomeOf(request, outcome);
    } finally {
      lane?.leave(laneOutcome);
    }
    return answerWith(answering, call.key, outcome, cacheState, acceptEncoding);
  });

  if (asyncOperations && config.async) app.route('/', asyncRoutes(asyncOperations, config.async));

  app.all(PROXY_PATH, () =>
    khipuError(405, REQUEST_CODES.malformed, 'DO_NOT_RETRY', 'Método no permitido: use POST.', {
      allow: 'POST',
    }),
  );
  app.all('/api/*', () =>
    khipuError(404, REQUEST_CODES.malformed, 'DO_NOT_RETRY', 'Ruta de la API no encontrada.'),
  );

  return app;
}

export function createAsyncOperations(config: AsyncConfig, log: (line: string) => void) {
  return new AsyncOperations(new MemoryOperationStore(config.maxOperations), config, { log });
}
