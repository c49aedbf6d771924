import {
  type ColumnSizingState,
  columnResizingFeature,
  columnSizingFeature,
  rowSortingFeature,
  type SortingState,
  tableFeatures,
  useTable,
} from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import {
  type KeyboardEvent,
  memo,
  type ReactNode,
  type Ref,
  useCallback,
  useImperativeHandle,
  useMemo,
  useRef,
  useState,
} from 'react';
import type { CaseRow } from '@/features/rows/case-rows';
import type { ViewColumn } from '@/features/view/columns';
import type { SortEntry } from '@/features/view/view-state';
import { clipText, foldText } from '@/lib/text';
import styles from './cases-table.module.css';
import { loadCaseColumnPinned, saveCaseColumnPinned } from './table-preferences';

export const ROW_HEIGHT = 32;
/** The grid's id: the skip link's target. */
export const GRID_ID = 'tabla-casos';
/** The column that can stay at the left while the table scrolls sideways: the case. */
const PINNABLE_COLUMN = 'IdCaso';
/** Characters a cell (and its tooltip) shows: a one-line cell never needs more. */
const CELL_TEXT_MAX = 1000;
const OVERSCAN = 6;

// TanStack Table owns the columns: headers, sizes, resizing and the sort state (shift-click
// adds a level). The rows come already filtered and sorted from features/view, and the
// body renders only the visible ones: handing 100,000 rows to the table's row models would
// rebuild 100,000 row objects on every sort for nothing (docs/performance.md's measurements).
const features = tableFeatures({ columnSizingFeature, columnResizingFeature, rowSortingFeature });
const NO_DATA: CaseRow[] = [];

// Class lists built once: a visible row renders them on every scroll frame.
const ROW_CLASS = styles.row;
const ACTIVE_ROW_CLASS = `${styles.row} ${styles.rowActive}`;
const CELL_CLASS = styles.cell;
const RIGHT_CELL_CLASS = `${styles.cell} ${styles.cellRight}`;
const PINNED_CELL_CLASS = `${styles.cell} ${styles.pinned}`;
const HEADER_CELL_CLASS = styles.headerCell;
const RIGHT_HEADER_CELL_CLASS = `${styles.headerCell} ${styles.cellRight}`;
const PINNED_HEADER_CELL_CLASS = `${styles.headerCell} ${styles.pinned}`;

function cellClass(column: ViewColumn, pinnedId: string | null): string | undefined {
  if (column.id === pinnedId) return PINNED_CELL_CLASS;
  return column.align === 'right' ? RIGHT_CELL_CLASS : CELL_CLASS;
}

function headerCellClass(column: ViewColumn, pinnedId: string | null): string | undefined {
  if (column.id === pinnedId) return PINNED_HEADER_CELL_CLASS;
  return column.align === 'right' ? RIGHT_HEADER_CELL_CLASS : HEADER_CELL_CLASS;
}
const STATUS_CLASS = {
  open: `${styles.status} ${styles.statusOpen}`,
  review: `${styles.status} ${styles.statusReview}`,
  answered: `${styles.status} ${styles.statusAnswered}`,
  closed: `${styles.status} ${styles.statusClosed}`,
  rejected: `${styles.status} ${styles.statusRejected}`,
  other: styles.status,
};

const statusClasses = new Map<string, string | undefined>();

function statusClass(status: string): string | undefined {
  let known = statusClasses.get(status);
  if (known === undefined) {
    known = statusClassOf(foldText(status));
    if (statusClasses.size < 100) statusClasses.set(status, known);
  }
  return known;
}

function statusClassOf(folded: string): string | undefined {
  if (folded.startsWith('abiert')) return STATUS_CLASS.open;
  if (folded.startsWith('en revision')) return STATUS_CLASS.review;
  if (folded.startsWith('respond')) return STATUS_CLASS.answered;
  if (folded.startsWith('cerrad')) return STATUS_CLASS.closed;
  if (folded.startsWith('rechazad')) return STATUS_CLASS.rejected;
  return STATUS_CLASS.other;
}

interface RowProps {
  row: CaseRow;
  index: number;
  start: number;
  columns: readonly ViewColumn[];
  pinnedId: string | null;
  active: boolean;
  onClick(index: number): void;
}

/** One visible row; only its `transform` changes while scrolling. */
const TableRow = memo(function TableRow({
  row,
  index,
  start,
  columns,
  pinnedId,
  active,
  onClick,
}: RowProps) {
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: the grid handles the keys (arrows, Enter) for its active row
    <div
      id={`caso-${index}`}
      role="row"
      aria-rowindex={index + 2}
      aria-selected={active}
      className={active ? ACTIVE_ROW_CLASS : ROW_CLASS}
      style={{ transform: `translateY(${start}px)` }}
      onClick={() => onClick(index)}
    >
      {columns.map((column) => {
        const text = clipText(column.display(row), CELL_TEXT_MAX);
        return (
          <div
            key={column.id}
            role="gridcell"
            className={cellClass(column, pinnedId)}
            title={text.length > 40 ? text : undefined}
          >
            {column.kind === 'status' && text ? (
              <span className={statusClass(text)} data-testid="status">
                {text}
              </span>
            ) : (
              text
            )}
          </div>
        );
      })}
    </div>
  );
});

