import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { NonconformityItemInput } from '@/contract/item';
import {
  casesByStatus,
  casesPerMonth,
  hasField,
  MAX_POINTS,
  OTHERS_LABEL,
  type PeriodPoint,
  topCreditors,
} from '@/features/charts/aggregations';
import type { CaseRow } from '@/features/rows/case-rows';
import { computeKpis, isOpenStatus } from '@/features/view/kpis';
import { addDays } from '@/lib/dates';
import { bareRow, rowsOf } from '../support/fixtures/rows';

const ÑUBLE = 'Eléctrica Ñuble S.A.';
const SUR = 'Transmisora del Sur S.A.';
const NORTE = 'Generadora Norte SpA';

/** A simulator-like item with only what these figures read, plus the case id. */
function item(
  IdCaso: string,
  Estado: string | undefined,
  RazonSocialAcreedor: string | undefined,
  MontoNeto: number | string | null | undefined,
  FechaCreacion: string | undefined,
): NonconformityItemInput {
  return {
    IdCaso,
    Estado,
    RazonSocialAcreedor,
    MontoNeto,
    FechaCreacion,
    Motivo: 'Monto incorrecto',
    RutAcreedor: '76120450',
    DvAcreedor: '5',
    Periodo: '2025-10',
    Descripcion: 'Se objeta el monto de la instrucción, "según lo acordado".',
  };
}

const ROWS = rowsOf([
  item('A', 'Abierta', ÑUBLE, 1_000_000, '01/15/2024 09:00'),
  item('B', 'En revisión', SUR, -1500, '03/02/2024'),
  item('C', 'Cerrada', ÑUBLE, '250000', '12/31/2023 18:00'),
  item('D', 'Rechazada', NORTE, 500, '06/10/2024'),
  item('E', 'Respondida', SUR, null, '11/20/2023'),
  item('F', undefined, undefined, undefined, 'fecha ilegible'),
  item('G', 'Abierta', NORTE, 2_000_000, '02/29/2024'),
  item('H', 'Cerrada', ÑUBLE, 100, '2024-02-05T10:00:00'),
]);

describe('computeKpis', () => {
  it('gives exact figures on a small set', () => {
    expect(computeKpis(ROWS)).toEqual({
      cases: 8,
      totalNet: 1_000_000 - 1500 + 250_000 + 500 + 2_000_000 + 100,
      // Abierta (2), En revisión, Respondida: given and not closed or rejected. The case
      // without a status is not counted open.
      open: 4,
      oldestOpen: { date: '2023-11-20', id: 'E' },
    });
  });

  it('follows the view: a subset gives its own figures', () => {
    const subset = ROWS.filter((r) => ['A', 'C', 'G'].includes(r.key));
    expect(computeKpis(subset)).toEqual({
      cases: 3,
      totalNet: 3_250_000,
      open: 2,
      oldestOpen: { date: '2024-01-15T09:00', id: 'A' },
    });
  });

  it('has no total when no row has an amount, and nothing open in an empty view', () => {
    expect(computeKpis([])).toEqual({ cases: 0, totalNet: null, open: 0, oldestOpen: null });
    const closed = rowsOf([item('X', 'Cerrada', SUR, null, '2024-01-01')]);
    expect(computeKpis(closed)).toEqual({ cases: 1, totalNet: null, open: 0, oldestOpen: null });
  });

  it('counts a total of zero as a total, and an open case without a date as open', () => {
    const rows = rowsOf([
      item('X', 'Abierta', SUR, 1500, 'ayer'),
      item('Y', 'Cerrada', SUR, -1500, '2024-01-01'),
    ]);
    expect(computeKpis(rows)).toEqual({ cases: 2, totalNet: 0, open: 1, oldestOpen: null });
  });

  it('reads closed and rejected statuses whatever their case or gender; no status is not open', () => {
    for (const status of ['Cerrada', 'cerrado', ' RECHAZADA ', 'Rechazado', 'Closed', 'rejected']) {
      expect(isOpenStatus(status), status).toBe(false);
    }
    for (const status of ['Abierta', 'En revisión', 'Respondida', 'Reabierta', 'En cerrado']) {
      expect(isOpenStatus(status), status).toBe(true);
    }
    for (const missing of ['', '  ', null, undefined, 3]) {
      expect(isOpenStatus(missing), String(missing)).toBe(false);
    }
  });
});

