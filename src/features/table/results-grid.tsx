import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import type { CaseRow } from '@/features/view/case-rows';
import { formatClp, formatIsoDate } from '@/lib/format';
import { parseNumeric } from '@/lib/numbers';

const ROW_HEIGHT = 32;

interface Column {
  id: string;
  label: string;
  width: number;
  align?: 'right';
  cell(row: CaseRow): string;
}

const text = (value: unknown) => (value === null || value === undefined ? '' : String(value));

const COLUMNS: Column[] = [
  { id: 'IdCaso', label: 'Caso', width: 150, cell: (r) => text(r.item.IdCaso) },
  {
    id: 'FechaCreacion',
    label: 'Creación',
    width: 160,
    cell: (r) => (r.fechaCreacion ? formatIsoDate(r.fechaCreacion) : text(r.item.FechaCreacion)),
  },
  { id: 'Estado', label: 'Estado', width: 120, cell: (r) => text(r.item.Estado) },
  { id: 'Motivo', label: 'Motivo', width: 220, cell: (r) => text(r.item.Motivo) },
  {
    id: 'RazonSocialAcreedor',
    label: 'Acreedor',
    width: 280,
    cell: (r) => text(r.item.RazonSocialAcreedor),
  },
  {
    id: 'MontoNeto',
    label: 'Monto neto',
    width: 150,
    align: 'right',
    cell: (r) => {
      const amount = parseNumeric(r.item.MontoNeto);
      return amount === null ? text(r.item.MontoNeto) : formatClp(amount);
    },
  },
];

const TEMPLATE = COLUMNS.map((c) => `${c.width}px`).join(' ');

/** The cases read so far, in the API's order; only the visible rows are in the document. */
export function ResultsGrid({ rows }: { rows: readonly CaseRow[] }) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
  });
  return (
    <div
      ref={scroller}
      className="grid-scroller"
      role="grid"
      tabIndex={0}
      aria-label="Disconformidades"
      aria-rowcount={rows.length + 1}
      aria-colcount={COLUMNS.length}
    >
      <div
        className="grid-header"
        role="row"
        aria-rowindex={1}
        style={{ gridTemplateColumns: TEMPLATE }}
      >
        {COLUMNS.map((column) => (
          <div
            key={column.id}
            role="columnheader"
            className={column.align === 'right' ? 'cell-right' : undefined}
          >
            {column.label}
          </div>
        ))}
      </div>
      <div className="grid-body" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((virtual) => {
          const row = rows[virtual.index] as CaseRow;
          return (
            <div
              key={row.key}
              role="row"
              aria-rowindex={virtual.index + 2}
              className="grid-row"
              style={{ gridTemplateColumns: TEMPLATE, transform: `translateY(${virtual.start}px)` }}
            >
              {COLUMNS.map((column) => (
                <div
                  key={column.id}
                  role="gridcell"
                  className={column.align === 'right' ? 'cell-right' : undefined}
                >
                  {column.cell(row)}
                </div>
              ))}
            </div>
          );
        })}
      </div>
    </div>
  );
}
