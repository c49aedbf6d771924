// The column catalog: how each field of a case is read (sorting, filtering), shown (the
// table, es-CL) and exported (CSV, unformatted). Known fields have Spanish labels; every
// unknown field an item carries gets a generic column, so nothing is ever dropped.
import { KNOWN_ITEM_FIELDS } from '@/contract/item-fields';
import type { CaseRow } from '@/features/rows/case-rows';
import { type CsvCell, csvDateTime } from '@/lib/csv';
import { formatClp, formatIsoDate } from '@/lib/format';
import { parseNumeric } from '@/lib/numbers';
import { formatRut, rutFromParts, rutWithHyphen } from '@/lib/rut';
import { valueToText } from '@/lib/text';

export type ColumnKind =
  | 'text'
  | 'status'
  | 'category'
  | 'amount'
  | 'integer'
  | 'date'
  | 'rut'
  | 'generic';
export type FilterKind = 'text' | 'multi' | 'amount-range' | 'date-range';

export interface ViewColumn {
  id: string;
  /** Spanish header (table and CSV). */
  label: string;
  kind: ColumnKind;
  filter: FilterKind;
  /** Default width, px. */
  width: number;
  align: 'left' | 'right';
  visibleByDefault: boolean;
  /** The underlying value: sorting, filtering, charts. */
  value(row: CaseRow): string | number | null;
  /** What a cell shows. */
  display(row: CaseRow): string;
  /** The CSV cell: numbers stay numbers, dates `2025-11-05 16:29`, RUTs `76120450-5`. */
  csv(row: CaseRow): CsvCell;
}

const raw = (row: CaseRow, field: string): unknown => (row.item as Record<string, unknown>)[field];

function textColumn(
  id: string,
  label: string,
  options: Partial<Pick<ViewColumn, 'kind' | 'filter' | 'width' | 'visibleByDefault'>> = {},
): ViewColumn {
  const value = (row: CaseRow) => {
    const v = raw(row, id);
    return v === null || v === undefined || v === '' ? null : valueToText(v);
  };
  return {
    id,
    label,
    kind: options.kind ?? 'text',
    filter: options.filter ?? 'text',
    width: options.width ?? 160,
    align: 'left',
    visibleByDefault: options.visibleByDefault ?? true,
    value,
    display: (row) => value(row) ?? '',
    csv: value,
  };
}

function numberColumn(
  id: string,
  label: string,
  kind: 'amount' | 'integer',
  options: Partial<Pick<ViewColumn, 'width' | 'visibleByDefault'>> = {},
): ViewColumn {
  const value = (row: CaseRow) => parseNumeric(raw(row, id));
  // A value that is not a number (the API sent text) is kept and shown as it came.
  const fallback = (row: CaseRow) => valueToText(raw(row, id));
  return {
    id,
    label,
    kind,
    filter: kind === 'amount' ? 'amount-range' : 'text',
    width: options.width ?? (kind === 'amount' ? 155 : 100),
    align: 'right',
    visibleByDefault: options.visibleByDefault ?? true,
    value,
    display: (row) => {
      const n = value(row);
      if (n === null) return fallback(row);
      return kind === 'amount' ? formatClp(n) : String(n);
    },
    csv: (row) => value(row) ?? (fallback(row) || null),
  };
}

function dateColumn(
  id: 'FechaCreacion' | 'FechaResolucion',
  label: string,
  normalized: (row: CaseRow) => string | null,
  options: Partial<Pick<ViewColumn, 'width' | 'visibleByDefault'>> = {},
): ViewColumn {
  const fallback = (row: CaseRow) => valueToText(raw(row, id));
  return {
    id,
    label,
    kind: 'date',
    filter: 'date-range',
    width: options.width ?? 140,
    align: 'left',
    visibleByDefault: options.visibleByDefault ?? true,
    value: normalized,
    display: (row) => {
      const iso = normalized(row);
      return iso === null ? fallback(row) : formatIsoDate(iso);
    },
    csv: (row) => {
      const iso = normalized(row);
      return iso === null ? fallback(row) || null : csvDateTime(iso);
    },
  };
}

