import { describe, expect, it } from 'vitest';
import {
  ADDRESS_BACKOFF,
  clientBlock,
  MAX_CHECKS_PER_ADDRESS,
  SignInGuard,
  type SignInOutcome,
  USER_NAME_SLOWDOWN,
} from '../../server/security/sign-in-guard';

/** A guard on a clock of its own; sleeps are recorded, and end at once or when woken. */
function guardFor({ holdSleeps = false } = {}) {
  let now = 5_000_000;
  const sleeps: number[] = [];
  const sleeping: Array<() => void> = [];
  const guard = new SignInGuard({
    now: () => now,
    sleep: (ms) => {
      sleeps.push(ms);
      if (!holdSleeps) return Promise.resolve();
      return new Promise<void>((resolve) => sleeping.push(resolve));
    },
  });
  const wake = () => {
    for (const resolve of sleeping.splice(0)) resolve();
  };
  return { guard, sleeps, wake, advance: (ms: number) => (now += ms) };
}

/** Lets the checks started so far reach their password check. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

/** A password check that ends when told (once started), counting the checks made. */
function checker() {
  const pending: Array<(ok: boolean) => void> = [];
  let made = 0;
  return {
    verify: () => {
      made++;
      return new Promise<boolean>((resolve) => pending.push(resolve));
    },
    answer: async (ok: boolean) => {
      await settle();
      (pending.shift() as (ok: boolean) => void)(ok);
    },
    get made() {
      return made;
    },
  };
}

const right = () => Promise.resolve(true);
const wrong = () => Promise.resolve(false);