describe('casesByStatus', () => {
  it('counts per status, most frequent first, ties in alphabetical order', () => {
    expect(casesByStatus(ROWS)).toEqual([
      { label: 'Abierta', count: 2 },
      { label: 'Cerrada', count: 2 },
      { label: 'En revisión', count: 1 },
      { label: 'Rechazada', count: 1 },
      { label: 'Respondida', count: 1 },
    ]);
  });

  it('stays within 500 points for 1,000 statuses, the tail summed into "Otros"', () => {
    const rows: CaseRow[] = [];
    for (let i = 0; i < 1000; i++) {
      // Status i appears 1 + (i % 4) times: 2,500 cases.
      for (let k = 0; k <= i % 4; k++) rows.push(bareRow(`${i}-${k}`, { Estado: `Estado ${i}` }));
    }
    const points = casesByStatus(rows);
    expect(points).toHaveLength(MAX_POINTS);
    expect(points.slice(0, -1).every((p) => p.label !== OTHERS_LABEL)).toBe(true);
    const others = points[MAX_POINTS - 1];
    expect(others?.label).toBe(OTHERS_LABEL);
    const head = points.slice(0, -1).reduce((sum, p) => sum + p.count, 0);
    expect(others?.count).toBe(2500 - head);
    // The head holds the 250 statuses seen 4 times and 249 of those seen 3 times.
    expect(head).toBe(250 * 4 + 249 * 3);
    expect(points.reduce((sum, p) => sum + p.count, 0)).toBe(2500);
  });

  it('honours a smaller limit', () => {
    expect(casesByStatus(ROWS, 3)).toEqual([
      { label: 'Abierta', count: 2 },
      { label: 'Cerrada', count: 2 },
      { label: OTHERS_LABEL, count: 3 },
    ]);
  });
});

describe('topCreditors', () => {
  it('ranks creditors by number of cases', () => {
    expect(topCreditors(ROWS, 'count')).toEqual([
      { label: ÑUBLE, count: 3, amount: 1_250_100 },
      { label: NORTE, count: 2, amount: 2_000_500 },
      { label: SUR, count: 2, amount: -1500 },
    ]);
  });

  it('ranks creditors by net amount', () => {
    expect(topCreditors(ROWS, 'amount').map((p) => [p.label, p.amount])).toEqual([
      [NORTE, 2_000_500],
      [ÑUBLE, 1_250_100],
      [SUR, -1500],
    ]);
  });

  it('keeps the top 10', () => {
    const rows: CaseRow[] = [];
    for (let i = 0; i < 15; i++) {
      for (let k = 0; k <= i; k++) {
        rows.push(bareRow(`${i}-${k}`, { RazonSocialAcreedor: `Empresa ${i}`, MontoNeto: 15 - i }));
      }
    }
    const byCount = topCreditors(rows, 'count');
    expect(byCount).toHaveLength(10);
    expect(byCount.map((p) => p.label)).toEqual(
      [14, 13, 12, 11, 10, 9, 8, 7, 6, 5].map((i) => `Empresa ${i}`),
    );
    // Amount of creditor i: (i + 1) cases of (15 − i): largest at i = 7 (8 × 8 = 64).
    expect(topCreditors(rows, 'amount')[0]).toEqual({ label: 'Empresa 7', count: 8, amount: 64 });
    expect(topCreditors(rows, 'amount', 3)).toHaveLength(3);
  });
});

