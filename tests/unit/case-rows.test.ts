import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { NonconformityItem } from '@/contract/item';
import { buildRows } from '@/features/rows/case-rows';
import type { PageData } from '@/features/rows/page-data';
import { pageDates } from '@/features/rows/page-dates';
import { pageData } from '../support/fixtures/rows';

/** Items as the schema gives them; absent fields stay absent, as in hand-written JSON. */
type Item = Partial<NonconformityItem>;

const pageOf = (page: number, items: Item[], total = 3) => pageData(items, { page, total });

const ids = (result: ReturnType<typeof buildRows>) => result.rows.map((r) => r.key);

describe('buildRows: order and de-duplication', () => {
  it('is empty before any page arrived', () => {
    const result = buildRows([]);
    expect(result.rows).toEqual([]);
    expect(result.duplicates).toBe(0);
    expect(buildRows([undefined, undefined]).rows).toEqual([]);
  });

  it('lists rows in the API order, page after page, skipping pages not read yet', () => {
    const p1 = pageOf(1, [{ IdCaso: 'A' }, { IdCaso: 'B' }]);
    const p3 = pageOf(3, [{ IdCaso: 'E' }, { IdCaso: 'F' }]);
    expect(ids(buildRows([p1, undefined, p3]))).toEqual(['A', 'B', 'E', 'F']);
    const p2 = pageOf(2, [{ IdCaso: 'C' }, { IdCaso: 'D' }]);
    expect(ids(buildRows([p1, p2, p3]))).toEqual(['A', 'B', 'C', 'D', 'E', 'F']);
  });

  it('keeps the first occurrence of a repeated IdCaso and counts the others', () => {
    const first = { IdCaso: 'A', Estado: 'Abierto' };
    const p1 = pageOf(1, [first, { IdCaso: 'B' }]);
    const p2 = pageOf(2, [{ IdCaso: 'A', Estado: 'Cerrado' }, { IdCaso: 'C' }, { IdCaso: 'B' }]);
    const p3 = pageOf(3, [{ IdCaso: 'A' }]);
    const result = buildRows([p1, p2, p3]);
    expect(ids(result)).toEqual(['A', 'B', 'C']);
    expect(result.rows[0]?.item).toBe(first);
    expect(result.duplicates).toBe(3);
  });

  it('never merges items without IdCaso, and gives them keys that stay the same', () => {
    const p1 = pageOf(1, [{ Estado: 'x' }, { IdCaso: '' }, { IdCaso: null }]);
    const p2 = pageOf(2, [{ Estado: 'x' }, { IdCaso: 'A' }]);
    const result = buildRows([p1, p2]);
    expect(result.rows).toHaveLength(5);
    expect(result.duplicates).toBe(0);
    const keys = ids(result);
    expect(new Set(keys).size).toBe(5);
    // The same pages read again (or with another page arriving) keep their keys.
    const again = buildRows([
      pageOf(1, [{ Estado: 'x' }, { IdCaso: '' }, { IdCaso: null }]),
      pageOf(2, [{ Estado: 'x' }, { IdCaso: 'A' }]),
      pageOf(3, [{ Estado: 'y' }]),
    ]);
    expect(ids(again).slice(0, 5)).toEqual(keys);
  });

  it('keeps unknown fields on row.item', () => {
    const item: Item = { IdCaso: 'A', CampoNuevo: 'valor', Anidado: { a: 1 } };
    const row = buildRows([pageOf(1, [item])]).rows[0];
    expect(row?.item).toMatchObject({ CampoNuevo: 'valor', Anidado: { a: 1 } });
  });
});

