import { useMemo } from 'react';
import type { CaseRow } from '@/features/rows/case-rows';
import { computeKpis } from '@/features/view/kpis';
import { formatClp, formatInteger, formatIsoDate } from '@/lib/format';

/** Cases, money and open cases of the current view (filters applied); null while loading. */
export function KpiBar({ rows }: { rows: readonly CaseRow[] | null }) {
  const kpis = useMemo(() => (rows ? computeKpis(rows) : null), [rows]);
  if (!kpis) {
    return (
      <section className="kpis kpis-waiting" aria-label="Indicadores de la vista" aria-busy="true">
        {['Casos', 'Monto neto total', 'Casos abiertos', 'Caso abierto más antiguo'].map(
          (label) => (
            <div key={label} className="kpi">
              <span className="kpi-label">{label}</span>
              <span className="kpi-value muted">…</span>
              {/* The note line "Casos abiertos" always has: the bar keeps its height. */}
              <span className="kpi-note" aria-hidden="true">
                {'\u00a0'}
              </span>
            </div>
          ),
        )}
      </section>
    );
  }
  return (
    <section className="kpis" aria-label="Indicadores de la vista">
      <div className="kpi">
        <span className="kpi-label">Casos</span>
        <span className="kpi-value">{formatInteger(kpis.cases)}</span>
      </div>
      <div className="kpi">
        <span className="kpi-label">Monto neto total</span>
        <span className="kpi-value">{kpis.totalNet === null ? '—' : formatClp(kpis.totalNet)}</span>
      </div>
      <div className="kpi">
        <span className="kpi-label">Casos abiertos</span>
        <span className="kpi-value">{formatInteger(kpis.open)}</span>
        <span className="kpi-note">estado distinto de cerrado o rechazado</span>
      </div>
      <div className="kpi">
        <span className="kpi-label">Caso abierto más antiguo</span>
        <span className="kpi-value">
          {kpis.oldestOpen ? formatIsoDate(kpis.oldestOpen.date.slice(0, 10)) : '—'}
        </span>
        {kpis.oldestOpen?.id && <span className="kpi-note">{kpis.oldestOpen.id}</span>}
      </div>
    </section>
  );
}
