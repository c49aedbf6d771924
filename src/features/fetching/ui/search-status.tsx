import { useEffect, useReducer, useRef, useState } from 'react';
import noticeStyles from '@/components/notice.module.css';
import {
  describePageError,
  formatSantiagoTime,
  type RetryOffer,
  retryOffer,
} from '@/features/fetching/api/page-error';
import { largerPagesOffer } from '@/features/fetching/engine/page-size';
import type { PagingState } from '@/features/fetching/engine/paging-engine';
import type { NonconformitiesSearch } from '@/features/fetching/engine/use-nonconformities-search';
import type { PageData } from '@/features/rows/page-data';
import { formatAge, formatInteger, formatList } from '@/lib/format';
import { apiNotes } from './api-notes';
import styles from './search-status.module.css';
import { formatTimeLeft, timeLeftMs } from './time-left';

function itemsRead(pages: readonly (PageData | undefined)[]): number {
  let sum = 0;
  for (const page of pages) sum += page?.items.length ?? 0;
  return sum;
}

/** Pages as people count them (the API counts from 0). */
const humanPages = (pages: readonly number[]) => formatList(pages.map((p) => p + 1));

function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

interface PaceMark {
  at: number;
  pages: number;
}

/**
 * "quedan ~12 s" once 3 pages have come, at the pace seen since this progress first showed
 * a page (after any cost question, so the time spent answering it does not count).
 */
function useTimeLeft(pages: number, pageCount: number | null): string | null {
  const [marks, setMarks] = useState<{ first: PaceMark; latest: PaceMark } | null>(null);
  useEffect(() => {
    if (pages < 1) return;
    const latest = { at: Date.now(), pages };
    setMarks((marks) => ({ first: marks?.first ?? latest, latest }));
  }, [pages]);
  if (!marks || pageCount === null) return null;
  const ms = timeLeftMs({
    since: marks.first.at,
    pagesAtSince: marks.first.pages,
    now: marks.latest.at,
    pages: marks.latest.pages,
    pageCount,
  });
  return ms === null ? null : formatTimeLeft(ms);
}

function ProgressBar({ paging, onCancel }: { paging: PagingState; onCancel(): void }) {
  const loaded = itemsRead(paging.pages);
  const total = paging.total;
  const shown = total === null ? loaded : Math.min(loaded, total);
  const timeLeft = useTimeLeft(paging.loadedPages, paging.pageCount);
  const counts =
    total === null
      ? 'Consultando la primera página…'
      : `${formatInteger(shown)} de ${formatInteger(total)}${timeLeft ? ` · ${timeLeft}` : ''}`;
  return (
    <div className={styles.progress}>
      <div
        className={styles.track}
        role="progressbar"
        aria-label="Casos leídos"
        aria-valuemin={0}
        aria-valuenow={total === null ? undefined : shown}
        aria-valuemax={total ?? undefined}
        aria-valuetext={total === null ? 'Consultando la primera página' : counts}
      >
        <div
          className={total === null ? `${styles.fill} ${styles.indeterminate}` : styles.fill}
          // A scale, not a width: it animates on the compositor, without a layout per frame.
          style={
            total === null ? undefined : { transform: `scaleX(${total === 0 ? 1 : shown / total})` }
          }
        />
      </div>
      <span className={styles.progressText} data-testid="progress-text" aria-hidden="true">
        {counts}
      </span>
      <button type="button" className="button" onClick={onCancel}>
        Cancelar
      </button>
    </div>
  );
}

/** The search's page size, and what the cost question may offer instead. */
export interface PageSizeChoice {
  rowsPerPage: number;
  /** The upstream refused the larger size before: it is not offered. */
  largeRefused: boolean;
  /** This search fell back to its size because the upstream refused this larger one. */
  refusedFrom: number | null;
  /** Runs the search again at this size, its cost agreed to. */
  onChoose(rowsPerPage: number): void;
}

