// Lanes: which lane a page names, the answer to one turned away, and whether its answer lets
// the search (and so the lane) go on.
import { describe, expect, it } from 'vitest';
import {
  laneOf,
  laneOutcomeOf,
  laneRefusal,
  letsSearchGoOn,
} from '../../../server/proxy/steps/lane-admission';
import { UNSENT, type UpstreamOutcome } from '../../../server/proxy/upstream-outcome';
import { seedPageRequest } from '../../support/fixtures/requests';
import { answered } from '../../support/fixtures/upstream-outcomes';

/** Page `page` of a search at 200 rows a page. */
const pageRequest = seedPageRequest;

describe('laneOf', () => {
  it("reads the lane's id, concurrency and position, the id keyed by client", () => {
    expect(laneOf('abcdefgh.1:4:12', 'ana')).toEqual({
      id: 'ana|abcdefgh.1',
      concurrency: 4,
      position: 12,
    });
    expect(laneOf('abcdefgh.1:4:12', 'luis')?.id).toBe('luis|abcdefgh.1');
  });

  it('treats a malformed lane as none', () => {
    for (const header of [
      '',
      'short:1:0',
      'abcdefgh.1:0:1',
      'abcdefgh.1:100:1',
      'abcdefgh.1:2',
      'abcdefgh 1:2:3',
    ]) {
      expect(laneOf(header, 'ana'), header).toBeNull();
    }
  });
});

describe('laneRefusal', () => {
  it('answers a page whose browser left with 499, and no body', async () => {
    const answer = laneRefusal({ kind: 'gone' });
    expect(answer.status).toBe(499);
    expect(await answer.text()).toBe('');
  });

  it('answers a page of a closed lane 409 X010, DO_NOT_RETRY, saying `closed`', async () => {
    const answer = laneRefusal({ kind: 'closed' });
    expect(answer.status).toBe(409);
    expect(answer.headers.get('x-search-lane')).toBe('closed');
    expect(await answer.json()).toMatchObject({ Error: { Code: 'X010', Type: 'DO_NOT_RETRY' } });
  });

  it('answers a page with no room 503 X011, RETRY_IMMEDIATELY, saying `full`', async () => {
    const answer = laneRefusal({ kind: 'full' });
    expect(answer.status).toBe(503);
    expect(answer.headers.get('x-search-lane')).toBe('full');
    expect(await answer.json()).toMatchObject({
      Error: { Code: 'X011', Type: 'RETRY_IMMEDIATELY' },
    });
  });
});

describe('letsSearchGoOn', () => {
  it('lets a page with cases go on', () => {
    expect(letsSearchGoOn(pageRequest(3), { items: 200, total: 4575 })).toBe(true);
  });

  it('stops on an empty page before the announced end', () => {
    expect(letsSearchGoOn(pageRequest(3), { items: 0, total: 4575 })).toBe(false);
    expect(letsSearchGoOn(pageRequest(0), { items: 0, total: 4575 })).toBe(false);
  });

  it('goes on after an empty search', () => {
    expect(letsSearchGoOn(pageRequest(0), { items: 0, total: 0 })).toBe(true);
  });

  it('stops on any other empty page: it cannot know the end page 0 announced', () => {
    // 4,575 cases at 200 a page: page 22 would be the last.
    expect(letsSearchGoOn(pageRequest(22), { items: 0, total: 4575 })).toBe(false);
    // A page whose own total shrank under it.
    expect(letsSearchGoOn(pageRequest(10), { items: 0, total: 1000 })).toBe(false);
  });

  it('stops on anything that is not a checked page', () => {
    expect(letsSearchGoOn(pageRequest(1), null)).toBe(false);
    expect(letsSearchGoOn(pageRequest(1), undefined)).toBe(false);
  });
});

describe('laneOutcomeOf', () => {
  it('is good for a page that lets the search go on, bad for any other answer', () => {
    const request = pageRequest(1);
    expect(laneOutcomeOf(request, answered(200, { items: 200, total: 4575 }))).toBe('good');
    expect(laneOutcomeOf(request, answered(200, { items: 0, total: 4575 }))).toBe('bad');
    expect(laneOutcomeOf(request, answered(500, null))).toBe('bad');
    const failed: UpstreamOutcome = {
      kind: 'failed',
      upstreamStatus: null,
      code: 'X001',
      response: () => new Response(null, { status: 502 }),
    };
    expect(laneOutcomeOf(request, failed)).toBe('bad');
  });

  it('is unsent for a request never sent', () => {
    expect(laneOutcomeOf(pageRequest(1), UNSENT)).toBe('unsent');
  });
});
