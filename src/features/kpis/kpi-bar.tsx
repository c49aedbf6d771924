import { useMemo } from 'react';
import type { CaseRow } from '@/features/rows/case-rows';
import { computeKpis } from '@/features/view/kpis';
import { type PartialResult, partialText } from '@/features/view/partial-result';
import { formatClp, formatInteger, formatIsoDate } from '@/lib/format';
import styles from './kpi-bar.module.css';

export interface KpiBarProps {
  /** The current view's rows (filters applied); null while loading. */
  rows: readonly CaseRow[] | null;
  /** Set when the rows are only part of the search: every figure then says so. */
  partial?: PartialResult | null;
}

const LABELS = ['Casos', 'Monto neto total', 'Casos abiertos', 'Caso abierto más antiguo'];

function Kpi({
  label,
  value,
  note,
  partial,
  muted = false,
}: {
  label: string;
  value: string;
  note?: string | null;
  partial: PartialResult | null;
  muted?: boolean;
}) {
  return (
    <div className={styles.kpi}>
      <span className={styles.label}>{label}</span>
      <span className={muted ? `${styles.value} muted` : styles.value} data-testid="kpi-value">
        {value}
      </span>
      {note && <span className={styles.note}>{note}</span>}
      {partial && (
        <span className={styles.partial} data-testid="kpi-partial">
          {partialText(partial)}
        </span>
      )}
    </div>
  );
}

/** Cases, money and open cases of the current view. */
export function KpiBar({ rows, partial = null }: KpiBarProps) {
  const kpis = useMemo(() => (rows ? computeKpis(rows) : null), [rows]);
  if (!kpis) {
    return (
      <section
        className={styles.kpis}
        data-testid="kpis"
        aria-label="Indicadores de la vista"
        aria-busy="true"
      >
        {LABELS.map((label) => (
          // The note line "Casos abiertos" always has: the bar keeps its height.
          <Kpi key={label} label={label} value="…" note={'\u00a0'} partial={partial} muted />
        ))}
      </section>
    );
  }
  const [cases, net, open, oldest] = LABELS as [string, string, string, string];
  return (
    <section className={styles.kpis} data-testid="kpis" aria-label="Indicadores de la vista">
      <Kpi label={cases} value={formatInteger(kpis.cases)} partial={partial} />
      <Kpi
        label={net}
        value={kpis.totalNet === null ? '—' : formatClp(kpis.totalNet)}
        partial={partial}
      />
      <Kpi
        label={open}
        value={formatInteger(kpis.open)}
        note="estado distinto de cerrado o rechazado"
        partial={partial}
      />
      <Kpi
        label={oldest}
        value={kpis.oldestOpen ? formatIsoDate(kpis.oldestOpen.date.slice(0, 10)) : '—'}
        note={kpis.oldestOpen?.id}
        partial={partial}
      />
    </section>
  );
}