function rutColumn(
  id: 'RutAcreedor' | 'RutDeudor',
  dvField: 'DvAcreedor' | 'DvDeudor',
  label: string,
  visibleByDefault: boolean,
): ViewColumn {
  // A search has a few distinct counterparts and up to 100,000 rows: format each RUT once.
  const forms = new Map<string, { hyphen: string; shown: string } | null>();
  const formsOf = (row: CaseRow) => {
    const body = raw(row, id);
    const dv = raw(row, dvField);
    const key = `${String(body)}|${String(dv)}`;
    let form = forms.get(key);
    if (form === undefined) {
      const rut = rutFromParts(body, dv);
      form = rut ? { hyphen: rutWithHyphen(rut), shown: formatRut(rut) } : null;
      if (forms.size < 10_000) forms.set(key, form);
    }
    return form;
  };
  const fallback = (row: CaseRow) => valueToText(raw(row, id));
  const hyphenated = (row: CaseRow) => formsOf(row)?.hyphen ?? (fallback(row) || null);
  return {
    id,
    label,
    kind: 'rut',
    filter: 'text',
    width: 130,
    align: 'left',
    visibleByDefault,
    value: hyphenated,
    display: (row) => formsOf(row)?.shown ?? fallback(row),
    csv: hyphenated,
  };
}

/** Known fields, in the table's default order. */
export const KNOWN_COLUMNS: readonly ViewColumn[] = [
  textColumn('IdCaso', 'Caso', { width: 150 }),
  dateColumn('FechaCreacion', 'Creación', (row) => row.fechaCreacion, { width: 150 }),
  textColumn('Estado', 'Estado', { kind: 'status', filter: 'multi', width: 120 }),
  textColumn('Motivo', 'Motivo', { kind: 'category', filter: 'multi', width: 200 }),
  textColumn('RazonSocialAcreedor', 'Acreedor', { kind: 'category', filter: 'multi', width: 250 }),
  rutColumn('RutAcreedor', 'DvAcreedor', 'RUT acreedor', false),
  numberColumn('MontoNeto', 'Monto neto', 'amount'),
  numberColumn('MontoBruto', 'Monto bruto', 'amount', { visibleByDefault: false }),
  textColumn('Periodo', 'Período', { width: 100 }),
  textColumn('CodigoCuadroPago', 'Cuadro de pago', { width: 210, visibleByDefault: false }),
  numberColumn('IdInstruccion', 'Instrucción', 'integer', { visibleByDefault: false }),
  numberColumn('TipoDte', 'Tipo DTE', 'integer', { width: 90, visibleByDefault: false }),
  numberColumn('Folio', 'Folio', 'integer', { visibleByDefault: false }),
  textColumn('Descripcion', 'Descripción', { width: 340 }),
  dateColumn('FechaResolucion', 'Resolución', (row) => row.fechaResolucion, { width: 120 }),
  textColumn('RazonSocialDeudor', 'Deudor', { width: 250, visibleByDefault: false }),
  rutColumn('RutDeudor', 'DvDeudor', 'RUT deudor', false),
];

/** Fields the known columns already show (check digits live in the RUT columns). */
const KNOWN_FIELD_SET = new Set<string>(KNOWN_ITEM_FIELDS);

export function isKnownField(field: string): boolean {
  return KNOWN_FIELD_SET.has(field);
}

/** A column for a field nobody published: shown as it came, numbers kept as numbers. */
export function genericColumn(field: string): ViewColumn {
  const value = (row: CaseRow) => {
    const v = raw(row, field);
    if (v === null || v === undefined || v === '') return null;
    return typeof v === 'number' ? v : valueToText(v);
  };
  return {
    id: field,
    label: field,
    kind: 'generic',
    filter: 'text',
    width: 160,
    align: 'left',
    visibleByDefault: true,
    value,
    display: (row) => {
      const v = value(row);
      return typeof v === 'number' ? String(v) : (v ?? '');
    },
    csv: value,
  };
}

/** The columns of a search: the catalog, then one generic column per unknown field. */
export function columnsFor(unknownFields: readonly string[]): ViewColumn[] {
  return [...KNOWN_COLUMNS, ...unknownFields.filter((f) => !isKnownField(f)).map(genericColumn)];
}
