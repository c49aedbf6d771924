// A request that goes upstream is admitted by the quota guard first, or refused with 429.
import { describe, expect, it } from 'vitest';
import { admitToQuota } from '../../../server/proxy/steps/quota-admission';
import { QuotaGuard } from '../../../server/quota/quota-guard';

describe('admitToQuota', () => {
  it('admits a request while slots and budget allow', () => {
    const quota = new QuotaGuard({ maxConcurrent: 2, queueLimit: 0, clientBudgetPerMinute: 10 });
    expect(admitToQuota(quota, 'ana')).toEqual({ ok: true });
    expect(quota.active).toBe(1);
  });

  it('refuses a client past its budget with 429 X005 and the seconds to wait', async () => {
    const quota = new QuotaGuard({ maxConcurrent: 5, queueLimit: 0, clientBudgetPerMinute: 1 });
    admitToQuota(quota, 'ana');
    const refusal = admitToQuota(quota, 'ana') as Response;
    expect(refusal.status).toBe(429);
    expect(Number(refusal.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await refusal.json()).toMatchObject({
      Error: { Code: 'X005', Type: 'RETRY_IMMEDIATELY' },
    });
    // Another client has a budget of its own.
    expect(admitToQuota(quota, 'luis')).toEqual({ ok: true });
  });

  it('refuses with 429 X004 and Retry-After: 1 when every slot and place in line is taken', async () => {
    const quota = new QuotaGuard({ maxConcurrent: 1, queueLimit: 0, clientBudgetPerMinute: 10 });
    admitToQuota(quota, 'ana');
    const refusal = admitToQuota(quota, 'luis') as Response;
    expect(refusal.status).toBe(429);
    expect(refusal.headers.get('retry-after')).toBe('1');
    expect(await refusal.json()).toMatchObject({
      Error: { Code: 'X004', Type: 'RETRY_IMMEDIATELY' },
    });
  });

  it('admits a request to wait for its slot while the line has room', () => {
    const quota = new QuotaGuard({ maxConcurrent: 1, queueLimit: 1, clientBudgetPerMinute: 10 });
    admitToQuota(quota, 'ana');
    const waiting = admitToQuota(quota, 'luis');
    expect(waiting).toMatchObject({ ok: true, queued: { turn: expect.any(Promise) } });
    expect(quota.queued).toBe(1);
  });
});
