// A request answered before is answered from the cache, unbilled, and still counts in its lane.
import { describe, expect, it } from 'vitest';
import { ResponseCache } from '../../../server/proxy/proxy-cache';
import { SearchLanes } from '../../../server/proxy/search-lanes';
import { answerFromCache, wantsFreshAnswer } from '../../../server/proxy/steps/answer-from-cache';
import { seedPageRequest } from '../../support/fixtures/requests';

const pageRequest = seedPageRequest;
const bytes = (text: string) => new Uint8Array(Buffer.from(text));
const newCache = () => new ResponseCache({ ttlMs: 60_000, maxBytes: 1_000_000 });
const ticket = (position: number) => ({ id: 'ana|abcdefgh.1', concurrency: 1, position });

describe('wantsFreshAnswer', () => {
  it('is asked by Cache-Control: no-cache or no-store ("Actualizar"), in any case', () => {
    expect(wantsFreshAnswer('no-cache')).toBe(true);
    expect(wantsFreshAnswer('max-age=0, No-Store')).toBe(true);
    expect(wantsFreshAnswer('max-age=0')).toBe(false);
    expect(wantsFreshAnswer(undefined)).toBe(false);
  });
});

describe('answerFromCache', () => {
  it('gives nothing for a request not answered before', () => {
    const cache = newCache();
    expect(answerFromCache({ cache, lanes: null }, 'k', pageRequest(0), null, undefined)).toBe(
      undefined,
    );
  });

  it('answers the kept bytes and status, saying HIT, without the page headers', async () => {
    const cache = newCache();
    cache.set('k', 200, bytes('{"kept":true}'), { items: 200, total: 4575 });
    const answer = await answerFromCache(
      { cache, lanes: null },
      'k',
      pageRequest(0),
      null,
      undefined,
    );
    expect(answer?.status).toBe(200);
    expect(await answer?.text()).toBe('{"kept":true}');
    expect(answer?.headers.get('x-proxy-cache')).toBe('HIT');
    expect(answer?.headers.get('x-page-items')).toBeNull();
    expect(answer?.headers.get('x-search-lanes')).toBeNull();
  });

  it('says the proxy keeps lanes when it does', async () => {
    const cache = newCache();
    cache.set('k', 200, bytes('{}'), { items: 200, total: 4575 });
    const lanes = new SearchLanes({ maxWaitMs: 10 });
    const answer = await answerFromCache({ cache, lanes }, 'k', pageRequest(0), null, undefined);
    expect(answer?.headers.get('x-search-lanes')).toBe('1');
  });

  it('counts a page of a lane: one that lets the search go on lets the next page go', () => {
    const cache = newCache();
    cache.set('k', 200, bytes('{}'), { items: 200, total: 4575 });
    const lanes = new SearchLanes({ maxWaitMs: 10 });
    answerFromCache({ cache, lanes }, 'k', pageRequest(1), ticket(0), undefined);
    expect(lanes.enter('ana|abcdefgh.1', 1, 1)).toMatchObject({ kind: 'go' });
  });

  it('closes the lane on an empty page, the last one too (the proxy does not know the end)', () => {
    const cache = newCache();
    cache.set('middle', 200, bytes('{}'), { items: 0, total: 4575 });
    cache.set('last', 200, bytes('{}'), { items: 0, total: 4575 });
    const lanes = new SearchLanes({ maxWaitMs: 10 });
    answerFromCache({ cache, lanes }, 'middle', pageRequest(5), ticket(0), undefined);
    expect(lanes.enter('ana|abcdefgh.1', 1, 1)).toEqual({ kind: 'closed' });

    const other = { ...ticket(0), id: 'ana|abcdefgh.2' };
    answerFromCache({ cache, lanes }, 'last', pageRequest(22), other, undefined);
    expect(lanes.enter('ana|abcdefgh.2', 1, 1)).toEqual({ kind: 'closed' });
  });

  it('counts an answer kept without its page facts as one that stops the lane', () => {
    const cache = newCache();
    cache.set('k', 200, bytes('{}'));
    const lanes = new SearchLanes({ maxWaitMs: 10 });
    answerFromCache({ cache, lanes }, 'k', pageRequest(1), ticket(0), undefined);
    expect(lanes.enter('ana|abcdefgh.1', 1, 1)).toEqual({ kind: 'closed' });
  });
});
