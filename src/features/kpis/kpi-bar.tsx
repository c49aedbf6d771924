import { useMemo } from 'react';
import type { CaseRow } from '@/features/rows/case-rows';
import { computeKpis } from '@/features/view/kpis';
import { formatClp, formatInteger, formatIsoDate } from '@/lib/format';
import styles from './kpi-bar.module.css';

/** Cases, money and open cases of the current view (filters applied); null while loading. */
export function KpiBar({ rows }: { rows: readonly CaseRow[] | null }) {
  const kpis = useMemo(() => (rows ? computeKpis(rows) : null), [rows]);
  if (!kpis) {
    return (
      <section
        className={styles.kpis}
        data-testid="kpis"
        aria-label="Indicadores de la vista"
        aria-busy="true"
      >
        {['Casos', 'Monto neto total', 'Casos abiertos', 'Caso abierto más antiguo'].map(
          (label) => (
            <div key={label} className={styles.kpi}>
              <span className={styles.label}>{label}</span>
              <span className={`${styles.value} muted`} data-testid="kpi-value">
                …
              </span>
              {/* The note line "Casos abiertos" always has: the bar keeps its height. */}
              <span className={styles.note} aria-hidden="true">
                {'\u00a0'}
              </span>
            </div>
          ),
        )}
      </section>
    );
  }
  return (
    <section className={styles.kpis} data-testid="kpis" aria-label="Indicadores de la vista">
      <div className={styles.kpi}>
        <span className={styles.label}>Casos</span>
        <span className={styles.value} data-testid="kpi-value">
          {formatInteger(kpis.cases)}
        </span>
      </div>
      <div className={styles.kpi}>
        <span className={styles.label}>Monto neto total</span>
        <span className={styles.value} data-testid="kpi-value">
          {kpis.totalNet === null ? '—' : formatClp(kpis.totalNet)}
        </span>
      </div>
      <div className={styles.kpi}>
        <span className={styles.label}>Casos abiertos</span>
        <span className={styles.value} data-testid="kpi-value">
          {formatInteger(kpis.open)}
        </span>
        <span className={styles.note}>estado distinto de cerrado o rechazado</span>
      </div>
      <div className={styles.kpi}>
        <span className={styles.label}>Caso abierto más antiguo</span>
        <span className={styles.value} data-testid="kpi-value">
          {kpis.oldestOpen ? formatIsoDate(kpis.oldestOpen.date.slice(0, 10)) : '—'}
        </span>
        {kpis.oldestOpen?.id && <span className={styles.note}>{kpis.oldestOpen.id}</span>}
      </div>
    </section>
  );
}