/** What the results view asks of the table from outside it. */
export interface CasesTableHandle {
  /** Focuses the grid on its first row, scrolled into view (the skip link). */
  focusFirstRow(): void;
  /** Makes a row the active one, scrolled into view (the detail's previous and next). */
  showRow(index: number): void;
}

function PinButton({ pinned, onToggle }: { pinned: boolean; onToggle(): void }) {
  return (
    <button
      type="button"
      className={pinned ? `${styles.pin} ${styles.pinOn}` : styles.pin}
      aria-pressed={pinned}
      aria-label="Fijar la columna Caso a la izquierda"
      title={
        pinned
          ? 'Columna fija a la izquierda (clic para soltarla)'
          : 'Fijar la columna a la izquierda al desplazarse hacia el lado'
      }
      onClick={onToggle}
    >
      <svg viewBox="0 0 16 16" width="12" height="12" aria-hidden="true">
        <path d="M5 1.5h6l-1 4 2.5 3H8.75V15h-1.5V8.5H3.5L6 5.5z" fill="currentColor" />
      </svg>
    </button>
  );
}

export interface CasesTableProps {
  rows: readonly CaseRow[];
  /** Visible columns, in order. */
  columns: readonly ViewColumn[];
  sort: readonly SortEntry[];
  onSortChange(sort: SortEntry[]): void;
  /** The filter control of a column's header. */
  renderFilter(column: ViewColumn): ReactNode;
  onOpenRow(row: CaseRow): void;
  /** Shown instead of rows when the view is empty. */
  empty: ReactNode;
  /**
   * The first page is on its way: the grid is mounted (and measured) while the request is
   * in flight, with placeholders, so the first rows only add rows when they come.
   */
  busy?: boolean;
  handle?: Ref<CasesTableHandle>;
}

