// The search as it lives in the URL: read (raw, so bad values stay visible) and written
// with a new history entry per search, so back and forward move between searches.
import { parseAsString, useQueryStates } from 'nuqs';
import { useCallback, useMemo } from 'react';
import type { SearchInput } from '@/features/search-input/search-input';
import {
  type ParsedSearch,
  parseSearchParams,
  type RawSearchParams,
  toSearchParams,
} from './search-params';

const parsers = {
  rut: parseAsString,
  desde: parseAsString,
  hasta: parseAsString,
  filas: parseAsString,
  conc: parseAsString,
};

export interface SearchUrl {
  raw: RawSearchParams;
  parsed: ParsedSearch;
  /** Pushes a history entry for this search (the URL then runs it). */
  pushSearch(search: SearchInput, concurrency: number): void;
}

export function useSearchUrl(): SearchUrl {
  const [state, setRaw] = useQueryStates(parsers, { history: 'push' });
  // Rebuilt from primitives: the state object is new on every URL update.
  const { rut, desde, hasta, filas, conc } = state;
  const raw = useMemo(() => ({ rut, desde, hasta, filas, conc }), [rut, desde, hasta, filas, conc]);
  const parsed = useMemo(() => parseSearchParams(raw), [raw]);
  const pushSearch = useCallback(
    (search: SearchInput, concurrency: number) => void setRaw(toSearchParams(search, concurrency)),
    [setRaw],
  );
  return { raw, parsed, pushSearch };
}
