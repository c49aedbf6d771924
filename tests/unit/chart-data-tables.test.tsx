// @vitest-environment jsdom
// The charts' text alternative: each "Ver datos" table shows exactly the points its chart
// draws. Recharts is replaced by a recorder of what each chart is given to draw (jsdom has
// no layout, so the real charts would render nothing to compare with).
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import type { ReactElement, ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { casesByStatus, casesPerMonth, topCreditors } from '@/features/charts/aggregations';
import ChartsPanel, { type ChartsPanelProps } from '@/features/charts/charts-panel';
import type { CaseRow } from '@/features/rows/case-rows';
import { formatClp, formatInteger } from '@/lib/format';
import { historicalCases } from '../../server/simulator/generator';
import { rowsOf } from '../support/fixtures/rows';

const drawn = vi.hoisted(() => new Map<string, unknown[]>());

vi.mock('recharts', async (importOriginal) => ({
  ...(await importOriginal<typeof import('recharts')>()),
  ResponsiveContainer: ({ children }: { children: ReactNode }) => children,
  BarChart: ({ title, data }: { title: string; data: unknown[] }) => {
    drawn.set(title, data);
    return null;
  },
}));

afterEach(() => {
  cleanup();
  drawn.clear();
});

function seedRows() {
  const cases = historicalCases('76999999', '2022-01-01', '2023-12-31');
  return rowsOf(Array.from({ length: cases.total }, (_, k) => cases.item(k)));
}

/** The panel of rows no filter narrows: every chart counts them all. */
function unfiltered(rows: readonly CaseRow[]): ChartsPanelProps {
  const facets = { Estado: rows, RazonSocialAcreedor: rows, FechaCreacion: rows };
  return { rows, allRows: rows, facets, filters: {}, onFilter: () => {} };
}

/** A table's body as text: one array a row, the row header first. */
const bodyOf = (table: HTMLElement): string[][] =>
  [...table.querySelectorAll('tbody tr')].map((row) =>
    [...row.querySelectorAll('th, td')].map((cell) => cell.textContent ?? ''),
  );

/** Renders the charts and waits for each to take its turn (use-draw-turn.ts). */
async function renderDrawn(ui: ReactElement) {
  render(ui);
  await act(() => new Promise((resolve) => setTimeout(resolve, 20)));
}

/** Presses the chart's "Ver datos" and reads the table it reveals. */
function openTable(title: string): string[][] {
  fireEvent.click(screen.getByRole('button', { name: `Ver datos: ${title}` }));
  const region = screen.getByRole('region', { name: `Datos: ${title}` });
  return bodyOf(within(region).getByRole('table'));
}

describe('the charts as tables', () => {
  const rows = seedRows();

  it('has rows to test with', () => {
    expect(rows.length).toBeGreaterThan(500);
  });

  it('"Casos por estado": one row a bar, the same labels and counts', async () => {
    await renderDrawn(<ChartsPanel {...unfiltered(rows)} />);
    const points = casesByStatus(rows);
    expect(drawn.get('Casos por estado')).toEqual(points);
    const table = openTable('Casos por estado');
    expect(table).toEqual(points.map((p) => [p.label, formatInteger(p.count)]));
    expect(
      within(screen.getByRole('table', { name: 'Casos por estado' }))
        .getAllByRole('columnheader')
        .map((th) => th.textContent),
    ).toEqual(['Estado', 'Casos']);
  });

  it('"Principales acreedores": the same creditors, counts and amounts, by cases or by amount', async () => {
    await renderDrawn(<ChartsPanel {...unfiltered(rows)} />);
    const asTable = (by: 'count' | 'amount') =>
      topCreditors(rows, by).map((p) => [p.label, formatInteger(p.count), formatClp(p.amount)]);
    expect(drawn.get('Principales acreedores')).toEqual(topCreditors(rows, 'count'));
    expect(openTable('Principales acreedores')).toEqual(asTable('count'));

    fireEvent.click(screen.getByRole('button', { name: 'por monto' }));
    expect(drawn.get('Principales acreedores')).toEqual(topCreditors(rows, 'amount'));
    const table = screen.getByRole('table', { name: 'Principales acreedores, por monto neto' });
    expect(bodyOf(table)).toEqual(asTable('amount'));
  });

  it('"Casos por mes de creación": every month the chart draws, empty ones included', async () => {
    await renderDrawn(<ChartsPanel {...unfiltered(rows)} />);
    const points = casesPerMonth(rows);
    expect(points).toHaveLength(24);
    expect(drawn.get('Casos por mes de creación')).toEqual(points);
    expect(openTable('Casos por mes de creación')).toEqual(
      points.map((p) => [p.period, formatInteger(p.count)]),
    );
    // The figures add up to the rows charted.
    expect(points.reduce((sum, p) => sum + p.count, 0)).toBe(rows.length);
  });

  it('"Ocultar datos" hides the table again, and the button says whether it is open', async () => {
    await renderDrawn(<ChartsPanel {...unfiltered(rows)} />);
    const show = screen.getByRole('button', { name: 'Ver datos: Casos por estado' });
    expect(show.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(show);
    const hide = screen.getByRole('button', { name: 'Ocultar datos: Casos por estado' });
    expect(hide.getAttribute('aria-expanded')).toBe('true');
    expect(document.getElementById(hide.getAttribute('aria-controls') ?? '')).not.toBeNull();
    fireEvent.click(hide);
    expect(screen.queryByRole('table', { name: 'Casos por estado' })).toBeNull();
  });
});

describe('the charts of a filtered view', () => {
  const rows = seedRows();
  const closed = rows.filter((row) => row.item.Estado === 'Cerrada');

  it('counts a chart filtered by its own column from its facet, the pick marked under the title', async () => {
    const onFilter = vi.fn();
    await renderDrawn(
      <ChartsPanel
        {...unfiltered(closed)}
        allRows={rows}
        facets={{ Estado: rows, RazonSocialAcreedor: closed, FechaCreacion: closed }}
        filters={{ Estado: { kind: 'multi', values: ['Cerrada'] } }}
        onFilter={onFilter}
      />,
    );
    // Every status stays, in the same order: the picked bar keeps its place.
    expect(drawn.get('Casos por estado')).toEqual(casesByStatus(rows));
    expect(drawn.get('Principales acreedores')).toEqual(topCreditors(closed, 'count'));
    const mark = screen.getByRole('button', { name: 'Filtro: Cerrada, quitar' });
    fireEvent.click(mark);
    expect(onFilter).toHaveBeenCalledWith('Estado', null);
  });

  it('says "parcial: 1.800 de 4.575" under every chart’s title of a partial result', async () => {
    await renderDrawn(<ChartsPanel {...unfiltered(rows)} partialNote="parcial: 1.800 de 4.575" />);
    for (const figure of screen.getAllByRole('figure')) {
      expect(within(figure).getByText('parcial: 1.800 de 4.575')).toBeTruthy();
    }
  });

  it('draws nothing, and says no field is missing, when no row is left', async () => {
    await renderDrawn(<ChartsPanel {...unfiltered([])} allRows={rows} />);
    expect(drawn.size).toBe(0);
    expect(screen.queryByText(/no traen el campo/)).toBeNull();
    expect(screen.getAllByRole('figure')).toHaveLength(3);
  });

  it('says a field is missing only when no row read has it', () => {
    const withoutStatus = rowsOf([{ ...rows[0]?.item, Estado: undefined } as never]);
    render(<ChartsPanel {...unfiltered(withoutStatus)} />);
    expect(screen.getByText(/no traen el campo «Estado»/)).toBeTruthy();
  });
});
