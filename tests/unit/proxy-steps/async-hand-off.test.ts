// In asynchronous mode a page is billed with a CallbackUrl and the browser gets a 202 with
// a handle; anything else is answered as in synchronous mode.
import { afterEach, describe, expect, it } from 'vitest';
import type { AsyncConfig } from '../../../server/async/async-config';
import { AsyncOperations } from '../../../server/async/async-operations';
import { MemoryOperationStore } from '../../../server/async/operation-store';
import type { BilledCall } from '../../../server/proxy/billed-call';
import { ResponseCache } from '../../../server/proxy/proxy-cache';
import { type AsyncAsker, handOffAsync } from '../../../server/proxy/steps/async-hand-off';
import { attachCredential } from '../../../server/proxy/steps/attach-credential';
import type { PageRequest } from '../../../server/proxy/steps/read-request';
import type { UpstreamOutcome } from '../../../server/proxy/upstream-outcome';
import { QuotaGuard } from '../../../server/quota/quota-guard';
import { SEED_BODY } from '../../support/fixtures/requests';
import { answered } from '../../support/fixtures/upstream-outcomes';

const CONFIG: AsyncConfig = {
  publicBaseUrl: 'https://explorer.example.cl',
  operationTtlMs: 60_000,
  callbackMaxBytes: 1024 * 1024,
  maxOperations: 2,
};
const request: PageRequest = { requestData: SEED_BODY.RequestData, page: 0, rowsPerPage: 200 };
const call = attachCredential(SEED_BODY.RequestData, { mode: 'jwt', token: 't' });
const asker = (changes: Partial<AsyncAsker> = {}): AsyncAsker => ({
  streamId: 'stream-aaaaaaaaaaaaaaaa',
  user: 'ana',
  address: '10.0.0.7',
  client: 'ana',
  signalOf: () => new AbortController().signal,
  acceptEncoding: undefined,
  ...changes,
});
const accepted: UpstreamOutcome = {
  kind: 'answered',
  status: 202,
  body: Buffer.from('{}'),
  retryAfter: null,
  page: null,
  accepted: { operationId: 'op-1', lifeSpan: null },
};

const made: AsyncOperations[] = [];
afterEach(() => {
  for (const operations of made.splice(0)) operations.close();
});

/** The step's dependencies, with a billed call that answers `outcome` and records its bodies. */
function setup(outcome: UpstreamOutcome = accepted, quotaBudget = 10) {
  const operations = new AsyncOperations(new MemoryOperationStore(CONFIG.maxOperations), CONFIG, {
    log: () => {},
  });
  made.push(operations);
  const bodies: string[] = [];
  const billedCall: BilledCall = async (_admission, _headers, body) => {
    bodies.push(body);
    return outcome;
  };
  const deps = {
    operations,
    quota: new QuotaGuard({ maxConcurrent: 5, queueLimit: 0, clientBudgetPerMinute: quotaBudget }),
    billedCall,
    cache: new ResponseCache({ ttlMs: 60_000, maxBytes: 1_000_000 }),
    withLanes: false,
  };
  return { deps, operations, bodies };
}

describe('handOffAsync', () => {
  it('bills the page with a CallbackUrl and answers 202 with the handle, not the callback', async () => {
    const { deps, operations, bodies } = setup();
    const answer = await handOffAsync(deps, request, call, asker());
    expect(answer.status).toBe(202);
    const handle = answer.headers.get('x-operation-handle');
    expect(handle).toBeTruthy();
    expect(Number(answer.headers.get('x-operation-remaining-ms'))).toBeGreaterThan(0);
    const body = await answer.json();
    expect(body).toMatchObject({ OperationId: 'op-1', Status: 'OK', Handle: handle });
    expect(JSON.stringify(body)).not.toContain('callbacks');
    expect(bodies).toHaveLength(1);
    const sent = JSON.parse(bodies[0] as string);
    expect(sent.RequestData).toEqual(SEED_BODY.RequestData);
    expect(sent.CallbackUrl).toMatch(/^https:\/\/explorer\.example\.cl\/api\/callbacks\/cenhub\//);
    expect(operations.size()).toBe(1);
  });

  it('refuses a page without its result stream with 400 P002, before billing', async () => {
    const { deps, bodies } = setup();
    const answer = await handOffAsync(deps, request, call, asker({ streamId: undefined }));
    expect(answer.status).toBe(400);
    expect(await answer.json()).toMatchObject({
      Error: { Code: 'P002', Description: expect.stringContaining('x-operation-stream') },
    });
    expect(bodies).toEqual([]);
  });

  it('sends nothing for a browser that already left', async () => {
    const { deps, operations, bodies } = setup();
    const answer = await handOffAsync(
      deps,
      request,
      call,
      asker({ signalOf: () => AbortSignal.abort() }),
    );
    expect(answer.status).toBe(499);
    expect(bodies).toEqual([]);
    expect(operations.size()).toBe(0);
  });

  it('refuses with 503 X008 while too many operations wait', async () => {
    const { deps, bodies } = setup();
    await handOffAsync(deps, request, call, asker());
    await handOffAsync(deps, request, call, asker());
    const answer = await handOffAsync(deps, request, call, asker());
    expect(answer.status).toBe(503);
    expect(answer.headers.get('retry-after')).toBe('5');
    expect(await answer.json()).toMatchObject({ Error: { Code: 'X008' } });
    expect(bodies).toHaveLength(2);
  });

  it('refuses past the quota with 429, and forgets the operation', async () => {
    const { deps, operations, bodies } = setup(accepted, 1);
    deps.quota.admit('ana');
    const answer = await handOffAsync(deps, request, call, asker());
    expect(answer.status).toBe(429);
    expect(await answer.json()).toMatchObject({ Error: { Code: 'X005' } });
    expect(bodies).toEqual([]);
    expect(operations.size()).toBe(0);
  });

  it('passes an answer given at once on as in synchronous mode, with no operation to wait for', async () => {
    const page = answered(200, { items: 0, total: 0 }, { body: '{"page":0}' });
    const { deps, operations } = setup(page);
    const answer = await handOffAsync(deps, request, call, asker());
    expect(answer.status).toBe(200);
    expect(answer.headers.get('x-proxy-cache')).toBe('MISS');
    expect(await answer.text()).toBe('{"page":0}');
    expect(operations.size()).toBe(0);
    expect(deps.cache.get(call.key)).toBeDefined();
  });
});
