// The search as it lives in the URL: read (raw, so bad values stay visible) and written
// with a new history entry per search, so back and forward move between searches.
import { parseAsString, useQueryStates } from 'nuqs';
import { useCallback, useMemo } from 'react';
import { santiagoToday } from '@/lib/dates';
import {
  type ParsedSearch,
  parseSearchParams,
  type RawSearchParams,
  type SearchChoice,
  toSearchParams,
} from './search-params';

const parsers = {
  rut: parseAsString,
  desde: parseAsString,
  hasta: parseAsString,
  rango: parseAsString,
  filas: parseAsString,
  conc: parseAsString,
};

export interface SearchUrl {
  raw: RawSearchParams;
  parsed: ParsedSearch;
  /** Pushes a history entry for this search (the URL then runs it). */
  pushSearch(choice: SearchChoice): void;
}

export function useSearchUrl(): SearchUrl {
  const [state, setRaw] = useQueryStates(parsers, { history: 'push' });
  // Rebuilt from primitives: the state object is new on every URL update.
  const { rut, desde, hasta, rango, filas, conc } = state;
  const raw = useMemo(
    () => ({ rut, desde, hasta, rango, filas, conc }),
    [rut, desde, hasta, rango, filas, conc],
  );
  // A quick range means other dates on another day: the same URL is then another search.
  const today = santiagoToday();
  const parsed = useMemo(() => parseSearchParams(raw, today), [raw, today]);
  const pushSearch = useCallback(
    (choice: SearchChoice) => void setRaw(toSearchParams(choice)),
    [setRaw],
  );
  return { raw, parsed, pushSearch };
}