export function CasesTable({
  rows,
  columns: shownColumns,
  sort,
  onSortChange,
  renderFilter,
  onOpenRow,
  empty,
  busy = false,
  handle,
}: CasesTableProps) {
  const [pinned, setPinned] = useState(loadCaseColumnPinned);
  const togglePinned = () => {
    setPinned(!pinned);
    saveCaseColumnPinned(!pinned);
  };
  const pinnable = shownColumns.find((column) => column.id === PINNABLE_COLUMN);
  const pinnedId = pinned && pinnable ? PINNABLE_COLUMN : null;
  // A sticky cell stays in place only from the left edge: the pinned column leads.
  const columns = useMemo(
    () =>
      pinnedId && shownColumns[0]?.id !== pinnedId
        ? [
            ...shownColumns.filter((c) => c.id === pinnedId),
            ...shownColumns.filter((c) => c.id !== pinnedId),
          ]
        : shownColumns,
    [shownColumns, pinnedId],
  );
  const [columnSizing, setColumnSizing] = useState<ColumnSizingState>({});
  const columnDefs = useMemo(
    () =>
      columns.map((column) => ({
        id: column.id,
        accessorFn: (row: CaseRow) => column.value(row),
        header: column.label,
        size: column.width,
        minSize: 60,
        maxSize: 900,
        sortDescFirst: false,
      })),
    [columns],
  );
  const sorting = sort as SortingState;
  const table = useTable({
    features,
    columns: columnDefs,
    data: NO_DATA,
    state: { sorting, columnSizing },
    onSortingChange: (updater) =>
      onSortChange(typeof updater === 'function' ? updater(sorting) : updater),
    onColumnSizingChange: setColumnSizing,
    columnResizeMode: 'onChange',
    manualSorting: true,
    enableMultiSort: true,
  });
  const headers = table.getHeaderGroups()[0]?.headers ?? [];
  const columnById = useMemo(() => new Map(columns.map((c) => [c.id, c])), [columns]);
  const template = headers.map((header) => `${header.getSize()}px`).join(' ');
  // Rows are absolutely positioned, so the body cannot size to them: give it the columns'
  // width, or row borders, hover and the active row's ring stop at the scroller's edge.
  const rowWidth = headers.reduce((sum, header) => sum + header.getSize(), 0);

  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: OVERSCAN,
  });
  const [activeIndex, setActiveIndex] = useState(0);
  const active = Math.min(activeIndex, Math.max(rows.length - 1, 0));

  const moveTo = useCallback(
    (index: number) => {
      const next = Math.max(0, Math.min(index, rows.length - 1));
      setActiveIndex(next);
      virtualizer.scrollToIndex(next, { align: 'auto' });
    },
    [rows.length, virtualizer],
  );

  useImperativeHandle(
    handle,
    () => ({
      focusFirstRow() {
        setActiveIndex(0);
        virtualizer.scrollToIndex(0);
        const grid = scroller.current;
        if (!grid) return;
        grid.scrollLeft = 0;
        grid.scrollIntoView({ block: 'start' });
        grid.focus({ preventScroll: true });
      },
      showRow: moveTo,
    }),
    [moveTo, virtualizer],
  );

  const onClickRow = useCallback(
    (index: number) => {
      setActiveIndex(index);
      const row = rows[index];
      if (row) onOpenRow(row);
    },
    [rows, onOpenRow],
  );

  const pageSize = Math.max(
    1,
    Math.floor((scroller.current?.clientHeight ?? 400) / ROW_HEIGHT) - 1,
  );
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.target !== event.currentTarget || rows.length === 0) return;
    const moves: Record<string, number> = {
      ArrowDown: active + 1,
      ArrowUp: active - 1,
      PageDown: active + pageSize,
      PageUp: active - pageSize,
      Home: 0,
      End: rows.length - 1,
    };
    if (event.key in moves) {
      event.preventDefault();
      moveTo(moves[event.key] as number);
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      const row = rows[active];
      if (row) onOpenRow(row);
    }
  };

  const virtualRows = virtualizer.getVirtualItems();
  // Only a row in the document may be the active descendant: after a scroll by wheel the
  // active row can be virtualized away, and an id that points nowhere confuses readers.
  const activeShown = virtualRows.some((virtual) => virtual.index === active);

  const waiting = busy && rows.length === 0;
  const isEmpty = rows.length === 0 && !waiting;
  const grid = (
    <div
      ref={scroller}
      id={GRID_ID}
      className={isEmpty ? `${styles.scroller} ${styles.scrollerEmpty}` : styles.scroller}
      role="grid"
      tabIndex={0}
      aria-label="Disconformidades"
      aria-rowcount={rows.length + 1}
      aria-colcount={columns.length}
      aria-activedescendant={activeShown ? `caso-${active}` : undefined}
      aria-busy={waiting || undefined}
      onKeyDown={onKeyDown}
      style={{ ['--grid-template' as string]: template }}
    >
      <div className={styles.header} role="row" aria-rowindex={1}>
        {headers.map((header) => {
          const column = columnById.get(header.column.id) as ViewColumn;
          const direction = header.column.getIsSorted();
          const level = sort.length > 1 ? header.column.getSortIndex() + 1 : 0;
          return (
            <div
              key={header.id}
              role="columnheader"
              aria-sort={
                direction === 'asc' ? 'ascending' : direction === 'desc' ? 'descending' : 'none'
              }
              className={headerCellClass(column, pinnedId)}
            >
              <button
                type="button"
                className={styles.headerSort}
                onClick={header.column.getToggleSortingHandler()}
                title="Ordenar (Mayús + clic: agregar un nivel de orden)"
              >
                <span className={styles.headerLabel}>{column.label}</span>
                {direction && (
                  <span className={styles.sortMark} aria-hidden="true">
                    {direction === 'asc' ? '▲' : '▼'}
                    {level > 0 ? level : ''}
                  </span>
                )}
              </button>
              {renderFilter(column)}
              {column === pinnable && <PinButton pinned={pinned} onToggle={togglePinned} />}
              <div
                className={
                  header.column.getIsResizing()
                    ? `${styles.resizer} ${styles.resizing}`
                    : styles.resizer
                }
                data-testid="resizer"
                onMouseDown={header.getResizeHandler()}
                onTouchStart={header.getResizeHandler()}
                onDoubleClick={() => header.column.resetSize()}
                aria-hidden="true"
              />
            </div>
          );
        })}
      </div>
      {waiting && (
        <div className={styles.placeholder} aria-hidden="true">
          {Array.from({ length: 12 }, (_, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: static placeholders
            <div key={i} className={styles.skeletonRow} />
          ))}
        </div>
      )}
      {!isEmpty && !waiting && (
        <div
          className={styles.body}
          style={{ height: virtualizer.getTotalSize(), width: rowWidth }}
        >
          {virtualRows.map((virtual) => {
            const row = rows[virtual.index] as CaseRow;
            return (
              <TableRow
                key={row.key}
                row={row}
                index={virtual.index}
                start={virtual.start}
                columns={columns}
                pinnedId={pinnedId}
                active={virtual.index === active}
                onClick={onClickRow}
              />
            );
          })}
        </div>
      )}
    </div>
  );
  if (!isEmpty) return grid;
  // A grid may own only rows: the message and its button follow it, in the same frame.
  return (
    <div>
      {grid}
      <div className={styles.empty} data-testid="grid-empty">
        {empty}
      </div>
    </div>
  );
}
