// Which failures stop a search: every one but a transient one that outlasted its retries and
// an expired asynchronous answer, which hold for their own page.
import { describe, expect, it } from 'vitest';
import { PageError, type PageErrorKind, stopsTheSearch } from '@/features/fetching/api/page-error';

const failure = (kind: PageErrorKind) =>
  new PageError({
    kind,
    code: 'E000',
    type: null,
    description: 'falla',
    httpStatus: null,
    operationId: null,
    retryAfterMs: null,
    retryAt: null,
  });

describe('stopsTheSearch', () => {
  it.each<[PageErrorKind, boolean]>([
    ['retry', false],
    ['expired', false],
    ['rate-limited', true],
    ['stop', true],
    ['wait-4-hours', true],
    ['needs-action', true],
    ['internal', true],
  ])('a %s failure stops the search: %s', (kind, stops) => {
    expect(stopsTheSearch(failure(kind))).toBe(stops);
  });

  it('anything that is not a PageError (a bug) stops it', () => {
    expect(stopsTheSearch(new TypeError('boom'))).toBe(true);
    expect(stopsTheSearch('boom')).toBe(true);
  });
});
