// The charts (a lazy chunk: recharts is large). Each counts the rows of every filter but its
// own column's, so a click on a bar filters the table while the chart keeps its bars: the
// picked one highlighted, the others dimmed. A second click on it removes the filter.
import { memo, type ReactElement, useMemo, useState } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { CaseRow } from '@/features/rows/case-rows';
import type { ColumnFilter } from '@/features/view/view-state';
import { formatClp, formatInteger } from '@/lib/format';
import {
  type CountPoint,
  type CreditorPoint,
  casesByStatus,
  casesPerMonth,
  hasField,
  OTHERS_LABEL,
  type PeriodPoint,
  topCreditors,
} from './aggregations';
import type { ChartColumn, ChartFacets } from './chart-columns';
import { ChartFigure, type DataColumn } from './chart-figure';
import {
  type DayRange,
  describeChartFilter,
  pickRange,
  pickValue,
  rangeSelected,
  selectedValues,
} from './chart-selection';
import styles from './charts-panel.module.css';
import { useDrawTurn } from './use-draw-turn';

export interface ChartsPanelProps {
  /** The rows the view keeps: with none, the charts stay empty (the table says so). */
  rows: readonly CaseRow[];
  /** Every row read: a chart says its field is missing only when no row has it. */
  allRows: readonly CaseRow[];
  /** Each chart's rows (see chart-columns.ts). */
  facets: ChartFacets;
  filters: Readonly<Record<string, ColumnFilter>>;
  onFilter(columnId: string, filter: ColumnFilter | null): void;
  /** Set when the rows are part of a search (e.g. "parcial: 1.800 de 4.575"). */
  partialNote?: string | null;
}

// The page's colour tokens (app.css): SVG presentation attributes take var() as CSS does.
const ACCENT = 'var(--accent)';
const SELECTED = 'var(--chart-selected)';
const MUTED = 'var(--chart-faded)';
const LABEL = 'var(--text-soft)';

// The SVG's description points screen-reader users to the figures in words.
const CHART_DESC = 'Gráfico de barras; «Ver datos» muestra sus cifras en una tabla.';
const FONT_SIZE = 11;
const TICK = { fontSize: FONT_SIZE, fill: LABEL };
// An average character of the axis font, to fit names into the width left for them.
const CHAR_WIDTH = 6.2;
// recharts puts " : " between a figure's name and its value; es-CL writes "Casos: 12".
const TOOLTIP_SEPARATOR = ': ';
const TOOLTIP_STYLE = { fontSize: 12, padding: '4px 8px' };

const casesColumn = <T extends { count: number }>(): DataColumn<T> => ({
  header: 'Casos',
  cell: (point) => formatInteger(point.count),
  numeric: true,
});
const STATUS_COLUMNS: [DataColumn<CountPoint>, DataColumn<CountPoint>] = [
  { header: 'Estado', cell: (point) => point.label },
  casesColumn(),
];
const CREDITOR_COLUMNS: [DataColumn<CreditorPoint>, ...DataColumn<CreditorPoint>[]] = [
  { header: 'Acreedor', cell: (point) => point.label },
  casesColumn(),
  { header: 'Monto neto', cell: (point) => formatClp(point.amount), numeric: true },
];
const MONTH_COLUMNS: [DataColumn<PeriodPoint>, DataColumn<PeriodPoint>] = [
  { header: 'Período', cell: (point) => point.period },
  casesColumn(),
];

const formatCount = (value: unknown) => formatInteger(Number(value));
const formatAmount = (value: unknown) => formatClp(Number(value));
const formatMillions = (value: unknown) => `${formatInteger(Number(value) / 1_000_000)} M`;

function Missing({ field }: { field: string }) {
  return (
    <p className={styles.missing}>
      Los casos no traen el campo «{field}»: no hay datos para este gráfico.
    </p>
  );
}

/** A bar chart's bars as a click picks them: each its own fill, a click handing its point over. */
function pickableBars<T>(
  data: readonly T[],
  keyOf: (point: T) => string,
  fillOf: (point: T) => string,
  onPick: (point: T) => void,
) {
  return {
    cursor: 'pointer',
    onClick: (_: unknown, index: number) => {
      const point = data[index];
      if (point) onPick(point);
    },
    children: data.map((point) => <Cell key={keyOf(point)} fill={fillOf(point)} />),
  };
}

/** Selected bars stand out, the others fade while a selection exists. */
function barFill(selected: boolean, anySelected: boolean): string {
  if (selected) return SELECTED;
  return anySelected ? MUTED : ACCENT;
}

const shortLabel = (text: string, max: number) =>
  text.length > max ? `${text.slice(0, Math.max(1, max - 1))}…` : text;

/** One line per category, cut to fit; the whole name on hover (and in the data table). */
function CategoryTick({
  x,
  y,
  payload,
  maxChars = 26,
}: {
  x?: number | string;
  y?: number | string;
  payload?: { value?: unknown };
  maxChars?: number;
}) {
  const name = String(payload?.value ?? '');
  return (
    <text x={x} y={y} dy={4} textAnchor="end" fontSize={FONT_SIZE} fill={LABEL}>
      <title>{name}</title>
      {shortLabel(name, maxChars)}
    </text>
  );
}

