import noticeStyles from '@/components/notice.module.css';
import type { PageData } from '@/features/rows/page-data';
import type { SearchInput } from '@/features/search-input/search-input';
import type { SlashOrderDecision } from '@/lib/dates';
import { formatInteger, formatIsoDate } from '@/lib/format';
import { formatRut } from '@/lib/rut';
import { apiNotes } from './api-notes';
import styles from './query-details.module.css';

const SLASH_NOTES: Record<SlashOrderDecision['evidence'], string> = {
  mdy: 'Las fechas con barras se leyeron como mes/día/año (lo indican las fechas no ambiguas).',
  dmy: 'Las fechas con barras se leyeron como día/mes/año (lo indican las fechas no ambiguas).',
  none: 'Ninguna fecha con barras permitió decidir su orden: se asumió mes/día/año, como en la solicitud.',
  conflict:
    'Las fechas con barras no son coherentes entre sí: se usó el orden de la mayoría; revise las fechas.',
};

export interface QueryDetailsProps {
  search: SearchInput;
  pages: readonly (PageData | undefined)[];
  requests: number | null;
  slashOrder: SlashOrderDecision | null;
}

/** What support needs to trace a search: operation ids, the API's notes, the parameters. */
export function QueryDetails({ search, pages, requests, slashOrder }: QueryDetailsProps) {
  const read = pages.filter((page): page is PageData => page !== undefined);
  const notes = apiNotes(read);
  const cached = read.filter((page) => page.fromProxyCache).length;
  return (
    <details className={styles.details}>
      <summary>Detalles de la consulta</summary>
      {notes.length > 0 && (
        <div className={`${noticeStyles.notice} ${noticeStyles.info}`}>
          <h3>Información adicional de la API</h3>
          <ul>
            {notes.map((note) => (
              <li key={note}>{note}</li>
            ))}
          </ul>
        </div>
      )}
      <dl className={styles.grid}>
        <dt>RUT deudor</dt>
        <dd>
          {formatRut(search.rut)} (se envía como «{search.rut.body}»)
        </dd>
        <dt>Rango de creación</dt>
        <dd>
          {formatIsoDate(search.from)} a {formatIsoDate(search.to)}
        </dd>
        <dt>Filas por página</dt>
        <dd>{formatInteger(search.rowsPerPage)}</dd>
        <dt>Páginas leídas</dt>
        <dd>
          {formatInteger(read.length)}
          {cached > 0 ? ` (${formatInteger(cached)} desde la caché del servidor, sin costo)` : ''}
        </dd>
        {requests !== null && (
          <>
            <dt>Solicitudes de este navegador</dt>
            <dd>{formatInteger(requests)}</dd>
          </>
        )}
        {slashOrder && read.length > 0 && (
          <>
            <dt>Fechas</dt>
            <dd>{SLASH_NOTES[slashOrder.evidence]}</dd>
          </>
        )}
      </dl>
      {read.length > 0 && (
        <>
          <h3>OperationId por página</h3>
          <ol className={styles.operationIds} data-testid="operation-ids" start={0}>
            {read.map((page) => (
              <li key={page.page} value={page.page}>
                <span className="mono">Paginas={page.page}</span>{' '}
                <span className="mono">{page.operationId}</span>
              </li>
            ))}
          </ol>
        </>
      )}
    </details>
  );
}