describe('casesPerMonth', () => {
  it('counts by month of creation, oldest first, empty months filled with zeros', () => {
    expect(casesPerMonth(ROWS)).toEqual([
      { period: '2023-11', count: 1, from: '2023-11-01', to: '2023-11-30' },
      { period: '2023-12', count: 1, from: '2023-12-01', to: '2023-12-31' },
      { period: '2024-01', count: 1, from: '2024-01-01', to: '2024-01-31' },
      { period: '2024-02', count: 2, from: '2024-02-01', to: '2024-02-29' },
      { period: '2024-03', count: 1, from: '2024-03-01', to: '2024-03-31' },
      { period: '2024-04', count: 0, from: '2024-04-01', to: '2024-04-30' },
      { period: '2024-05', count: 0, from: '2024-05-01', to: '2024-05-31' },
      { period: '2024-06', count: 1, from: '2024-06-01', to: '2024-06-30' },
    ]);
  });

  it('is empty when no row has a readable date', () => {
    expect(casesPerMonth([])).toEqual([]);
    expect(casesPerMonth(rowsOf([item('X', 'Abierta', SUR, 1, 'nunca')]))).toEqual([]);
  });

  const monthsRows = (first: string, months: number): CaseRow[] => {
    const [y, m] = first.split('-').map(Number) as [number, number];
    const rows: CaseRow[] = [];
    for (let i = 0; i < months; i += 7) {
      const year = y + Math.floor((m - 1 + i) / 12);
      const month = ((m - 1 + i) % 12) + 1;
      const date = `${year}-${String(month).padStart(2, '0')}-10`;
      rows.push(bareRow(`c${i}`, { Estado: 'Abierta' }, date));
    }
    const lastYear = y + Math.floor((m - 1 + months - 1) / 12);
    const lastMonth = ((m - 1 + months - 1) % 12) + 1;
    rows.push(bareRow('last', {}, `${lastYear}-${String(lastMonth).padStart(2, '0')}-28T23:59`));
    return rows;
  };

  it('keeps months up to exactly 500 points', () => {
    const points = casesPerMonth(monthsRows('2000-01', 500));
    expect(points).toHaveLength(500);
    expect(points[0]?.period).toBe('2000-01');
    expect(points[499]?.period).toBe('2041-08');
  });

  it('falls back to years when the months span more than 500', () => {
    const rows = monthsRows('2000-01', 552); // 2000-01 … 2045-12
    const points = casesPerMonth(rows);
    expect(points).toHaveLength(46);
    expect(points[0]).toEqual({
      period: '2000',
      count: 2, // months 0 and 7
      from: '2000-01-01',
      to: '2000-12-31',
    });
    expect(points.map((p) => p.period)).toEqual(
      Array.from({ length: 46 }, (_, i) => String(2000 + i)),
    );
    expect(points.reduce((sum, p) => sum + p.count, 0)).toBe(rows.length);
    expect(points[45]?.to).toBe('2045-12-31');
  });

  it('fills empty years too', () => {
    const rows = [bareRow('a', {}, '1990-05-01'), bareRow('b', {}, '2040-02-01')];
    const points = casesPerMonth(rows);
    expect(points).toHaveLength(51);
    expect(points.filter((p) => p.count > 0).map((p) => p.period)).toEqual(['1990', '2040']);
  });

  it('stays within 500 points even when a mistyped year spans centuries', () => {
    const rows = [
      bareRow('typo', {}, '0025-03-01'),
      bareRow('a', {}, '2024-05-01'),
      bareRow('b', {}, '2024-06-01T10:00'),
    ];
    const points = casesPerMonth(rows);
    expect(points.length).toBeLessThanOrEqual(MAX_POINTS);
    expect(points.reduce((sum, p) => sum + p.count, 0)).toBe(3);
    expect(points[0]?.from).toBe('0025-01-01');
    expect(points[points.length - 1]?.to).toBe('2024-12-31');
    expect(points[0]?.count).toBe(1);
    expect(points[points.length - 1]?.count).toBe(2);
  });

  it('always gives at most 500 contiguous points that add up to the dated rows (property)', () => {
    const day = fc
      .date({
        min: new Date('1500-01-01T00:00:00Z'),
        max: new Date('2500-12-31T00:00:00Z'),
        noInvalidDate: true,
      })
      .map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(fc.array(fc.option(day, { nil: null }), { maxLength: 30 }), (dates) => {
        const rows = dates.map((d, i) => bareRow(String(i), {}, d));
        const points = casesPerMonth(rows);
        const dated = dates.filter((d) => d !== null);
        expect(points.length).toBeLessThanOrEqual(MAX_POINTS);
        expect(points.reduce((sum, p) => sum + p.count, 0)).toBe(dated.length);
        points.forEach((p: PeriodPoint, i) => {
          const next = points[i + 1];
          if (next) expect(next.from).toBe(addDays(p.to, 1));
        });
        if (dated.length > 0) {
          const sorted = [...dated].sort();
          const first = points[0] as PeriodPoint;
          const last = points[points.length - 1] as PeriodPoint;
          expect(first.from <= (sorted[0] as string)).toBe(true);
          expect(last.to >= (sorted[sorted.length - 1] as string)).toBe(true);
        }
      }),
      { numRuns: 40 },
    );
  });
});

describe('hasField', () => {
  it('is false when no row carries the field, empty and null values included', () => {
    expect(hasField(ROWS, 'RazonSocialAcreedor')).toBe(true);
    expect(hasField(ROWS, 'MontoBruto')).toBe(false);
    expect(hasField(ROWS, 'Observacion')).toBe(false);
    const rows = [
      bareRow('a', { Observacion: '' }),
      bareRow('b', { Observacion: null }),
      bareRow('c', {}),
    ];
    expect(hasField(rows, 'Observacion')).toBe(false);
    expect(hasField([...rows, bareRow('d', { Observacion: 0 })], 'Observacion')).toBe(true);
    expect(hasField([], 'Estado')).toBe(false);
  });
});
