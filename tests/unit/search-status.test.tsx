// @vitest-environment jsdom
// The notices under a finished search: repeated cases, a moved total, rows that differ
// from the total (items under a total of 0 too), worded for the numbers they carry.
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PageErrorKind } from '@/features/fetching/api/page-error';
import { initialPagingState } from '@/features/fetching/engine/paging-engine';
import type {
  NonconformitiesSearch,
  SearchResult,
} from '@/features/fetching/engine/use-nonconformities-search';
import { SearchStatus } from '@/features/fetching/ui/search-status';
import { pageError } from '../support/fixtures/page-errors';
import { pageData } from '../support/fixtures/rows';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

function finished(result: Partial<SearchResult>): NonconformitiesSearch {
  const noop = () => {};
  return {
    key: 'k',
    result: { total: 50, pageCount: 5, pages: [], totalChanged: null, requests: 5, ...result },
    resultUpdatedAt: Date.now(),
    run: undefined,
    isRunning: false,
    cancel: noop,
    retry: noop,
    refresh: noop,
    answerConfirmation: noop,
  };
}

const notices = () => screen.getAllByRole('status').map((element) => element.textContent);

describe('SearchStatus notices', () => {
  it('one repeated case reads in the singular', () => {
    render(<SearchStatus search={finished({})} uniqueRows={49} duplicates={1} />);
    expect(notices()).toContain('Se descartó 1 caso repetido (el mismo IdCaso en dos páginas).');
  });

  it('several repeated cases read in the plural', () => {
    render(<SearchStatus search={finished({})} uniqueRows={47} duplicates={3} />);
    expect(notices()).toContain(
      'Se descartaron 3 casos repetidos (el mismo IdCaso en dos páginas).',
    );
  });

  it('items under a total of 0 are reported as inconsistent, with the numbers', () => {
    render(<SearchStatus search={finished({ total: 0 })} uniqueRows={10} duplicates={0} />);
    expect(notices()).toContain(
      'Resultado inconsistente: se leyeron 10 casos distintos y la API anunció 0.',
    );
  });
});

describe("SearchStatus: the API's AdditionalInformation", () => {
  it('shows the note as text inside the summary, beside the count', () => {
    const pages = [pageData([], { additionalInformation: '<i>Datos incompletos</i>' })];
    render(<SearchStatus search={finished({ pages })} uniqueRows={50} duplicates={0} />);
    const note = screen.getByTestId('api-notes');
    expect(note.textContent).toBe('Aviso de la API: <i>Datos incompletos</i>');
    expect(note.querySelector('i')).toBeNull();
    expect(screen.getByTestId('summary').contains(note)).toBe(true);
  });

  it('shows nothing when no page has a note', () => {
    render(<SearchStatus search={finished({})} uniqueRows={50} duplicates={0} />);
    expect(screen.queryByTestId('api-notes')).toBeNull();
  });
});

/** A search whose page 0 failed with an error of `kind`; `retry` counts the clicks. */
function failedOnFirstPage(kind: PageErrorKind, retryAt: Date | null = null) {
  const retry = vi.fn();
  const error = pageError(kind, { httpStatus: 200, retryAt });
  const search: NonconformitiesSearch = {
    ...finished({}),
    result: undefined,
    run: {
      paging: { ...initialPagingState(), phase: 'failed', failures: [{ page: 0, error }] },
      requests: 1,
      pendingConfirmation: false,
    },
    retry,
  };
  render(<SearchStatus search={search} uniqueRows={0} duplicates={0} />);
  return retry;
}

