import { describe, expect, it } from 'vitest';
import { nonconformityItemSchema } from '@/contract/item';
import { KNOWN_ITEM_FIELDS } from '@/contract/item-fields';
import { buildRows, type CaseRow } from '@/features/rows/case-rows';
import {
  columnsFor,
  genericColumn,
  isKnownField,
  KNOWN_COLUMNS,
  type ViewColumn,
} from '@/features/view/columns';
import { caseItem } from '../support/fixtures/items';
import { parsedPage, rowsOf } from '../support/fixtures/rows';

function rowOf(overrides: Record<string, unknown> = {}): CaseRow {
  const row = rowsOf([caseItem(overrides)])[0];
  if (!row) throw new Error('no row');
  return row;
}

function column(id: string): ViewColumn {
  const found = KNOWN_COLUMNS.find((c) => c.id === id);
  if (!found) throw new Error(`no column ${id}`);
  return found;
}

describe('KNOWN_COLUMNS: the catalog', () => {
  it('has a Spanish label for every known field (check digits live in the RUT columns)', () => {
    const labels = Object.fromEntries(KNOWN_COLUMNS.map((c) => [c.id, c.label]));
    expect(labels).toEqual({
      IdCaso: 'Caso',
      FechaCreacion: 'Creación',
      Estado: 'Estado',
      Motivo: 'Motivo',
      RazonSocialAcreedor: 'Acreedor',
      RutAcreedor: 'RUT acreedor',
      MontoNeto: 'Monto neto',
      MontoBruto: 'Monto bruto',
      Periodo: 'Período',
      CodigoCuadroPago: 'Cuadro de pago',
      IdInstruccion: 'Instrucción',
      TipoDte: 'Tipo DTE',
      Folio: 'Folio',
      Descripcion: 'Descripción',
      FechaResolucion: 'Resolución',
      RazonSocialDeudor: 'Deudor',
      RutDeudor: 'RUT deudor',
    });
    const shown = new Set(KNOWN_COLUMNS.map((c) => c.id));
    const notColumns = KNOWN_ITEM_FIELDS.filter((f) => !shown.has(f));
    expect(notColumns.sort()).toEqual(['DvAcreedor', 'DvDeudor']);
  });

  it('has unique ids, all of them known fields', () => {
    const ids = KNOWN_COLUMNS.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(isKnownField(id)).toBe(true);
    expect(isKnownField('Observacion')).toBe(false);
  });

  it('gives each kind of column its filter', () => {
    expect(column('Estado').filter).toBe('multi');
    expect(column('Motivo').filter).toBe('multi');
    expect(column('MontoNeto').filter).toBe('amount-range');
    expect(column('FechaCreacion').filter).toBe('date-range');
    expect(column('Descripcion').filter).toBe('text');
    expect(column('MontoNeto').align).toBe('right');
  });
});

describe('amount columns', () => {
  it('show es-CL pesos and export the plain number', () => {
    const row = rowOf();
    const neto = column('MontoNeto');
    expect(neto.display(row)).toBe('$1.234.568');
    expect(neto.csv(row)).toBe(1_234_568);
    expect(neto.value(row)).toBe(1_234_568);
  });

  it('show a negative amount with the sign first and export it as a negative number', () => {
    const row = rowOf({ MontoNeto: -1500 });
    expect(column('MontoNeto').display(row)).toBe('-$1.500');
    expect(column('MontoNeto').csv(row)).toBe(-1500);
  });

  it('read an amount that arrived as a numeric string as a number', () => {
    const row = rowOf({ MontoBruto: '1469136' });
    expect(column('MontoBruto').value(row)).toBe(1_469_136);
    expect(column('MontoBruto').display(row)).toBe('$1.469.136');
    expect(column('MontoBruto').csv(row)).toBe(1_469_136);
  });

  it('leave an absent amount empty', () => {
    const row = rowOf({ MontoNeto: undefined, MontoBruto: null });
    expect(column('MontoNeto').display(row)).toBe('');
    expect(column('MontoNeto').csv(row)).toBeNull();
    expect(column('MontoBruto').csv(row)).toBeNull();
    expect(column('MontoNeto').value(row)).toBeNull();
  });

  it('show integers without grouping and export them as numbers', () => {
    const row = rowOf();
    expect(column('Folio').display(row)).toBe('482910');
    expect(column('Folio').csv(row)).toBe(482_910);
    expect(column('IdInstruccion').csv(row)).toBe(4_123_456);
    expect(column('TipoDte').display(row)).toBe('33');
  });
});

describe('RUT columns', () => {
  it('show the creditor RUT dotted and export it with a hyphen only', () => {
    const row = rowOf();
    const rut = column('RutAcreedor');
    expect(rut.display(row)).toBe('76.120.450-5');
    expect(rut.csv(row)).toBe('76120450-5');
    expect(rut.value(row)).toBe('76120450-5');
  });

  it('compute the check digit when the item does not carry it', () => {
    const row = rowOf({ DvDeudor: undefined });
    expect(column('RutDeudor').display(row)).toBe('76.999.999-K');
    expect(column('RutDeudor').csv(row)).toBe('76999999-K');
  });

  it('keep a RUT that is not digits as it came', () => {
    const row = rowOf({ RutAcreedor: 'sin RUT', DvAcreedor: undefined });
    expect(column('RutAcreedor').display(row)).toBe('sin RUT');
    expect(column('RutAcreedor').csv(row)).toBe('sin RUT');
  });
});

