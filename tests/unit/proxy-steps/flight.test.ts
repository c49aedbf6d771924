// Identical requests in flight share one billed upstream request.
import { describe, expect, it } from 'vitest';
import type { BilledCall, BilledFor } from '../../../server/proxy/billed-call';
import { InFlight } from '../../../server/proxy/proxy-cache';
import { attachCredential } from '../../../server/proxy/steps/attach-credential';
import { flightKeyOf, joinFlight, startFlight } from '../../../server/proxy/steps/flight';
import { UNSENT, type UpstreamOutcome } from '../../../server/proxy/upstream-outcome';
import { SEED_BODY } from '../../support/fixtures/requests';
import { answered } from '../../support/fixtures/upstream-outcomes';

const here = () => new AbortController().signal;
const gone = () => AbortSignal.abort();
const call = attachCredential(SEED_BODY.RequestData, { mode: 'jwt', token: 't' });
const who: BilledFor = { user: 'ana', address: '10.0.0.7', requestData: SEED_BODY.RequestData };
const ANSWER: UpstreamOutcome = answered(200, { items: 1, total: 1 });

/** A billed call that answers when told, recording what it was asked to send. */
function heldCall() {
  const sent: { headers: Record<string, string>; body: string; who: BilledFor }[] = [];
  let answer: (outcome: UpstreamOutcome) => void = () => {};
  const billedCall: BilledCall = (_admission, headers, body, billedFor) => {
    sent.push({ headers, body, who: billedFor });
    return new Promise((resolve) => {
      answer = resolve;
    });
  };
  return { billedCall, sent, answer: (outcome: UpstreamOutcome) => answer(outcome) };
}

describe('flightKeyOf', () => {
  it('keeps requests asked fresh apart from the others', () => {
    expect(flightKeyOf('k', true)).not.toBe(flightKeyOf('k', false));
    expect(flightKeyOf('k', false)).toBe(flightKeyOf('k', false));
  });
});

describe('joinFlight and startFlight', () => {
  it('bills a request nobody else is waiting for', () => {
    expect(joinFlight(new InFlight<UpstreamOutcome>(), 'k', here)).toBeUndefined();
  });

  it('sends nothing for a browser that already left', () => {
    expect(joinFlight(new InFlight<UpstreamOutcome>(), 'k', gone)).toBe(UNSENT);
  });

  it('sends the request with its credential once, and shares its outcome with who joins', async () => {
    const inFlight = new InFlight<UpstreamOutcome>();
    const held = heldCall();
    const first = startFlight(
      { inFlight, billedCall: held.billedCall },
      'k',
      here,
      { ok: true },
      call,
      who,
    );
    const second = joinFlight(inFlight, 'k', here);
    expect(second).toBeInstanceOf(Promise);
    held.answer(ANSWER);
    expect(await first).toBe(ANSWER);
    expect(await second).toBe(ANSWER);
    expect(held.sent).toEqual([{ headers: call.headers, body: call.wireBody, who }]);
    // Settled, the key is free: the next identical request is billed again.
    expect(joinFlight(inFlight, 'k', here)).toBeUndefined();
  });
});