describe('SearchStatus retry', () => {
  it('after DO_NOT_RETRY nothing that sends a request is offered, and the message says what to change', () => {
    failedOnFirstPage('stop');
    expect(screen.queryAllByRole('button')).toHaveLength(0);
    expect(screen.getByRole('alert').textContent).toContain('Cambie los datos de la búsqueda');
  });

  it('after WAIT_4_HOURS_BEFORE_RETRY, "Reintentar" is disabled until the time shown', () => {
    vi.useFakeTimers({ now: Date.parse('2026-12-02T12:00:00Z') });
    const retryAt = new Date(Date.parse('2026-12-02T16:00:00Z'));
    const retry = failedOnFirstPage('wait-4-hours', retryAt);
    const waiting = screen.getByRole('button');
    // 16:00 UTC is 13:00 in Santiago (UTC-3 in December).
    expect(waiting.textContent).toBe('Reintentar a partir de las 13:00');
    expect(screen.getByRole('alert').textContent).toContain('a partir de las 13:00');
    expect((waiting as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(waiting);
    expect(retry).not.toHaveBeenCalled();
    act(() => vi.advanceTimersByTime(4 * 3_600_000));
    const ready = screen.getByRole('button', { name: 'Reintentar' });
    expect((ready as HTMLButtonElement).disabled).toBe(false);
    fireEvent.click(ready);
    expect(retry).toHaveBeenCalledTimes(1);
  });

  it('after RETRY_AFTER_NOTIFICATION the button says to act first', () => {
    const retry = failedOnFirstPage('needs-action');
    fireEvent.click(screen.getByRole('button', { name: 'Ya lo resolví: reintentar' }));
    expect(retry).toHaveBeenCalledTimes(1);
    expect(screen.getByRole('alert').textContent).toContain('requiere una acción suya');
  });

  it('a page the browser itself failed to handle offers "Reintentar", and says so', () => {
    const retry = failedOnFirstPage('internal');
    expect(screen.getByRole('alert').textContent).toContain(
      'No se pudo procesar la página en el navegador',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Reintentar' }));
    expect(retry).toHaveBeenCalledTimes(1);
  });

  it('a transient failure offers "Reintentar" at once', () => {
    const retry = failedOnFirstPage('retry');
    fireEvent.click(screen.getByRole('button', { name: 'Reintentar' }));
    expect(retry).toHaveBeenCalledTimes(1);
  });
});

/** 100,000 cases at 200 rows a page: page 0 read, the cost question open. */
function asking(pageSize: { largeRefused?: boolean; rowsPerPage?: number } = {}) {
  const onChoose = vi.fn();
  const answerConfirmation = vi.fn();
  const search: NonconformitiesSearch = {
    ...finished({}),
    result: undefined,
    isRunning: true,
    answerConfirmation,
    run: {
      paging: {
        ...initialPagingState(),
        phase: 'confirming',
        total: 100_000,
        pageCount: 500,
        pendingRequests: 499,
      },
      requests: 1,
      pendingConfirmation: true,
    },
  };
  render(
    <SearchStatus
      search={search}
      uniqueRows={200}
      duplicates={0}
      pageSize={{
        rowsPerPage: pageSize.rowsPerPage ?? 200,
        largeRefused: pageSize.largeRefused ?? false,
        refusedFrom: null,
        onChoose,
      }}
    />,
  );
  return { onChoose, answerConfirmation };
}

describe('SearchStatus cost question', () => {
  it('compares both page sizes and offers the larger one', () => {
    const { onChoose, answerConfirmation } = asking();
    expect(screen.getByTestId('cost-compare').textContent).toBe(
      'Con 200 filas por página: 499 solicitudes más · con 1.000: 100 más.',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Usar 1.000 por página' }));
    expect(onChoose).toHaveBeenCalledWith(1000);
    fireEvent.click(screen.getByRole('button', { name: 'Continuar (200 por página)' }));
    expect(answerConfirmation).toHaveBeenCalledWith(true);
  });

  it('offers nothing more once the upstream refused the larger size', () => {
    asking({ largeRefused: true });
    expect(screen.queryByTestId('cost-compare')).toBeNull();
    expect(screen.getByRole('button', { name: 'Continuar' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: /1\.000/ })).toBeNull();
  });
});
