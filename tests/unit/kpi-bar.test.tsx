// @vitest-environment jsdom
// The KPI cards: every figure marked while the result is partial, and an empty view's figures.
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { KpiBar } from '@/features/kpis/kpi-bar';
import { partialText } from '@/features/view/partial-result';
import { caseItem } from '../support/fixtures/items';
import { rowsOf } from '../support/fixtures/rows';

afterEach(cleanup);

const values = () => screen.getAllByTestId('kpi-value').map((element) => element.textContent);

describe('KpiBar', () => {
  it('says "parcial: read de total" on every card while the result is partial', () => {
    render(<KpiBar rows={rowsOf([caseItem()])} partial={{ read: 1800, total: 4575 }} />);
    const marks = screen.getAllByTestId('kpi-partial').map((element) => element.textContent);
    expect(marks).toEqual(Array(4).fill('parcial: 1.800 de 4.575'));
  });

  it('marks nothing when the result is complete', () => {
    render(<KpiBar rows={rowsOf([caseItem()])} />);
    expect(screen.queryAllByTestId('kpi-partial')).toHaveLength(0);
  });

  it('shows 0 and "—" for a view with no rows', () => {
    render(<KpiBar rows={[]} />);
    expect(values()).toEqual(['0', '—', '0', '—']);
  });
});

describe('partialText', () => {
  it('formats both counts the Chilean way', () => {
    expect(partialText({ read: 1800, total: 100_000 })).toBe('parcial: 1.800 de 100.000');
  });
});
