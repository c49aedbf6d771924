// @vitest-environment jsdom
// The notices under a finished search: repeated cases, a moved total, rows that differ
// from the total (items under a total of 0 too), worded for the numbers they carry.
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { SearchStatus } from '../../src/features/fetching/search-status';
import type {
  NonconformitiesSearch,
  SearchResult,
} from '../../src/features/fetching/use-nonconformities-search';

afterEach(cleanup);

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
