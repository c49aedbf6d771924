// One billed upstream request: it waits for its slot, is audited, and gives the slot back.
import { describe, expect, it } from 'vitest';
import { type BilledFor, billedCallTo } from '../../../server/proxy/billed-call';
import { Callers } from '../../../server/quota/callers';
import { QuotaGuard } from '../../../server/quota/quota-guard';
import type { Upstream, UpstreamRequest } from '../../../server/upstream/upstream-contract';
import { SEED_BODY } from '../../support/fixtures/requests';
import { OK_BODY } from '../../support/upstream-double';

const who: BilledFor = { user: 'ana', address: '10.0.0.7', requestData: SEED_BODY.RequestData };
const here = () => new AbortController().signal;

function setup(post: Upstream['post'], maxConcurrent = 5) {
  const quota = new QuotaGuard({ maxConcurrent, queueLimit: 5, clientBudgetPerMinute: 100 });
  const audit: string[] = [];
  const billedCall = billedCallTo({
    upstream: { auth: { mode: 'jwt', token: 't' }, post },
    quota,
    audit: (line) => audit.push(line),
    redact: (bytes) => bytes,
    limits: { timeoutMs: 1000, maxResponseBytes: 1024 * 1024 },
  });
  return { quota, audit, billedCall };
}

const answering =
  (sent: UpstreamRequest[]): Upstream['post'] =>
  async (request) => {
    sent.push(request);
    return {
      status: 200,
      contentType: 'application/json',
      retryAfter: null,
      bytes: Buffer.from(OK_BODY),
    };
  };

describe('billedCallTo', () => {
  it('sends the request with its limits, audits it and gives its slot back', async () => {
    const sent: UpstreamRequest[] = [];
    const { quota, audit, billedCall } = setup(answering(sent));
    const admission = quota.admit('ana');
    if (!admission.ok) throw new Error('not admitted');
    const outcome = await billedCall(admission, { a: 'b' }, '{"x":1}', who, new Callers(here));
    expect(outcome).toMatchObject({ kind: 'answered', status: 200, page: { items: 0, total: 0 } });
    expect(sent).toEqual([
      { headers: { a: 'b' }, body: '{"x":1}', timeoutMs: 1000, maxResponseBytes: 1024 * 1024 },
    ]);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatch(
      /^audit user=ana addr=10\.0\.0\.7 rut=76999999 .* page=0 status=200 ms=\d+$/,
    );
    expect(quota.active).toBe(0);
  });

  it("audits the proxy's own code when the upstream could not be reached", async () => {
    const { quota, audit, billedCall } = setup(async () => {
      throw new Error('ECONNRESET');
    });
    const admission = quota.admit('ana');
    if (!admission.ok) throw new Error('not admitted');
    const outcome = await billedCall(admission, {}, '{}', who, new Callers(here));
    expect(outcome).toMatchObject({ kind: 'failed', code: 'X001', upstreamStatus: null });
    expect(audit[0]).toContain('status=- code=X001');
    expect(quota.active).toBe(0);
  });

  it('waits for its slot, and sends nothing once every caller has left', async () => {
    const sent: UpstreamRequest[] = [];
    const { quota, audit, billedCall } = setup(answering(sent), 1);
    const first = quota.admit('ana');
    const second = quota.admit('luis');
    if (!first.ok || !second.ok) throw new Error('not admitted');
    expect(second.queued).toBeDefined();
    const leaving = new AbortController();
    const waiting = billedCall(second, {}, '{}', who, new Callers(() => leaving.signal));
    leaving.abort();
    expect(await waiting).toEqual({ kind: 'unsent' });
    expect(sent).toEqual([]);
    expect(audit).toEqual([]);
    expect(quota.queued).toBe(0);
  });
});
