import { describe, expect, it } from 'vitest';
import {
  describeChartFilter,
  pickRange,
  pickValue,
  rangeSelected,
} from '@/features/charts/chart-selection';
import { loadChartsCollapsed, saveChartsCollapsed } from '@/features/charts/charts-visibility';
import { MemoryStorage } from '../support/memory-storage';

const OCTOBER = { from: '2025-10-01', to: '2025-10-31' };

describe('a click on a category bar', () => {
  it('picks that value alone', () => {
    expect(pickValue(undefined, 'Cerrada')).toEqual({ kind: 'multi', values: ['Cerrada'] });
    expect(pickValue({ kind: 'multi', values: ['Abierta'] }, 'Cerrada')).toEqual({
      kind: 'multi',
      values: ['Cerrada'],
    });
  });

  it('on the picked value removes the filter, or only that value of several', () => {
    expect(pickValue({ kind: 'multi', values: ['Cerrada'] }, 'Cerrada')).toBeNull();
    expect(pickValue({ kind: 'multi', values: ['Abierta', 'Cerrada'] }, 'Cerrada')).toEqual({
      kind: 'multi',
      values: ['Abierta'],
    });
  });

  it('replaces a filter of another kind', () => {
    expect(pickValue({ kind: 'text', contains: 'ce' }, 'Cerrada')).toEqual({
      kind: 'multi',
      values: ['Cerrada'],
    });
  });
});

describe('a click on a period bar', () => {
  it('picks that period, and a second click removes it', () => {
    const picked = pickRange(undefined, OCTOBER);
    expect(picked).toEqual({ kind: 'date-range', ...OCTOBER });
    expect(pickRange(picked ?? undefined, OCTOBER)).toBeNull();
  });

  it('narrows a wider range to the period', () => {
    expect(pickRange({ kind: 'date-range', from: '2025-01-01', to: null }, OCTOBER)).toEqual({
      kind: 'date-range',
      ...OCTOBER,
    });
  });

  it('highlights every period the range meets, open ends included', () => {
    const range = { kind: 'date-range', from: '2025-10-15', to: null } as const;
    expect(rangeSelected(range, OCTOBER)).toBe(true);
    expect(rangeSelected(range, { from: '2025-09-01', to: '2025-09-30' })).toBe(false);
    expect(rangeSelected(undefined, OCTOBER)).toBe(false);
  });
});

describe('the filter named beside its chart', () => {
  it('lists the picked values', () => {
    expect(describeChartFilter({ kind: 'multi', values: ['Cerrada', 'Abierta'] })).toBe(
      'Cerrada, Abierta',
    );
  });

  it('names a range by its bar when it is one, else by its days (dd-mm-aaaa)', () => {
    const filter = { kind: 'date-range', ...OCTOBER } as const;
    expect(describeChartFilter(filter, () => '2025-10')).toBe('2025-10');
    expect(describeChartFilter(filter)).toBe('01-10-2025 a 31-10-2025');
    // An open range reads as its chip does.
    expect(describeChartFilter({ kind: 'date-range', from: null, to: '2025-10-31' })).toBe(
      'hasta 31-10-2025',
    );
  });
});

describe('folded charts, per browser', () => {
  it('are remembered, and unfolded by default or when storage fails', () => {
    const storage = new MemoryStorage();
    expect(loadChartsCollapsed(storage)).toBe(false);
    saveChartsCollapsed(true, storage);
    expect(loadChartsCollapsed(storage)).toBe(true);
    saveChartsCollapsed(false, storage);
    expect(loadChartsCollapsed(storage)).toBe(false);
    const blocked = new MemoryStorage(true);
    saveChartsCollapsed(true, blocked);
    expect(loadChartsCollapsed(blocked)).toBe(false);
  });
});
