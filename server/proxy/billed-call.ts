// One billed upstream request: it waits for its quota slot, is audited and gives the slot
// back. While it waits for its slot it is dropped (never sent, the budget refunded) once all
// its callers left.
import type { NonSharedBuffer } from 'node:buffer';
import type { RequestData } from '../../src/contract/request';
import type { Callers } from '../quota/callers';
import type { Admission, QuotaGuard } from '../quota/quota-guard';
import type { Upstream } from '../upstream/upstream-contract';
import { type AuditedResult, auditLine } from './audit-log';
import { callUpstream, type SentOutcome, UNSENT, type UpstreamOutcome } from './upstream-outcome';

/** Who the request is billed for, as the audit line names them. */
export interface BilledFor {
  /** The signed-in user; undefined without access control. */
  user: string | undefined;
  address: string;
  /** The RequestData as sent upstream. */
  requestData: RequestData;
}

export interface BilledCallDeps {
  upstream: Upstream;
  quota: QuotaGuard;
  audit: (line: string) => void;
  redact: (bytes: NonSharedBuffer) => NonSharedBuffer;
  limits: { timeoutMs: number; maxResponseBytes: number };
}

export type AdmittedCall = Extract<Admission, { ok: true }>;

export type BilledCall = (
  admission: AdmittedCall,
  headers: Record<string, string>,
  body: string,
  who: BilledFor,
  callers: Callers,
) => Promise<UpstreamOutcome>;

export function billedCallTo({
  upstream,
  quota,
  audit,
  redact,
  limits,
}: BilledCallDeps): BilledCall {
  return async (admission, headers, body, who, callers) => {
    const { queued } = admission;
    if (queued !== undefined) {
      const stopWatching = callers.watch(queued.cancel);
      const granted = await queued.turn;
      stopWatching();
      if (!granted) return UNSENT;
    }
    const started = performance.now();
    try {
      const result = await callUpstream(upstream, { headers, body, ...limits }, redact);
      const ms = performance.now() - started;
      audit(auditLine(who.user, who.address, who.requestData, audited(result), ms));
      return result;
    } finally {
      quota.release();
    }
  };
}

/** How a billed request ended, for the audit line. */
function audited(outcome: SentOutcome): AuditedResult {
  return outcome.kind === 'answered'
    ? { upstreamStatus: outcome.status, proxyCode: null }
    : { upstreamStatus: outcome.upstreamStatus, proxyCode: outcome.code };
}