describe('buildRows: dates', () => {
  const datesOf = (result: ReturnType<typeof buildRows>) =>
    result.rows.map((r) => [r.key, r.fechaCreacion, r.fechaResolucion]);

  it('normalizes the known forms to YYYY-MM-DD or YYYY-MM-DDTHH:mm', () => {
    const result = buildRows([
      pageOf(1, [
        { IdCaso: 'iso', FechaCreacion: '2024-03-05', FechaResolucion: '2024-03-06T14:30:00' },
        { IdCaso: 'us', FechaCreacion: '03/05/2024', FechaResolucion: '03/06/2024 09:05' },
        // An instant is read as Santiago wall time (UTC−3 in March 2024).
        { IdCaso: 'utc', FechaCreacion: '2024-03-05T12:00:00Z', FechaResolucion: null },
      ]),
    ]);
    expect(datesOf(result)).toEqual([
      ['iso', '2024-03-05', '2024-03-06T14:30'],
      ['us', '2024-03-05', '2024-03-06T09:05'],
      ['utc', '2024-03-05T09:00', null],
    ]);
  });

  it('reads ambiguous slash dates month first when nothing says otherwise', () => {
    const result = buildRows([
      pageOf(1, [{ IdCaso: 'A', FechaCreacion: '05/03/2024', FechaResolucion: '01/02/2024' }]),
    ]);
    expect(datesOf(result)).toEqual([['A', '2024-05-03', '2024-01-02']]);
    expect(result.slashOrder).toMatchObject({ order: 'mdy', evidence: 'none' });
  });

  it('decides day first from an unambiguous date on another page, for all pages', () => {
    const pageA = pageOf(1, [{ IdCaso: 'A', FechaCreacion: '05/03/2024' }]);
    const pageB = pageOf(2, [{ IdCaso: 'B', FechaCreacion: '25/03/2024' }]);
    // Page A alone: no evidence yet, month first.
    expect(buildRows([pageA]).rows[0]?.fechaCreacion).toBe('2024-05-03');
    // Page B arrives: 25 can only be a day, so page A is re-read day first too.
    const result = buildRows([pageA, pageB]);
    expect(datesOf(result)).toEqual([
      ['A', '2024-03-05', null],
      ['B', '2024-03-25', null],
    ]);
    expect(result.slashOrder).toMatchObject({ order: 'dmy', evidence: 'dmy', dayFirstVotes: 1 });
    // The order does not depend on which page came first.
    expect(buildRows([pageB, pageA]).slashOrder.order).toBe('dmy');
  });

  it('reads day first from the items when the page worker left that reading out', () => {
    const items: Item[][] = [
      [{ IdCaso: 'A', FechaCreacion: '05/03/2024 10:30', FechaResolucion: '06/03/2024' }],
      [{ IdCaso: 'B', FechaCreacion: '25/03/2024', FechaResolucion: '2024-04-01' }],
    ];
    // As the worker hands them over: votes and the month-first reading only.
    const fromWorker = items.map((list, i) => ({
      ...pageOf(i + 1, list),
      dates: pageDates(list as NonconformityItem[], false),
    }));
    expect(fromWorker[0]?.dates).toMatchObject({ dmy: null, dmyLeftOut: true });
    const fresh = buildRows(items.map((list, i) => pageOf(i + 1, list)));
    const handedOver = buildRows(fromWorker);
    expect(handedOver.slashOrder.order).toBe('dmy');
    expect(datesOf(handedOver)).toEqual(datesOf(fresh));
    expect(datesOf(handedOver)[0]).toEqual(['A', '2024-03-05T10:30', '2024-03-06']);
  });

  it('the worker’s reading without day first agrees with the full one on votes and month first', () => {
    const list = [
      { FechaCreacion: '05/03/2024 10:30', FechaResolucion: null },
      { FechaCreacion: '2024-03-05', FechaResolucion: '13/03/2024' },
      { FechaCreacion: 'no es fecha', FechaResolucion: '03/13/2024' },
    ] as unknown as NonconformityItem[];
    const full = pageDates(list);
    const lean = pageDates(list, false);
    expect(lean.votes).toEqual(full.votes);
    expect(lean.mdy).toEqual(full.mdy);
    expect(lean).toMatchObject({ dmy: null, dmyLeftOut: true });
    // Without any slash date there is nothing to leave out.
    const iso = [{ FechaCreacion: '2024-03-05' }] as unknown as NonconformityItem[];
    expect(pageDates(iso, false)).toEqual(pageDates(iso));
  });

  it('counts evidence in the resolution date too, with a hole between pages', () => {
    const result = buildRows([
      pageOf(1, [{ IdCaso: 'A', FechaCreacion: '02/03/2024' }]),
      undefined,
      pageOf(3, [{ IdCaso: 'C', FechaCreacion: '04/03/2024', FechaResolucion: '04/13/2024' }]),
    ]);
    expect(result.slashOrder).toMatchObject({ order: 'mdy', evidence: 'mdy', monthFirstVotes: 1 });
    expect(result.rows[0]?.fechaCreacion).toBe('2024-02-03');
  });

  it('follows the majority when values disagree, and says so', () => {
    const result = buildRows([
      pageOf(1, [
        { IdCaso: 'A', FechaCreacion: '13/01/2024' },
        { IdCaso: 'B', FechaCreacion: '14/01/2024' },
        { IdCaso: 'C', FechaCreacion: '01/15/2024' },
        { IdCaso: 'D', FechaCreacion: '02/01/2024' },
      ]),
    ]);
    expect(result.slashOrder).toEqual({
      order: 'dmy',
      evidence: 'conflict',
      monthFirstVotes: 1,
      dayFirstVotes: 2,
    });
    expect(result.rows.find((r) => r.key === 'D')?.fechaCreacion).toBe('2024-01-02');
    // The minority value cannot be read day first (month 15): no date, raw text kept.
    const minority = result.rows.find((r) => r.key === 'C');
    expect(minority?.fechaCreacion).toBeNull();
    expect(minority?.item.FechaCreacion).toBe('01/15/2024');
  });

  it('gives null for an unreadable or absent date and keeps the raw value on the item', () => {
    const result = buildRows([
      pageOf(1, [
        { IdCaso: 'A', FechaCreacion: 'ayer', FechaResolucion: '2023-02-29' },
        { IdCaso: 'B', FechaCreacion: '31/31/2024', FechaResolucion: '' },
        { IdCaso: 'C' },
      ]),
    ]);
    expect(datesOf(result)).toEqual([
      ['A', null, null],
      ['B', null, null],
      ['C', null, null],
    ]);
    expect(result.rows[0]?.item).toMatchObject({
      FechaCreacion: 'ayer',
      FechaResolucion: '2023-02-29',
    });
    expect(result.rows[1]?.item.FechaCreacion).toBe('31/31/2024');
  });

  it('shows the dates of the first occurrence of a repeated case', () => {
    const p1 = pageOf(1, [{ IdCaso: 'A', FechaCreacion: '2024-01-01' }]);
    const p2 = pageOf(2, [{ IdCaso: 'A', FechaCreacion: '2024-12-31' }]);
    const result = buildRows([p1, p2]);
    expect(result.rows.map((r) => r.fechaCreacion)).toEqual(['2024-01-01']);
  });
});

