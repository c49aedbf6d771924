// The charts (a lazy chunk: recharts is large). They read the same filtered rows as the
// table, and a click on a bar sets the matching table filter.
import { memo, useMemo, useState } from 'react';
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
import { ChartFigure, type DataColumn } from './chart-figure';
import styles from './charts-panel.module.css';

export interface ChartsPanelProps {
  rows: readonly CaseRow[];
  filters: Readonly<Record<string, ColumnFilter>>;
  onFilter(columnId: string, filter: ColumnFilter): void;
}

// The page's colour tokens (app.css): SVG presentation attributes take var() as CSS does.
const ACCENT = 'var(--accent)';
const SELECTED = 'var(--chart-selected)';
const MUTED = 'var(--chart-faded)';
const LABEL = 'var(--text-soft)';

// The SVG's description points screen-reader users to the figures in words.
const CHART_DESC = 'Gráfico de barras; «Ver datos» muestra sus cifras en una tabla.';
const TICK = { fontSize: 11, fill: LABEL };

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

const selectedValues = (filter: ColumnFilter | undefined) =>
  new Set(filter?.kind === 'multi' ? filter.values : []);

function Missing({ field }: { field: string }) {
  return (
    <p className={styles.missing}>
      Los casos no traen el campo «{field}»: no hay datos para este gráfico.
    </p>
  );
}

/** Selected bars stand out, the others fade while a selection exists. */
function barFill(selected: boolean, anySelected: boolean): string {
  if (selected) return SELECTED;
  return anySelected ? MUTED : ACCENT;
}

/** A vertical bar chart of case counts, one bar a point, a click picks the point. */
function CountBars<T extends { count: number }>({
  data,
  labelKey,
  fillOf,
  onPick,
  title,
  everyTick = false,
}: {
  data: readonly T[];
  labelKey: keyof T & string;
  /** The drawing's own name (its SVG `<title>`). */
  title: string;
  fillOf(point: T): string;
  onPick(point: T): void;
  everyTick?: boolean;
}) {
  return (
    <ResponsiveContainer width="100%" height={220}>
      <BarChart
        data={data as T[]}
        margin={{ top: 8, right: 8, bottom: 8, left: 0 }}
        title={title}
        desc={CHART_DESC}
      >
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis
          dataKey={labelKey as string}
          tick={TICK}
          {...(everyTick ? { interval: 0 } : { minTickGap: 16 })}
        />
        <YAxis tick={TICK} allowDecimals={false} width={48} />
        <Tooltip formatter={(value) => [formatInteger(Number(value)), 'Casos']} />
        <Bar
          dataKey="count"
          isAnimationActive={false}
          cursor="pointer"
          onClick={(_, index) => {
            const point = data[index];
            if (point) onPick(point);
          }}
        >
          {data.map((point) => (
            <Cell key={String(point[labelKey])} fill={fillOf(point)} />
          ))}
        </Bar>
      </BarChart>
    </ResponsiveContainer>
  );
}

const shortLabel = (text: string, max = 26) =>
  text.length > max ? `${text.slice(0, max - 1)}…` : text;

/** One line per creditor (recharts would wrap long names over each other). */
function CreditorTick({
  x,
  y,
  payload,
}: {
  x?: number | string;
  y?: number | string;
  payload?: { value?: unknown };
}) {
  const name = String(payload?.value ?? '');
  return (
    <text x={x} y={y} dy={4} textAnchor="end" fontSize={11} fill={LABEL}>
      <title>{name}</title>
      {shortLabel(name)}
    </text>
  );
}

// Memoized: a sort re-renders the view, not the charts (their rows and filters are the same).
export default memo(function ChartsPanel({ rows, filters, onFilter }: ChartsPanelProps) {
  const [creditorsBy, setCreditorsBy] = useState<'count' | 'amount'>('count');
  const statuses = useMemo(() => casesByStatus(rows), [rows]);
  const creditors = useMemo(() => topCreditors(rows, creditorsBy), [rows, creditorsBy]);
  const months = useMemo(() => casesPerMonth(rows), [rows]);
  const selectedStatuses = selectedValues(filters.Estado);
  const selectedCreditors = selectedValues(filters.RazonSocialAcreedor);
  const monthFilter = filters.FechaCreacion?.kind === 'date-range' ? filters.FechaCreacion : null;

  const creditorsTitle = 'Principales acreedores';
  return (
    <section className="charts" aria-label="Gráficos">
      <ChartFigure name="estado" title="Casos por estado" data={statuses} columns={STATUS_COLUMNS}>
        {hasField(rows, 'Estado') ? (
          <CountBars
            data={statuses}
            labelKey="label"
            title="Casos por estado"
            everyTick
            fillOf={(point) =>
              barFill(selectedStatuses.has(point.label), selectedStatuses.size > 0)
            }
            onPick={(point) => {
              if (point.label !== OTHERS_LABEL)
                onFilter('Estado', { kind: 'multi', values: [point.label] });
            }}
          />
        ) : (
          <Missing field="Estado" />
        )}
      </ChartFigure>

      <ChartFigure
        name="acreedores"
        title={creditorsTitle}
        caption={`${creditorsTitle}, por ${creditorsBy === 'count' ? 'casos' : 'monto neto'}`}
        data={creditors}
        columns={CREDITOR_COLUMNS}
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
      >
        {hasField(rows, 'RazonSocialAcreedor') ? (
          <ResponsiveContainer width="100%" height={220}>
            <BarChart
              data={creditors}
              layout="vertical"
              margin={{ top: 4, right: 12, bottom: 4, left: 4 }}
              title={creditorsTitle}
              desc={CHART_DESC}
            >
              <CartesianGrid strokeDasharray="3 3" horizontal={false} />
              <XAxis
                type="number"
                dataKey={creditorsBy}
                tick={TICK}
                tickFormatter={(v) =>
                  creditorsBy === 'amount'
                    ? `${formatInteger(Number(v) / 1_000_000)} M`
                    : formatInteger(Number(v))
                }
              />
              <YAxis type="category" dataKey="label" width={175} tick={CreditorTick} interval={0} />
              <Tooltip
                formatter={(value) =>
                  creditorsBy === 'amount'
                    ? [formatClp(Number(value)), 'Monto neto']
                    : [formatInteger(Number(value)), 'Casos']
                }
              />
              <Bar
                dataKey={creditorsBy}
                isAnimationActive={false}
                cursor="pointer"
                onClick={(_, index) => {
                  const label = creditors[index]?.label;
                  if (label) onFilter('RazonSocialAcreedor', { kind: 'multi', values: [label] });
                }}
              >
                {creditors.map((point) => (
                  <Cell
                    key={point.label}
                    fill={barFill(selectedCreditors.has(point.label), selectedCreditors.size > 0)}
                  />
                ))}
              </Bar>
            </BarChart>
          </ResponsiveContainer>
        ) : (
          <Missing field="RazonSocialAcreedor" />
        )}
      </ChartFigure>

      <ChartFigure
        name="meses"
        title="Casos por mes de creación"
        data={months}
        columns={MONTH_COLUMNS}
        wide
      >
        {months.length > 0 ? (
          <CountBars
            data={months}
            labelKey="period"
            title="Casos por mes de creación"
            fillOf={(point) =>
              barFill(
                monthFilter?.from === point.from && monthFilter?.to === point.to,
                monthFilter !== null,
              )
            }
            onPick={(point) =>
              onFilter('FechaCreacion', { kind: 'date-range', from: point.from, to: point.to })
            }
          />
        ) : (
          <Missing field="FechaCreacion" />
        )}
      </ChartFigure>
    </section>
  );
});
