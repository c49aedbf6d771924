import { describe, expect, it } from 'vitest';
import { InFlight, ResponseCache } from '../../server/proxy/proxy-cache';

const bytes = (n: number) => new Uint8Array(new ArrayBuffer(n));

describe('ResponseCache', () => {
  it('stays within its memory bound, dropping the least recently used first', () => {
    const cache = new ResponseCache({ ttlMs: 60_000, maxBytes: 250 });
    cache.set('a', 200, bytes(100));
    cache.set('b', 200, bytes(100));
    cache.get('a'); // a is now more recent than b
    cache.set('c', 200, bytes(100));
    expect(cache.bytes).toBeLessThanOrEqual(250);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBeDefined();
    expect(cache.get('c')).toBeDefined();
  });

  it('refuses an entry larger than the whole bound', () => {
    const cache = new ResponseCache({ ttlMs: 60_000, maxBytes: 50 });
    cache.set('big', 200, bytes(51));
    expect(cache.size).toBe(0);
  });

  it('expires entries after the time-to-live', () => {
    let now = 1_000;
    const cache = new ResponseCache({ ttlMs: 100, maxBytes: 1000, now: () => now });
    cache.set('a', 200, bytes(10));
    now += 99;
    expect(cache.get('a')).toBeDefined();
    now += 1;
    expect(cache.get('a')).toBeUndefined();
    expect(cache.bytes).toBe(0);
  });

  it('replacing a key does not count its bytes twice', () => {
    const cache = new ResponseCache({ ttlMs: 100, maxBytes: 1000 });
    cache.set('a', 200, bytes(10));
    cache.set('a', 200, bytes(30));
    expect(cache.bytes).toBe(30);
  });
});

describe('InFlight', () => {
  const here = () => new AbortController().signal;

  it('runs one task per key and shares its result; a later call runs again', async () => {
    const inFlight = new InFlight<number>();
    let runs = 0;
    const task = () => new Promise<number>((resolve) => setTimeout(() => resolve(++runs), 10));
    const first = inFlight.start('k', here, task);
    const joined = inFlight.join('k', here);
    expect(await Promise.all([first, joined])).toEqual([1, 1]);
    expect(inFlight.size).toBe(0);
    expect(inFlight.join('k', here)).toBeUndefined();
    expect(await inFlight.start('k', here, task)).toBe(2);
  });

  it('shares a failure too, and forgets the key after it', async () => {
    const inFlight = new InFlight<number>();
    const failing = () => Promise.reject(new Error('boom'));
    await expect(inFlight.start('k', here, failing)).rejects.toThrow('boom');
    expect(inFlight.size).toBe(0);
  });

  it('tells a watching task when every caller, first or joined, has gone; not before', async () => {
    const inFlight = new InFlight<string>();
    const [a, b, c] = [new AbortController(), new AbortController(), new AbortController()];
    let dropped = false;
    let drop: (why: string) => void = () => {};
    const result = inFlight.start(
      'k',
      () => a.signal,
      (callers) => {
        callers.watch(() => {
          dropped = true;
          drop('dropped');
        });
        return new Promise<string>((resolve) => {
          drop = resolve;
        });
      },
    );
    void inFlight.join('k', () => b.signal);
    a.abort();
    expect(dropped).toBe(false);
    // One who joins while the task watches counts too.
    void inFlight.join('k', () => c.signal);
    b.abort();
    expect(dropped).toBe(false);
    c.abort();
    expect(dropped).toBe(true);
    // A task being dropped is not joined: the next caller starts afresh.
    expect(inFlight.join('k', here)).toBeUndefined();
    expect(await result).toBe('dropped');
  });

  it('stops telling once the task stops watching (it went upstream: worth finishing)', () => {
    const inFlight = new InFlight<string>();
    const a = new AbortController();
    let dropped = false;
    void inFlight.start(
      'k',
      () => a.signal,
      (callers) => {
        const stop = callers.watch(() => {
          dropped = true;
        });
        stop();
        return new Promise<string>(() => {});
      },
    );
    a.abort();
    expect(dropped).toBe(false);
  });
});
