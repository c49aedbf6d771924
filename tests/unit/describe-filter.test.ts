import { describe, expect, it } from 'vitest';
import { KNOWN_COLUMNS, type ViewColumn } from '@/features/view/columns';
import { describeFilter } from '@/features/view/describe-filter';

const column = (id: string) => KNOWN_COLUMNS.find((c) => c.id === id) as ViewColumn;

describe('describeFilter', () => {
  it('shows amounts in pesos, with either end open', () => {
    const amount = column('MontoNeto');
    expect(describeFilter(amount, { kind: 'amount-range', min: 1_000_000, max: 5_000_000 })).toBe(
      'Monto neto: $1.000.000 a $5.000.000',
    );
    expect(describeFilter(amount, { kind: 'amount-range', min: 1_000_000, max: null })).toBe(
      'Monto neto: desde $1.000.000',
    );
    expect(describeFilter(amount, { kind: 'amount-range', min: null, max: -1500 })).toBe(
      'Monto neto: hasta -$1.500',
    );
  });

  it('shows dates as dd-mm-aaaa', () => {
    const created = column('FechaCreacion');
    expect(
      describeFilter(created, { kind: 'date-range', from: '2024-01-05', to: '2024-03-31' }),
    ).toBe('Creación: 05-01-2024 a 31-03-2024');
    expect(describeFilter(created, { kind: 'date-range', from: null, to: '2024-03-31' })).toBe(
      'Creación: hasta 31-03-2024',
    );
  });

  it('names text and chosen values as they are', () => {
    expect(describeFilter(column('Descripcion'), { kind: 'text', contains: 'folio' })).toBe(
      'Descripción contiene «folio»',
    );
    expect(
      describeFilter(column('Estado'), { kind: 'multi', values: ['Cerrada', 'Abierta'] }),
    ).toBe('Estado: Cerrada, Abierta');
    expect(describeFilter(undefined, { kind: 'text', contains: 'x' })).toBe('Columna contiene «x»');
  });
});
