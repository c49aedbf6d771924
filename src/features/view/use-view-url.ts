// The view (sort, filters, search, columns) as it lives in the URL, beside the search.
// View changes replace the history entry: back and forward move between searches.
import { parseAsString, useQueryStates } from 'nuqs';
import { useCallback, useMemo } from 'react';
import { parseViewParams, serializeViewState, type ViewState } from './view-state';

const parsers = {
  orden: parseAsString,
  buscar: parseAsString,
  filtros: parseAsString,
  columnas: parseAsString,
};

export function useViewUrl(): [ViewState, (update: (view: ViewState) => ViewState) => void] {
  const [raw, setRaw] = useQueryStates(parsers, { history: 'replace' });
  const { orden, buscar, filtros, columnas } = raw;
  const view = useMemo(
    () => parseViewParams({ orden, buscar, filtros, columnas }),
    [orden, buscar, filtros, columnas],
  );
  const setView = useCallback(
    (update: (view: ViewState) => ViewState) =>
      void setRaw((current) => serializeViewState(update(parseViewParams(current)))),
    [setRaw],
  );
  return [view, setView];
}