/** The label column's width: the longest name, but never more than ~40% of the chart. */
function labelWidth(labels: readonly string[], chartWidth: number): number {
  const longest = labels.reduce((max, label) => Math.max(max, label.length), 0);
  const wanted = Math.ceil(longest * CHAR_WIDTH) + 10;
  const room = chartWidth > 0 ? Math.round(chartWidth * 0.4) : 170;
  return Math.max(48, Math.min(wanted, room, 180));
}

/** Horizontal bars, one a category (names stay readable at any width); a click picks one. */
function CategoryBars<T extends { label: string }>({
  data,
  valueKey,
  title,
  formatTick,
  formatValue,
  valueName,
  fillOf,
  onPick,
}: {
  data: readonly T[];
  valueKey: keyof T & string;
  /** The drawing's own name (its SVG `<title>`). */
  title: string;
  /** The axis's figures. */
  formatTick(value: unknown): string;
  /** The figure in the tooltip, with its name. */
  formatValue(value: unknown): string;
  valueName: string;
  fillOf(point: T): string;
  onPick(point: T): void;
}) {
  const [width, setWidth] = useState(0);
  const axisWidth = labelWidth(
    data.map((point) => point.label),
    width,
  );
  const maxChars = Math.max(4, Math.floor((axisWidth - 10) / CHAR_WIDTH));
  return (
    <ResponsiveContainer width="100%" height="100%" onResize={(w) => setWidth(w)}>
      <BarChart
        data={data as T[]}
        layout="vertical"
        margin={{ top: 2, right: 14, bottom: 0, left: 4 }}
        title={title}
        desc={CHART_DESC}
      >
        <CartesianGrid strokeDasharray="3 3" horizontal={false} />
        <XAxis
          type="number"
          dataKey={valueKey as string}
          tick={TICK}
          height={20}
          allowDecimals={false}
          tickFormatter={formatTick}
        />
        <YAxis
          type="category"
          dataKey="label"
          width={axisWidth}
          tick={<CategoryTick maxChars={maxChars} />}
          interval={0}
        />
        <Tooltip
          separator={TOOLTIP_SEPARATOR}
          contentStyle={TOOLTIP_STYLE}
          formatter={(value) => [formatValue(value), valueName]}
        />
        <Bar
          dataKey={valueKey as string}
          isAnimationActive={false}
          {...pickableBars(data, (point) => point.label, fillOf, onPick)}
        />
      </BarChart>
    </ResponsiveContainer>
  );
}

/** Vertical bars along time, one a period; a click picks one. */
function PeriodBars({
  data,
  title,
  fillOf,
  onPick,
}: {
  data: readonly PeriodPoint[];
  title: string;
  fillOf(point: PeriodPoint): string;
  onPick(point: PeriodPoint): void;
}) {
  return (
    <ResponsiveContainer width="100%" height="100%">
      <BarChart
        data={data as PeriodPoint[]}
        margin={{ top: 4, right: 8, bottom: 0, left: 0 }}
        title={title}
        desc={CHART_DESC}
      >
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="period" tick={TICK} height={20} minTickGap={16} />
        <YAxis tick={TICK} allowDecimals={false} width={44} tickFormatter={formatCount} />
        <Tooltip
          separator={TOOLTIP_SEPARATOR}
          contentStyle={TOOLTIP_STYLE}
          formatter={(value) => [formatCount(value), 'Casos']}
        />
        <Bar
          dataKey="count"
          isAnimationActive={false}
          {...pickableBars(data, (point) => point.period, fillOf, onPick)}
        />
      </BarChart>
    </ResponsiveContainer>
  );
}

/** The chart's active filter, a button that removes it. */
function FilterMark({ text, onRemove }: { text: string; onRemove(): void }) {
  return (
    // Named by what it shows, then what a press does.
    <button
      type="button"
      className={styles.filterMark}
      aria-label={`Filtro: ${text}, quitar`}
      title={`Quitar el filtro: ${text}`}
      onClick={onRemove}
    >
      <span className={styles.filterText}>Filtro: {text}</span>
      <span aria-hidden="true">×</span>
    </button>
  );
}

/**
 * The line under a chart's title: its own controls (the title's line is full), a partial
 * result's mark and the chart's filter.
 */
function Meta({
  controls,
  partialNote,
  filter,
  nameOf,
  onRemove,
}: {
  controls?: ReactElement;
  partialNote: string | null;
  filter: ColumnFilter | undefined;
  nameOf(filter: ColumnFilter): string;
  onRemove(): void;
}): ReactElement {
  return (
    <>
      {controls}
      {partialNote && <span className={styles.partial}>{partialNote}</span>}
      {filter && <FilterMark text={nameOf(filter)} onRemove={onRemove} />}
    </>
  );
}

/**
 * A chart's drawing, in its turn (use-draw-turn.ts): a note when no row has its field,
 * nothing when no row is left.
 */
