// The view (sort, filters, search, columns) as it lives in the URL, beside the search.
// View changes replace the history entry: back and forward move between searches.
import { useQueryStates } from 'nuqs';
import { useCallback, useMemo } from 'react';
import { type ViewState, viewFromUrl, viewUrlChanges, viewUrlParsers } from './view-state';

/** The view, each part the same object while its value stays the same, and its setter. */
export function useViewUrl(): [ViewState, (update: (view: ViewState) => ViewState) => void] {
  const [values, setValues] = useQueryStates(viewUrlParsers, { history: 'replace' });
  const { orden, buscar, filtros, columnas } = values;
  const view = useMemo(
    () => viewFromUrl({ orden, buscar, filtros, columnas }),
    [orden, buscar, filtros, columnas],
  );
  const setView = useCallback(
    (update: (view: ViewState) => ViewState) =>
      void setValues((current) => viewUrlChanges(current, update(viewFromUrl(current)))),
    [setValues],
  );
  return [view, setView];
}
