// A request that goes upstream is billed, so the quota guard admits it first (a slot,
// and the client's budget); refused, it gets 429 with Retry-After and is never sent.
import { proxyError } from '../../khipu-error';
import type { Admission, QuotaGuard } from '../../quota/quota-guard';
import type { AdmittedCall } from '../billed-call';

export function admitToQuota(quota: QuotaGuard, client: string): AdmittedCall | Response {
  const admission = quota.admit(client);
  return admission.ok ? admission : quotaRefusal(admission);
}

/** 429 in the Khipu shape with Retry-After: the browser waits that long and retries. */
export function quotaRefusal(refusal: Extract<Admission, { ok: false }>): Response {
  return proxyError(refusal, refusal.description, {
    'retry-after': String(refusal.retryAfterSeconds),
  });
}
