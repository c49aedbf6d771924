// @vitest-environment jsdom
// The charts' text alternative: each "Ver datos" table shows exactly the points its chart
// draws. Recharts is replaced by a recorder of what each chart is given to draw (jsdom has
// no layout, so the real charts would render nothing to compare with).
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { casesByStatus, casesPerMonth, topCreditors } from '@/features/charts/aggregations';
import ChartsPanel from '@/features/charts/charts-panel';
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

/** A table's body as text: one array a row, the row header first. */
const bodyOf = (table: HTMLElement): string[][] =>
  [...table.querySelectorAll('tbody tr')].map((row) =>
    [...row.querySelectorAll('th, td')].map((cell) => cell.textContent ?? ''),
  );

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

  it('"Casos por estado": one row a bar, the same labels and counts', () => {
    render(<ChartsPanel rows={rows} filters={{}} onFilter={() => {}} />);
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

  it('"Principales acreedores": the same creditors, counts and amounts, by cases or by amount', () => {
    render(<ChartsPanel rows={rows} filters={{}} onFilter={() => {}} />);
    const asTable = (by: 'count' | 'amount') =>
      topCreditors(rows, by).map((p) => [p.label, formatInteger(p.count), formatClp(p.amount)]);
    expect(drawn.get('Principales acreedores')).toEqual(topCreditors(rows, 'count'));
    expect(openTable('Principales acreedores')).toEqual(asTable('count'));

    fireEvent.click(screen.getByRole('button', { name: 'por monto' }));
    expect(drawn.get('Principales acreedores')).toEqual(topCreditors(rows, 'amount'));
    const table = screen.getByRole('table', { name: 'Principales acreedores, por monto neto' });
    expect(bodyOf(table)).toEqual(asTable('amount'));
  });

  it('"Casos por mes de creación": every month the chart draws, empty ones included', () => {
    render(<ChartsPanel rows={rows} filters={{}} onFilter={() => {}} />);
    const points = casesPerMonth(rows);
    expect(points).toHaveLength(24);
    expect(drawn.get('Casos por mes de creación')).toEqual(points);
    expect(openTable('Casos por mes de creación')).toEqual(
      points.map((p) => [p.period, formatInteger(p.count)]),
    );
    // The figures add up to the rows charted.
    expect(points.reduce((sum, p) => sum + p.count, 0)).toBe(rows.length);
  });

  it('"Ocultar datos" hides the table again, and the button says whether it is open', () => {
    render(<ChartsPanel rows={rows} filters={{}} onFilter={() => {}} />);
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