describe('buildRows as pages arrive', () => {
  const makePage = (page: number, ids: string[]): PageData =>
    pageData(
      ids.map((IdCaso) => ({ IdCaso, FechaCreacion: '11/14/2019 10:00' })),
      { page, total: 100 },
    );
  /** The reference: every present page in order, first IdCaso wins. */
  const reference = (pages: (PageData | undefined)[]) => {
    const seen = new Set<string>();
    const keys: string[] = [];
    let duplicates = 0;
    for (const page of pages) {
      for (const item of page?.items ?? []) {
        const key = item.IdCaso as string;
        if (seen.has(key)) duplicates++;
        else {
          seen.add(key);
          keys.push(key);
        }
      }
    }
    return { keys, duplicates };
  };

  it('gives at every step what a fresh build gives, whatever the arrival order', () => {
    const p = [
      makePage(0, ['a', 'b']),
      makePage(1, ['c', 'd']),
      makePage(2, ['d', 'e']),
      makePage(3, ['f']),
      makePage(4, ['a', 'g']),
    ];
    const steps: (PageData | undefined)[][] = [
      [p[0]],
      [p[0], undefined, p[2]],
      [p[0], undefined, p[2], undefined, p[4]],
      [p[0], p[1], p[2], undefined, p[4]],
      [p[0], p[1], p[2], p[3], p[4]],
      [p[0], p[1], p[2], p[3], p[4]],
    ];
    for (const pages of steps) {
      const result = buildRows(pages);
      const expected = reference(pages);
      expect(result.rows.map((r) => r.key)).toEqual(expected.keys);
      expect(result.duplicates).toBe(expected.duplicates);
    }
    // A new search (other pages) starts from scratch.
    const other = [makePage(0, ['x']), makePage(1, ['y', 'x'])];
    expect(buildRows(other).rows.map((r) => r.key)).toEqual(['x', 'y']);
  });

  it('de-duplicates by key, not by hash: colliding hashes and re-read pages included', () => {
    // Hashes from two buckets (a function of the key, as a real hash): most keys collide.
    const collidingPage = (page: number, pageIds: string[]): PageData => ({
      ...makePage(page, pageIds),
      keyHashes: Uint32Array.from(pageIds, (id) => id.charCodeAt(0) % 2),
    });
    const idsArb = fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g'), { maxLength: 4 });
    fc.assert(
      fc.property(
        fc.array(idsArb, { minLength: 1, maxLength: 5 }),
        fc.array(fc.nat(), { maxLength: 12 }),
        (contents, arrivals) => {
          // Each arrival fills or re-reads (a new object: the engine's refresh) one page.
          const pages: (PageData | undefined)[] = contents.map(() => undefined);
          for (const at of arrivals) {
            const index = at % contents.length;
            pages[index] = collidingPage(index, contents[index] as string[]);
            const result = buildRows([...pages]);
            const expected = reference(pages);
            expect(result.rows.map((r) => r.key)).toEqual(expected.keys);
            expect(result.duplicates).toBe(expected.duplicates);
          }
        },
      ),
    );
  });
});