function CostQuestion({
  paging,
  pageSize,
  onAnswer,
}: {
  paging: PagingState;
  pageSize: PageSizeChoice | null;
  onAnswer(goOn: boolean): void;
}) {
  const continueButton = useRef<HTMLButtonElement>(null);
  useEffect(() => continueButton.current?.focus(), []);
  const remaining = paging.pendingRequests ?? 0;
  const offer = pageSize
    ? largerPagesOffer(paging.total ?? 0, pageSize.rowsPerPage, remaining, pageSize.largeRefused)
    : null;
  return (
    <div
      className={`${noticeStyles.notice} ${noticeStyles.warning}`}
      role="alertdialog"
      aria-labelledby="cost-title"
      aria-describedby="cost-text"
    >
      <h2 id="cost-title">¿Continuar la búsqueda?</h2>
      {pageSize && offer ? (
        <p id="cost-text">
          Esta búsqueda tiene {formatInteger(paging.total ?? 0)} casos, y cada solicitud a la API se
          cobra.{' '}
          <strong data-testid="cost-compare">
            Con {formatInteger(pageSize.rowsPerPage)} filas por página: {formatInteger(remaining)}{' '}
            solicitudes más · con {formatInteger(offer.rowsPerPage)}:{' '}
            {formatInteger(offer.requests)} más.
          </strong>{' '}
          Con {formatInteger(offer.rowsPerPage)} la búsqueda empieza de nuevo.
        </p>
      ) : (
        <p id="cost-text">
          Esta búsqueda tiene {formatInteger(paging.total ?? 0)} casos: faltan{' '}
          <strong>{formatInteger(remaining)} solicitudes</strong> a la API, y cada una se cobra.
        </p>
      )}
      <div className={styles.actions}>
        <button
          ref={continueButton}
          type="button"
          className="button button-primary"
          onClick={() => onAnswer(true)}
        >
          {pageSize && offer
            ? `Continuar (${formatInteger(pageSize.rowsPerPage)} por página)`
            : 'Continuar'}
        </button>
        {pageSize && offer && (
          <button
            type="button"
            className="button"
            onClick={() => pageSize.onChoose(offer.rowsPerPage)}
          >
            Usar {formatInteger(offer.rowsPerPage)} por página
          </button>
        )}
        <button type="button" className="button" onClick={() => onAnswer(false)}>
          Cancelar
        </button>
      </div>
    </div>
  );
}

/** setTimeout's longest delay (a 32-bit count of ms); a longer wait re-arms on the way. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** True once `at` has come (or for no time), read from the clock at each render. */
function useReached(at: Date | null): boolean {
  const time = at?.getTime() ?? null;
  const [, rerender] = useReducer((count: number) => count + 1, 0);
  useEffect(() => {
    if (time === null) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // A timer may fire a little early: it checks the clock and waits again if so.
    const arm = () => {
      const left = time - Date.now();
      if (left <= 0) rerender();
      else timer = setTimeout(arm, Math.min(left, MAX_TIMER_MS));
    };
    arm();
    return () => clearTimeout(timer);
  }, [time]);
  return time === null || Date.now() >= time;
}

/** "Reintentar" as the failures allow it: every click is billed. */
function RetryButton({ offer, onRetry }: { offer: RetryOffer; onRetry(): void }) {
  const reached = useReached(offer.kind === 'after' ? offer.at : null);
  if (offer.kind === 'none') return null;
  if (offer.kind === 'after' && !reached) {
    return (
      <button type="button" className="button" disabled>
        Reintentar a partir de las {formatSantiagoTime(offer.at)}
      </button>
    );
  }
  return (
    <button type="button" className="button button-primary" onClick={onRetry}>
      {offer.kind === 'after-action' ? 'Ya lo resolví: reintentar' : 'Reintentar'}
    </button>
  );
}

function Outcome({ paging, search }: { paging: PagingState; search: NonconformitiesSearch }) {
  const read = itemsRead(paging.pages);
  const of = paging.total === null ? '' : ` de ${formatInteger(paging.total)}`;
  switch (paging.phase) {
    case 'failed': {
      const failedPages = paging.failures.map((f) => f.page);
      const messages = [...new Set(paging.failures.map((f) => describePageError(f.error)))];
      return (
        <div className={`${noticeStyles.notice} ${noticeStyles.error}`} role="alert">
          <p>
            {paging.total === null
              ? 'No se pudo leer la primera página de la búsqueda.'
              : `Se leyeron ${formatInteger(read)}${of} casos. No se pudo leer ${
                  failedPages.length === 1 ? 'la página' : 'las páginas'
                } ${humanPages(failedPages)}${
                  paging.unrequested.length > 0
                    ? `; ${formatInteger(paging.unrequested.length)} ${
                        paging.unrequested.length === 1 ? 'página quedó' : 'páginas quedaron'
                      } sin pedir`
                    : ''
                }${paging.pageCount ? ` (de ${formatInteger(paging.pageCount)})` : ''}.`}
          </p>
          <ul>
            {messages.map((message) => (
              <li key={message}>{message}</li>
            ))}
          </ul>
          <RetryButton
            offer={retryOffer(paging.failures.map((failure) => failure.error))}
            onRetry={() => search.retry()}
          />
        </div>
      );
    }
    case 'declined':
      return (
        <div className={`${noticeStyles.notice} ${noticeStyles.info}`} role="status">
          <p>
            Búsqueda detenida antes de leerlo todo: se leyeron {formatInteger(read)}
            {of} casos; faltan {formatInteger(paging.unrequested.length)} solicitudes.
          </p>
          <button
            type="button"
            className="button"
            onClick={() => search.retry({ confirmed: true })}
          >
            Cargar el resto
          </button>
        </div>
      );
    case 'cancelled':
      return (
        <div className={`${noticeStyles.notice} ${noticeStyles.info}`} role="status">
          <p>
            Búsqueda cancelada: se leyeron {formatInteger(read)}
            {of} casos.
          </p>
          <button type="button" className="button" onClick={() => search.retry()}>
            Reanudar
          </button>
        </div>
      );
    case 'stopped':
      return (
        <div className={`${noticeStyles.notice} ${noticeStyles.error}`} role="alert">
          <p>
            La API devolvió una página vacía (página {humanPages([paging.emptyPageBeforeEnd ?? 0])})
            antes del final anunciado: el resultado está incompleto, con {formatInteger(read)}
            {of} casos.
          </p>
          <button type="button" className="button" onClick={() => search.refresh()}>
            Volver a consultar
          </button>
        </div>
      );
    default:
      return null;
  }
}