function Plot({
  field,
  turn,
  allRows,
  rows,
  children,
}: {
  field: ChartColumn;
  turn: number;
  allRows: readonly CaseRow[];
  rows: readonly CaseRow[];
  children: ReactElement;
}) {
  const drawn = useDrawTurn(turn);
  if (!hasField(allRows, field)) return <Missing field={field} />;
  return rows.length === 0 || !drawn ? null : children;
}

// Memoized: a sort re-renders the view, not the charts (their rows and filters are the same).
export default memo(function ChartsPanel({
  rows,
  allRows,
  facets,
  filters,
  onFilter,
  partialNote = null,
}: ChartsPanelProps) {
  const [creditorsBy, setCreditorsBy] = useState<'count' | 'amount'>('count');
  // With no row left the charts draw nothing: the table says why, once.
  const empty = rows.length === 0;
  const statuses = useMemo(() => (empty ? [] : casesByStatus(facets.Estado)), [empty, facets]);
  const creditors = useMemo(
    () => (empty ? [] : topCreditors(facets.RazonSocialAcreedor, creditorsBy)),
    [empty, facets, creditorsBy],
  );
  const months = useMemo(() => (empty ? [] : casesPerMonth(facets.FechaCreacion)), [empty, facets]);

  const statusFilter = filters.Estado;
  const creditorFilter = filters.RazonSocialAcreedor;
  const monthFilter = filters.FechaCreacion;
  const selectedStatuses = selectedValues(statusFilter);
  const selectedCreditors = selectedValues(creditorFilter);
  const monthLabel = (range: DayRange) =>
    months.find((p) => p.from === range.from && p.to === range.to)?.period ?? null;
  const creditorsTitle = 'Principales acreedores';
  return (
    <>
      <ChartFigure
        name="estado"
        title="Casos por estado"
        data={statuses}
        columns={STATUS_COLUMNS}
        meta={
          <Meta
            partialNote={partialNote}
            filter={statusFilter}
            nameOf={describeChartFilter}
            onRemove={() => onFilter('Estado', null)}
          />
        }
      >
        <Plot field="Estado" turn={1} allRows={allRows} rows={rows}>
          <CategoryBars
            data={statuses}
            valueKey="count"
            title="Casos por estado"
            formatTick={formatCount}
            formatValue={formatCount}
            valueName="Casos"
            fillOf={(point) =>
              barFill(selectedStatuses.has(point.label), selectedStatuses.size > 0)
            }
            onPick={(point) => {
              if (point.label !== OTHERS_LABEL)
                onFilter('Estado', pickValue(statusFilter, point.label));
            }}
          />
        </Plot>
      </ChartFigure>

      <ChartFigure
        name="acreedores"
        title={creditorsTitle}
        caption={`${creditorsTitle}, por ${creditorsBy === 'count' ? 'casos' : 'monto neto'}`}
        data={creditors}
        columns={CREDITOR_COLUMNS}
        meta={
          <Meta
            controls={
              <span className={styles.segmented}>
                <button
                  type="button"
                  aria-pressed={creditorsBy === 'count'}
                  onClick={() => setCreditorsBy('count')}
                >
                  por casos
                </button>
                <button
                  type="button"
                  aria-pressed={creditorsBy === 'amount'}
                  onClick={() => setCreditorsBy('amount')}
                >
                  por monto
                </button>
              </span>
            }
            partialNote={partialNote}
            filter={creditorFilter}
            nameOf={describeChartFilter}
            onRemove={() => onFilter('RazonSocialAcreedor', null)}
          />
        }
      >
        <Plot field="RazonSocialAcreedor" turn={2} allRows={allRows} rows={rows}>
          <CategoryBars
            data={creditors}
            valueKey={creditorsBy}
            title={creditorsTitle}
            formatTick={creditorsBy === 'amount' ? formatMillions : formatCount}
            formatValue={creditorsBy === 'amount' ? formatAmount : formatCount}
            valueName={creditorsBy === 'amount' ? 'Monto neto' : 'Casos'}
            fillOf={(point) =>
              barFill(selectedCreditors.has(point.label), selectedCreditors.size > 0)
            }
            onPick={(point) =>
              onFilter('RazonSocialAcreedor', pickValue(creditorFilter, point.label))
            }
          />
        </Plot>
      </ChartFigure>

      <ChartFigure
        name="meses"
        title="Casos por mes de creación"
        data={months}
        columns={MONTH_COLUMNS}
        meta={
          <Meta
            partialNote={partialNote}
            filter={monthFilter}
            nameOf={(filter) => describeChartFilter(filter, monthLabel)}
            onRemove={() => onFilter('FechaCreacion', null)}
          />
        }
      >
        <Plot field="FechaCreacion" turn={3} allRows={allRows} rows={rows}>
          <PeriodBars
            data={months}
            title="Casos por mes de creación"
            fillOf={(point) =>
              barFill(rangeSelected(monthFilter, point), monthFilter?.kind === 'date-range')
            }
            onPick={(point) => onFilter('FechaCreacion', pickRange(monthFilter, point))}
          />
        </Plot>
      </ChartFigure>
    </>
  );
});
