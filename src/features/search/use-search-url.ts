// The search as it lives in the URL: read (raw, so bad values stay visible) and written
// with a new history entry per search, so back and forward move between searches.
import { parseAsString, useQueryStates } from 'nuqs';
import { useCallback, useMemo } from 'react';
import type { SearchInput } from '@/features/fetching/search-input';
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
  const [raw, setRaw] = useQueryStates(parsers, { history: 'push' });
  const parsed = useMemo(
    () => parseSearchParams(raw),
    // Primitive deps: the object identity changes on every URL update.
    [raw.rut, raw.desde, raw.hasta, raw.filas, raw.conc],
  );
  const pushSearch = useCallback(
    (search: SearchInput, concurrency: number) => void setRaw(toSearchParams(search, concurrency)),
    [setRaw],
  );
  return { raw, parsed, pushSearch };
}