describe('SignInGuard', () => {
  it('checks different credentials from one address at once while it has no failures (colleagues behind one NAT)', async () => {
    const { guard } = guardFor();
    const ana = guard.check('10.0.0.5', 'ana-right', 'ana', right);
    const luis = guard.check('10.0.0.5', 'luis-right', 'luis', right);
    expect(await Promise.all([ana, luis])).toEqual([{ kind: 'ok' }, { kind: 'ok' }]);
  });

  it('bounds a fresh address’s first burst: a few checks, the others refused unchecked', async () => {
    const { guard } = guardFor();
    let made = 0;
    const counted = () => {
      made++;
      return Promise.resolve(false);
    };
    const flood = Array.from({ length: 100 }, (_, i) =>
      guard.check('10.0.0.66', `guess-${i}`, 'ana', counted),
    );
    const outcomes = await Promise.all(flood);
    expect(made).toBe(MAX_CHECKS_PER_ADDRESS);
    expect(outcomes.filter((o) => o.kind === 'wrong')).toHaveLength(MAX_CHECKS_PER_ADDRESS);
    expect(outcomes.filter((o) => o.kind === 'busy')).toHaveLength(100 - MAX_CHECKS_PER_ADDRESS);
  });

  it('checks one guess at a time from an address that failed lately', async () => {
    const { guard } = guardFor();
    expect(await guard.check('10.0.0.66', 'g0', 'ana', wrong)).toEqual({ kind: 'wrong' });
    const check = checker();
    const first = guard.check('10.0.0.66', 'g1', 'ana', check.verify);
    expect(await guard.check('10.0.0.66', 'g2', 'ana', check.verify)).toEqual({ kind: 'busy' });
    check.answer(false);
    expect(await first).toEqual({ kind: 'wrong' });
    expect(check.made).toBe(1);
  });

  it('lets the same credentials sent again share the running check', async () => {
    const { guard } = guardFor();
    const check = checker();
    const first = guard.check('10.0.0.7', 'same', 'ana', check.verify);
    const second = guard.check('10.0.0.7', 'same', 'ana', check.verify);
    check.answer(true);
    expect(await Promise.all([first, second])).toEqual([{ kind: 'ok' }, { kind: 'ok' }]);
    expect(check.made).toBe(1);
  });

  it('backs an address off after its free failures, without spending a check, and forgives in time', async () => {
    const { guard, advance } = guardFor();
    let made = 0;
    const counted = () => {
      made++;
      return Promise.resolve(false);
    };
    for (let i = 0; i <= ADDRESS_BACKOFF.free; i++) {
      expect(await guard.check('10.0.0.66', `g${i}`, 'ana', counted)).toEqual({ kind: 'wrong' });
    }
    expect(await guard.check('10.0.0.66', 'right', 'ana', right)).toEqual({
      kind: 'backoff',
      retryAfterMs: ADDRESS_BACKOFF.baseMs,
    });
    expect(made).toBe(ADDRESS_BACKOFF.free + 1);
    // Another address is not held back.
    expect(await guard.check('10.0.0.1', 'right', 'ana', right)).toEqual({ kind: 'ok' });
    advance(ADDRESS_BACKOFF.baseMs);
    expect(await guard.check('10.0.0.66', 'g9', 'ana', wrong)).toEqual({ kind: 'wrong' });
    expect(await guard.check('10.0.0.66', 'right', 'ana', right)).toEqual({
      kind: 'backoff',
      retryAfterMs: 2 * ADDRESS_BACKOFF.baseMs,
    });
  });

  it('keeps a check slot for clients that are not failing, whatever the failing ones send', async () => {
    const { guard } = guardFor();
    const slow = checker();
    // Two addresses that failed once each (suspect), then both try again at once.
    for (const address of ['10.0.0.66', '10.0.0.67']) {
      await guard.check(address, 'x', 'ana', wrong);
    }
    const suspects = [
      guard.check('10.0.0.66', 'y', 'ana', slow.verify),
      guard.check('10.0.0.67', 'y', 'ana', slow.verify),
    ];
    await settle();
    expect(slow.made).toBe(1);
    const clean = checker();
    const ana = guard.check('10.0.0.1', 'right', 'ana', clean.verify);
    await settle();
    expect(clean.made).toBe(1);
    await clean.answer(true);
    expect(await ana).toEqual({ kind: 'ok' });
    await slow.answer(false);
    await slow.answer(false);
    expect((await Promise.all(suspects)).map((o: SignInOutcome) => o.kind)).toEqual([
      'wrong',
      'wrong',
    ]);
  });

  it('slows the failed checks of a user name guessed at from many addresses, never a right password', async () => {
    const { guard, sleeps } = guardFor();
    for (let i = 0; i < USER_NAME_SLOWDOWN.free + 3; i++) {
      await guard.check(`10.1.0.${i}`, 'wrong', 'ana', wrong);
    }
    const base = USER_NAME_SLOWDOWN.baseMs;
    expect(sleeps).toEqual([base, 2 * base, 4 * base]);
    expect(await guard.check('10.2.0.1', 'right', 'ana', right)).toEqual({ kind: 'ok' });
    await guard.check('10.2.0.2', 'wrong', 'luis', wrong);
    expect(sleeps).toHaveLength(3);
  });

  it('frees the address while a wrong answer is slowed: its owner’s corrected password is checked at once', async () => {
    const { guard, sleeps, wake } = guardFor({ holdSleeps: true });
    // The name is under attack elsewhere: its next failure is slowed.
    for (let i = 0; i < USER_NAME_SLOWDOWN.free; i++) {
      await guard.check(`10.1.0.${i}`, 'wrong', 'ana', wrong);
    }
    const typo = guard.check('10.0.0.1', 'typo', 'ana', wrong);
    await new Promise((resolve) => setImmediate(resolve));
    expect(sleeps).toEqual([USER_NAME_SLOWDOWN.baseMs]);
    // The typo's answer is still being slowed; the corrected password is not held up by it.
    expect(await guard.check('10.0.0.1', 'right', 'ana', right)).toEqual({ kind: 'ok' });
    wake();
    expect(await typo).toEqual({ kind: 'wrong' });
  });

  it('drops a check waiting for a slot once its client has left: no password check is spent', async () => {
    const { guard } = guardFor();
    const busy = checker();
    const running = [
      guard.check('10.0.0.1', 'a', 'ana', busy.verify),
      guard.check('10.0.0.2', 'b', 'luis', busy.verify),
    ];
    await settle();
    expect(busy.made).toBe(2);
    const left = new AbortController();
    let made = 0;
    const waiting = guard.check(
      '10.0.0.3',
      'c',
      'ana',
      () => {
        made++;
        return Promise.resolve(true);
      },
      () => left.signal,
    );
    left.abort();
    busy.answer(true);
    busy.answer(true);
    expect(await Promise.all(running)).toEqual([{ kind: 'ok' }, { kind: 'ok' }]);
    expect(await waiting).toEqual({ kind: 'gone' });
    expect(made).toBe(0);
  });

  it('keeps a waiting check while one client that shares it remains', async () => {
    const { guard } = guardFor();
    const busy = checker();
    const running = [
      guard.check('10.0.0.1', 'a', 'ana', busy.verify),
      guard.check('10.0.0.2', 'b', 'luis', busy.verify),
    ];
    const [leaves, stays] = [new AbortController(), new AbortController()];
    const verify = () => Promise.resolve(true);
    const first = guard.check('10.0.0.3', 'c', 'ana', verify, () => leaves.signal);
    const second = guard.check('10.0.0.3', 'c', 'ana', verify, () => stays.signal);
    leaves.abort();
    busy.answer(true);
    busy.answer(true);
    await Promise.all(running);
    expect(await Promise.all([first, second])).toEqual([{ kind: 'ok' }, { kind: 'ok' }]);
  });
});

describe('clientBlock', () => {
  it('counts an IPv6 address as its /64, an IPv4 address as itself', () => {
    expect(clientBlock('10.0.0.7')).toBe('10.0.0.7');
    expect(clientBlock('unknown')).toBe('unknown');
    expect(clientBlock('2001:db8:1:2:3:4:5:6')).toBe('2001:db8:1:2::/64');
    expect(clientBlock('2001:0db8:0001:0002::ffff')).toBe('2001:db8:1:2::/64');
    expect(clientBlock('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(clientBlock('::1')).toBe('0:0:0:0::/64');
    expect(clientBlock('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
  });

  it('backs off a /64 as one client, whichever of its addresses guesses', async () => {
    const { guard } = guardFor();
    for (let i = 0; i <= ADDRESS_BACKOFF.free; i++) {
      await guard.check(`2001:db8:1:2::${i + 1}`, `g${i}`, 'ana', wrong);
    }
    expect((await guard.check('2001:db8:1:2::ab', 'right', 'ana', right)).kind).toBe('backoff');
    expect((await guard.check('2001:db8:1:3::1', 'right', 'ana', right)).kind).toBe('ok');
  });
});
