import { describe, expect, it } from 'vitest';
import {
  type BackoffPolicy,
  backoffMs,
  FailureBackoff,
} from '../../server/security/failure-backoff';

const POLICY: BackoffPolicy = {
  free: 3,
  baseMs: 1000,
  maxMs: 60_000,
  forgetAfterMs: 15 * 60_000,
  maxKeys: 3,
};

function clock() {
  let now = 1_000_000;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('backoffMs', () => {
  it('is free for the first failures, then doubles from the base up to the maximum', () => {
    const waits = Array.from({ length: 12 }, (_, i) => backoffMs(POLICY, i + 1));
    expect(waits).toEqual([
      0, 0, 0, 1000, 2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000, 60_000,
    ]);
    expect(backoffMs(POLICY, 10_000)).toBe(60_000);
  });
});

describe('FailureBackoff', () => {
  it('backs a key off after its free failures, and only that key', () => {
    const time = clock();
    const backoff = new FailureBackoff(POLICY, time.now);
    expect([backoff.fail('a'), backoff.fail('a'), backoff.fail('a')]).toEqual([0, 0, 0]);
    expect(backoff.waitMs('a')).toBe(0);
    expect(backoff.hasFailed('a')).toBe(true);
    expect(backoff.hasFailed('b')).toBe(false);
    expect(backoff.fail('a')).toBe(1000);
    expect(backoff.waitMs('a')).toBe(1000);
    expect(backoff.waitMs('b')).toBe(0);
    time.advance(400);
    expect(backoff.waitMs('a')).toBe(600);
    time.advance(600);
    expect(backoff.waitMs('a')).toBe(0);
    expect(backoff.fail('a')).toBe(2000);
  });

  it('forgets a key after a quiet spell: it starts afresh', () => {
    const time = clock();
    const backoff = new FailureBackoff(POLICY, time.now);
    for (let i = 0; i < 4; i++) backoff.fail('a');
    time.advance(POLICY.forgetAfterMs - 1);
    expect(backoff.hasFailed('a')).toBe(true);
    time.advance(1);
    expect(backoff.hasFailed('a')).toBe(false);
    expect(backoff.size).toBe(0);
    expect(backoff.fail('a')).toBe(0);
  });

  it('keeps at most maxKeys, dropping the key whose last failure is oldest', () => {
    const time = clock();
    const backoff = new FailureBackoff(POLICY, time.now);
    for (const key of ['a', 'b', 'c']) {
      backoff.fail(key);
      time.advance(1);
    }
    backoff.fail('a'); // now the latest
    backoff.fail('d');
    expect(backoff.size).toBe(3);
    expect(['a', 'b', 'c', 'd'].filter((key) => backoff.hasFailed(key))).toEqual(['a', 'c', 'd']);
    for (let i = 0; i < 10_000; i++) backoff.fail(`flood-${i}`);
    expect(backoff.size).toBe(3);
  });
});
