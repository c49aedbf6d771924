// Identical requests in flight share one upstream request. Once sent it is not tied to
// any one browser's connection: paid for, its answer is worth keeping. Before that (while it
// waits for its slot) it is dropped only when every browser that wants it has left. Joining
// one costs no budget: only the request that goes upstream is billed.
import type { SignalOf } from '../../quota/callers';
import type { AdmittedCall, BilledCall, BilledFor } from '../billed-call';
import type { InFlight } from '../proxy-cache';
import { UNSENT, type UpstreamOutcome } from '../upstream-outcome';
import type { UpstreamCall } from './attach-credential';

/** Requests asked fresh ("Actualizar") share a flight only with each other. */
export const flightKeyOf = (key: string, fresh: boolean) => `${fresh}|${key}`;

/**
 * The outcome of the same request already in flight, as one more of its callers; UNSENT when
 * the browser has left already (right after its body, or as its lane's turn came); undefined
 * when this request is to be billed.
 */
export function joinFlight(
  inFlight: InFlight<UpstreamOutcome>,
  flightKey: string,
  signalOf: SignalOf,
): Promise<UpstreamOutcome> | UpstreamOutcome | undefined {
  const running = inFlight.join(flightKey, signalOf);
  if (running !== undefined) return running;
  if (signalOf().aborted) return UNSENT;
  return undefined;
}

/** Bills the request, admitted by the quota guard, as the flight others may join. */
export function startFlight(
  { inFlight, billedCall }: { inFlight: InFlight<UpstreamOutcome>; billedCall: BilledCall },
  flightKey: string,
  signalOf: SignalOf,
  admission: AdmittedCall,
  call: UpstreamCall,
  who: BilledFor,
): Promise<UpstreamOutcome> {
  return inFlight.start(flightKey, signalOf, (callers) =>
    billedCall(admission, call.headers, call.wireBody, who, callers),
  );
}