describe('date columns', () => {
  it('export YYYY-MM-DD HH:mm (Excel reads it as a date-time) and show dd-mm-aaaa HH:mm when the item had a time', () => {
    const row = rowOf({ FechaCreacion: '11/05/2025 16:29' });
    const fecha = column('FechaCreacion');
    expect(fecha.csv(row)).toBe('2025-11-05 16:29');
    expect(fecha.display(row)).toBe('05-11-2025 16:29');
    expect(fecha.value(row)).toBe('2025-11-05T16:29');
  });

  it('export YYYY-MM-DD and show dd-mm-aaaa when it had no time', () => {
    const row = rowOf({ FechaCreacion: '11/05/2025' });
    expect(column('FechaCreacion').csv(row)).toBe('2025-11-05');
    expect(column('FechaCreacion').display(row)).toBe('05-11-2025');
    const iso = rowOf({ FechaResolucion: '2025-12-01' });
    expect(column('FechaResolucion').csv(iso)).toBe('2025-12-01');
    expect(column('FechaResolucion').display(iso)).toBe('01-12-2025');
  });

  it('keep an unparseable date as its raw text', () => {
    const row = rowOf({ FechaCreacion: 'ayer por la tarde', FechaResolucion: '2023-02-29' });
    expect(column('FechaCreacion').display(row)).toBe('ayer por la tarde');
    expect(column('FechaCreacion').csv(row)).toBe('ayer por la tarde');
    expect(column('FechaCreacion').value(row)).toBeNull();
    expect(column('FechaResolucion').csv(row)).toBe('2023-02-29');
  });

  it('leave a null resolution date empty', () => {
    const row = rowOf({ FechaResolucion: null });
    expect(column('FechaResolucion').display(row)).toBe('');
    expect(column('FechaResolucion').csv(row)).toBeNull();
  });
});

describe('text columns', () => {
  it('export the billing period and the matrix code as given', () => {
    const row = rowOf({ Periodo: '2025-10' });
    expect(column('Periodo').csv(row)).toBe('2025-10');
    expect(column('Periodo').display(row)).toBe('2025-10');
    expect(column('CodigoCuadroPago').csv(row)).toBe('SEN_[PTN_][Oct25][L][V01]');
    const withDay = rowOf({ Periodo: '2025-10-01' });
    expect(column('Periodo').csv(withDay)).toBe('2025-10-01');
  });

  it('keep descriptions with accents, quotes, commas and newlines untouched', () => {
    const text = 'Diferencia de energía en barra Charrúa 500, período 2025-10.\nVer "memoria".';
    const row = rowOf({ Descripcion: text });
    expect(column('Descripcion').display(row)).toBe(text);
    expect(column('Descripcion').csv(row)).toBe(text);
  });

  it('treat empty text as no value', () => {
    const row = rowOf({ Motivo: '' });
    expect(column('Motivo').value(row)).toBeNull();
    expect(column('Motivo').display(row)).toBe('');
  });

  it('read text that arrived as a number as text', () => {
    const row = rowOf({ IdCaso: 12345 });
    expect(column('IdCaso').value(row)).toBe('12345');
    expect(column('IdCaso').csv(row)).toBe('12345');
  });
});

describe('generic columns for unknown fields', () => {
  it('are added by columnsFor after the catalog, labelled with the field name', () => {
    const result = buildRows([
      parsedPage([caseItem({ Observacion: 'x', Prioridad: 3 }), caseItem({ IdCaso: 'B' })]),
    ]);
    expect(result.unknownFields).toEqual(['Observacion', 'Prioridad']);
    const columns = columnsFor(result.unknownFields);
    expect(columns.slice(0, KNOWN_COLUMNS.length)).toEqual([...KNOWN_COLUMNS]);
    const extra = columns.slice(KNOWN_COLUMNS.length);
    expect(extra.map((c) => [c.id, c.label, c.kind, c.visibleByDefault])).toEqual([
      ['Observacion', 'Observacion', 'generic', true],
      ['Prioridad', 'Prioridad', 'generic', true],
    ]);
    const [withFields, without] = result.rows as [CaseRow, CaseRow];
    const [observacion, prioridad] = extra as [ViewColumn, ViewColumn];
    expect(observacion.display(withFields)).toBe('x');
    expect(observacion.csv(withFields)).toBe('x');
    expect(prioridad.csv(withFields)).toBe(3);
    expect(prioridad.value(withFields)).toBe(3);
    expect(prioridad.display(withFields)).toBe('3');
    expect(prioridad.csv(without)).toBeNull();
    expect(prioridad.display(without)).toBe('');
  });

  it('ignore known field names passed as unknown', () => {
    expect(columnsFor(['Estado', 'DvAcreedor', 'Nuevo']).map((c) => c.id)).toEqual([
      ...KNOWN_COLUMNS.map((c) => c.id),
      'Nuevo',
    ]);
  });

  it('show objects and arrays as JSON text, booleans as text', () => {
    const row = rowOf({ Adjuntos: { archivos: ['memoria.pdf'], total: 1 }, Urgente: true });
    const adjuntos = genericColumn('Adjuntos');
    expect(adjuntos.display(row)).toBe('{"archivos":["memoria.pdf"],"total":1}');
    expect(adjuntos.csv(row)).toBe('{"archivos":["memoria.pdf"],"total":1}');
    expect(genericColumn('Urgente').csv(row)).toBe('true');
    expect(genericColumn('Lista').display(rowOf({ Lista: [1, 'dos'] }))).toBe('[1,"dos"]');
  });

  it('keep a numeric string as text (only the contract fields are converted)', () => {
    const row = rowOf({ Codigo: '00123' });
    expect(genericColumn('Codigo').csv(row)).toBe('00123');
  });
});

describe('numeric fields that arrive as text', () => {
  it('fail parsing, so columns never see them', () => {
    const parsed = nonconformityItemSchema.safeParse(caseItem({ MontoNeto: 'mil pesos' }));
    expect(parsed.success).toBe(false);
  });
});
