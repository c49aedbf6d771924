import { describe, expect, it, vi } from 'vitest';
import { RefusalLog } from '../../server/security/refusal-log';

function logFor(options: { maxAddresses?: number } = {}) {
  let now = 1_000_000;
  const lines: string[] = [];
  const log = new RefusalLog((line) => lines.push(line), { ...options, now: () => now });
  return { log, lines, advance: (ms: number) => (now += ms) };
}

describe('RefusalLog', () => {
  it('writes an address’s first refusal, then sums up the rest once an interval', () => {
    const { log, lines, advance } = logFor();
    log.refused('10.0.0.66', 'ana', 'wrong-password');
    for (let i = 0; i < 40; i++) log.refused('10.0.0.66', 'ana', 'backoff');
    log.refused('10.0.0.66', 'luis', 'wrong-password');
    log.refused('10.0.0.7', undefined, 'malformed-credentials');
    expect(lines).toEqual([
      'access refused user=ana addr=10.0.0.66 reason=wrong-password',
      'access refused user=- addr=10.0.0.7 reason=malformed-credentials',
    ]);
    advance(10_000);
    log.flush();
    expect(lines.slice(2)).toEqual([
      'access refused addr=10.0.0.66 more=41 in=10s reasons=backoff:40,wrong-password:1 users=ana,luis',
    ]);
    // The next interval: a summary again, not a line each.
    log.refused('10.0.0.66', 'ana', 'busy');
    advance(10_000);
    log.flush();
    expect(lines.slice(3)).toEqual([
      'access refused addr=10.0.0.66 more=1 in=10s reasons=busy:1 users=ana',
    ]);
    // A quiet interval: the address is forgotten, its next refusal has a line of its own.
    advance(10_000);
    log.flush();
    log.refused('10.0.0.66', 'ana', 'wrong-password');
    expect(lines.slice(4)).toEqual([
      'access refused user=ana addr=10.0.0.66 reason=wrong-password',
    ]);
  });

  it('percent-encodes names, cuts long ones, and lists few', () => {
    const { log, lines } = logFor();
    log.refused('10.0.0.5', 'ana, bob\nforged=1', 'duplicate-identity');
    log.refused('10.0.0.6', `${'😀'.repeat(70)}`, 'unknown-user');
    for (let i = 0; i < 9; i++) log.refused('10.0.0.6', `u${i}`, 'unknown-user');
    log.flush();
    expect(lines[0]).toBe(
      'access refused user=ana%2C%20bob%0Aforged%3D1 addr=10.0.0.5 reason=duplicate-identity',
    );
    expect(lines[1]).toBe(
      `access refused user=${encodeURIComponent(`${'😀'.repeat(64)}…`)} addr=10.0.0.6 reason=unknown-user`,
    );
    expect(lines[2]).toBe(
      'access refused addr=10.0.0.6 more=9 in=1s reasons=unknown-user:9 users=u0,u1,u2,u3,u4,…',
    );
  });

  it('sums up refusals from addresses past its table under other-addresses', () => {
    const { log, lines } = logFor({ maxAddresses: 2 });
    for (let i = 0; i < 1000; i++)
      log.refused(`10.3.${i >> 8}.${i & 255}`, 'ana', 'wrong-password');
    log.flush();
    expect(lines).toEqual([
      'access refused user=ana addr=10.3.0.0 reason=wrong-password',
      'access refused user=ana addr=10.3.0.1 reason=wrong-password',
      'access refused addr=other-addresses more=998 in=1s reasons=wrong-password:998 users=ana',
    ]);
  });

  it('sums up on a timer of its own, and holds none once quiet', () => {
    vi.useFakeTimers();
    try {
      const lines: string[] = [];
      const log = new RefusalLog((line) => lines.push(line), { intervalMs: 10_000 });
      expect(vi.getTimerCount()).toBe(0);
      for (let i = 0; i < 3; i++) log.refused('10.0.0.66', 'ana', 'backoff');
      vi.advanceTimersByTime(10_000);
      expect(lines).toEqual([
        'access refused user=ana addr=10.0.0.66 reason=backoff',
        'access refused addr=10.0.0.66 more=2 in=10s reasons=backoff:2 users=ana',
      ]);
      // One quiet interval forgets the address; then nothing is left to wait for.
      vi.advanceTimersByTime(10_000);
      expect(vi.getTimerCount()).toBe(0);
      expect(lines).toHaveLength(2);
    } finally {
      vi.useRealTimers();
    }
  });
});