/**
 * The API's own notes (AdditionalInformation), verbatim and as text: they may say the data
 * is incomplete, so they stand beside the count for as long as the result shows.
 */
function ApiNotes({ notes, standalone }: { notes: readonly string[]; standalone: boolean }) {
  if (notes.length === 0) return null;
  return (
    <span
      className={styles.apiNotes}
      data-testid="api-notes"
      // Inside the summary it is part of that status; on its own it is a status of its own.
      role={standalone ? 'status' : undefined}
    >
      <strong>Aviso de la API:</strong> {notes.join(' · ')}
    </span>
  );
}

export interface SearchStatusProps {
  search: NonconformitiesSearch;
  /** Unique rows in the view and items dropped as repeated. */
  uniqueRows: number;
  duplicates: number;
  /** The page size the cost question may offer to change; null offers none. */
  pageSize?: PageSizeChoice | null;
}

export function SearchStatus({
  search,
  uniqueRows,
  duplicates,
  pageSize = null,
}: SearchStatusProps) {
  const now = useNow(30_000);
  const { run, result, isRunning } = search;
  const paging = run?.paging;

  const notes = apiNotes(result?.pages ?? paging?.pages ?? []);
  const summaryShown = Boolean(result && !isRunning);

  const notices: { key: string; text: string }[] = [];
  const total = result?.total ?? paging?.total ?? null;
  const totalChanged = result?.totalChanged ?? paging?.totalChanged ?? null;
  if (totalChanged) {
    notices.push({
      key: 'drift',
      text: `El total cambió mientras se leía (${formatInteger(totalChanged.first)} → ${formatInteger(
        totalChanged.latest,
      )} casos). Vuelva a consultar para tener todos.`,
    });
  }
  if (pageSize?.refusedFrom) {
    notices.push({
      key: 'page-size',
      text: `La API no aceptó ${formatInteger(pageSize.refusedFrom)} filas por página: la búsqueda sigue con ${formatInteger(pageSize.rowsPerPage)}, y no se volverá a ofrecer.`,
    });
  }
  if (duplicates > 0) {
    notices.push({
      key: 'duplicates',
      text: `${
        duplicates === 1
          ? 'Se descartó 1 caso repetido'
          : `Se descartaron ${formatInteger(duplicates)} casos repetidos`
      } (el mismo IdCaso en dos páginas).`,
    });
  }
  if (result && total !== null && uniqueRows !== total) {
    notices.push({
      key: 'count',
      text: `Resultado inconsistente: se leyeron ${formatInteger(uniqueRows)} casos distintos y la API anunció ${formatInteger(total)}.`,
    });
  }

  return (
    <section className={styles.status} aria-label="Estado de la búsqueda">
      {/* Keyed by the search: its time-left estimate starts with it. */}
      {isRunning && paging && paging.phase !== 'confirming' && (
        <ProgressBar key={search.key} paging={paging} onCancel={search.cancel} />
      )}
      {isRunning && paging?.phase === 'confirming' && (
        <CostQuestion
          key={search.key}
          paging={paging}
          pageSize={pageSize}
          onAnswer={search.answerConfirmation}
        />
      )}
      {!isRunning && paging && <Outcome paging={paging} search={search} />}
      {!summaryShown && <ApiNotes notes={notes} standalone />}
      {result && summaryShown && (
        <div className={styles.summary} role="status" data-testid="summary">
          <span>
            <strong>{formatInteger(uniqueRows)}</strong> {uniqueRows === 1 ? 'caso' : 'casos'}
          </span>
          <span className={styles.age}>
            leídos con {formatInteger(result.requests)}{' '}
            {result.requests === 1 ? 'solicitud' : 'solicitudes'} · datos de{' '}
            {formatAge(now - search.resultUpdatedAt)}
          </span>
          <button type="button" className="button" onClick={search.refresh}>
            Actualizar
          </button>
          <ApiNotes notes={notes} standalone={false} />
        </div>
      )}
      {notices.map((notice) => (
        <p
          key={notice.key}
          className={`${noticeStyles.notice} ${noticeStyles.warning}`}
          role="status"
        >
          {notice.text}
        </p>
      ))}
    </section>
  );
}
