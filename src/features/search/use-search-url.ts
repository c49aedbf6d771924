// The search as it lives in the URL: read (raw, so bad values stay visible) and written
// with a new history entry per search, so back and forward move between searches.
import { parseAsString, useQueryStates } from 'nuqs';
import { useCallback, useMemo, useState } from 'react';
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
  // Its day is taken when the URL's search changes (a link, back or forward) or a search is
  // pushed, never on a mere render: a sort after midnight must not start another search,
  // billed, under the user's eyes.
  const [resolved, setResolved] = useState(() => ({ raw, day: santiagoToday() }));
  let day = resolved.day;
  if (resolved.raw !== raw) {
    day = santiagoToday();
    setResolved({ raw, day });
  }
  const parsed = useMemo(() => parseSearchParams(raw, day), [raw, day]);
  const pushSearch = useCallback(
    (choice: SearchChoice) => {
      setResolved((current) => ({ ...current, day: santiagoToday() }));
      void setRaw(toSearchParams(choice));
    },
    [setRaw],
  );
  return { raw, parsed, pushSearch };
}
