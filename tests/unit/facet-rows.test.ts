import { describe, expect, it } from 'vitest';
import type { CaseRow } from '@/features/rows/case-rows';
import { filterRows } from '@/features/view/apply-view';
import { KNOWN_COLUMNS } from '@/features/view/columns';
import { facetRows } from '@/features/view/facet-rows';
import type { ViewState } from '@/features/view/view-state';
import { caseSeries } from '../support/fixtures/items';
import { rowsOf } from '../support/fixtures/rows';

const item = caseSeries();
const ROWS = rowsOf([
  item({ IdCaso: 'A', Estado: 'Cerrada', RazonSocialAcreedor: 'Colbún S.A.' }),
  item({ IdCaso: 'B', Estado: 'Abierta', RazonSocialAcreedor: 'Colbún S.A.' }),
  item({ IdCaso: 'C', Estado: 'Cerrada', RazonSocialAcreedor: 'Transelec S.A.' }),
  item({ IdCaso: 'D', Estado: 'Rechazada', RazonSocialAcreedor: 'Colbún S.A.' }),
]);
const ids = (rows: readonly CaseRow[]) => rows.map((r) => r.item.IdCaso);

function facet(state: Pick<ViewState, 'search' | 'filters'>, columnId: string) {
  const filtered = filterRows(ROWS, KNOWN_COLUMNS, state);
  return { filtered, facet: facetRows(ROWS, KNOWN_COLUMNS, state, columnId, filtered) };
}

describe('facetRows', () => {
  it('leaves out the column’s own filter and keeps the others', () => {
    const { facet: rows } = facet(
      {
        search: '',
        filters: {
          Estado: { kind: 'multi', values: ['Cerrada'] },
          RazonSocialAcreedor: { kind: 'multi', values: ['Colbún S.A.'] },
        },
      },
      'Estado',
    );
    expect(ids(rows)).toEqual(['A', 'B', 'D']);
  });

  it('keeps the global search', () => {
    const { facet: rows } = facet(
      { search: 'transelec', filters: { Estado: { kind: 'multi', values: ['Abierta'] } } },
      'Estado',
    );
    expect(ids(rows)).toEqual(['C']);
  });

  it('is every row when the column’s filter is the only one', () => {
    const { facet: rows } = facet(
      { search: '', filters: { Estado: { kind: 'multi', values: ['Abierta'] } } },
      'Estado',
    );
    expect(ids(rows)).toEqual(['A', 'B', 'C', 'D']);
  });

  it('returns the filtered rows themselves when the column has no filter', () => {
    const { filtered, facet: rows } = facet(
      { search: '', filters: { Estado: { kind: 'multi', values: ['Cerrada'] } } },
      'RazonSocialAcreedor',
    );
    expect(rows).toBe(filtered);
  });
});
