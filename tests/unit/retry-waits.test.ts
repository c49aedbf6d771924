// The API's WAIT_4_HOURS_BEFORE_RETRY, kept per search until its time: a new try of the
// search (a reload included) shows it instead of sending a request the API would refuse.
import { describe, expect, it } from 'vitest';
import { PageError, retryOffer } from '@/features/fetching/api/page-error';
import { activeWait, rememberWait } from '@/features/fetching/storage/retry-waits';
import { pageError } from '../support/fixtures/page-errors';
import { MemoryStorage } from '../support/memory-storage';

const NOW = Date.parse('2026-12-02T12:00:00Z');
const HOUR = 3_600_000;

/** What the API's WAIT_4_HOURS_BEFORE_RETRY answer tells, as the user later reads it. */
const BLOCKED = {
  code: 'E202',
  type: 'WAIT_4_HOURS_BEFORE_RETRY',
  description: 'Consultas bloqueadas por exceso de solicitudes.',
};

describe('retry waits', () => {
  it('a wait holds for its search until its time, then is gone', () => {
    const storage = new MemoryStorage();
    rememberWait(
      'k',
      pageError('wait-4-hours', { ...BLOCKED, retryAt: new Date(NOW + 4 * HOUR) }),
      NOW,
      storage,
    );
    const wait = activeWait('k', NOW + HOUR, storage);
    expect(wait).toBeInstanceOf(PageError);
    expect(wait?.kind).toBe('wait-4-hours');
    expect(wait?.code).toBe('E202');
    expect(wait?.description).toBe('Consultas bloqueadas por exceso de solicitudes.');
    expect(wait?.retryAt?.getTime()).toBe(NOW + 4 * HOUR);
    expect(activeWait('other', NOW + HOUR, storage)).toBeNull();
    expect(activeWait('k', NOW + 4 * HOUR, storage)).toBeNull();
  });

  it('only a wait is kept: other errors leave no trace', () => {
    const storage = new MemoryStorage();
    for (const kind of ['stop', 'retry', 'needs-action', 'rate-limited'] as const) {
      rememberWait('k', pageError(kind, { retryAt: new Date(NOW + HOUR) }), NOW, storage);
    }
    rememberWait('k', new Error('x'), NOW, storage);
    expect(activeWait('k', NOW, storage)).toBeNull();
  });

  it('expired waits are dropped when another is kept', () => {
    const storage = new MemoryStorage();
    rememberWait('old', pageError('wait-4-hours', { retryAt: new Date(NOW + HOUR) }), NOW, storage);
    rememberWait(
      'new',
      pageError('wait-4-hours', { retryAt: new Date(NOW + 6 * HOUR) }),
      NOW + 2 * HOUR,
      storage,
    );
    const stored = JSON.parse(storage.getItem('cen-explorer:retry-waits') ?? '{}');
    expect(Object.keys(stored)).toEqual(['new']);
  });

  it('storage that is disabled or holds garbage gives no wait, and never throws', () => {
    const failing = new MemoryStorage(true);
    expect(() =>
      rememberWait('k', pageError('wait-4-hours', { retryAt: new Date(NOW + HOUR) }), NOW, failing),
    ).not.toThrow();
    expect(activeWait('k', NOW, failing)).toBeNull();
    const garbage = new MemoryStorage();
    for (const text of ['not json', '[1,2]', '{"k":{"retryAt":5}}', '{"k":null}']) {
      garbage.setItem('cen-explorer:retry-waits', text);
      expect(activeWait('k', NOW, garbage)).toBeNull();
    }
  });
});

describe('retryOffer', () => {
  const at = (hours: number) => new Date(NOW + hours * HOUR);

  it('nothing is offered once a failure cannot change by retrying (DO_NOT_RETRY)', () => {
    expect(retryOffer([pageError('stop')])).toEqual({ kind: 'none' });
    expect(retryOffer([pageError('retry'), pageError('stop')])).toEqual({ kind: 'none' });
  });

  it('after a wait, retrying is offered from the latest time the API gave', () => {
    expect(
      retryOffer([
        pageError('wait-4-hours', { retryAt: at(4) }),
        pageError('wait-4-hours', { retryAt: at(5) }),
      ]),
    ).toEqual({ kind: 'after', at: at(5) });
    expect(retryOffer([pageError('wait-4-hours')])).toEqual({ kind: 'none' });
  });

  it('RETRY_AFTER_NOTIFICATION asks the user to act first; transient failures retry now', () => {
    expect(retryOffer([pageError('needs-action'), pageError('retry')])).toEqual({
      kind: 'after-action',
    });
    expect(
      retryOffer([pageError('retry'), pageError('rate-limited'), pageError('expired')]),
    ).toEqual({ kind: 'now' });
  });
});

describe('retry waits where the browser blocks site data', () => {
  it('reading localStorage throws there: no wait, and never a failed search', () => {
    const descriptor = Object.getOwnPropertyDescriptor(globalThis, 'localStorage');
    Object.defineProperty(globalThis, 'localStorage', {
      configurable: true,
      get() {
        throw new DOMException('blocked', 'SecurityError');
      },
    });
    try {
      expect(() =>
        rememberWait('k', pageError('wait-4-hours', { retryAt: new Date(NOW + HOUR) }), NOW),
      ).not.toThrow();
      expect(activeWait('k', NOW)).toBeNull();
    } finally {
      if (descriptor) Object.defineProperty(globalThis, 'localStorage', descriptor);
      else Reflect.deleteProperty(globalThis, 'localStorage');
    }
  });
});
