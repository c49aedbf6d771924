// @vitest-environment jsdom
// The view read from the URL keeps each part's object while its value stays the same: the
// rows, columns and charts computed from a part are not computed again for another's change.
import { act, cleanup, renderHook } from '@testing-library/react';
import { type OnUrlUpdateFunction, withNuqsTestingAdapter } from 'nuqs/adapters/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useViewUrl } from '@/features/view/use-view-url';
import { type ColumnFilter, clearFilters, withFilter } from '@/features/view/view-state';

afterEach(cleanup);

const SHARED_LINK =
  '?orden=MontoNeto:desc&buscar=barra&filtros={"Estado":["Abierta"]}&columnas=IdCaso,Estado';

function renderView(searchParams = SHARED_LINK) {
  const onUrlUpdate = vi.fn<OnUrlUpdateFunction>();
  const hook = renderHook(() => useViewUrl(), {
    wrapper: withNuqsTestingAdapter({ searchParams, onUrlUpdate, hasMemory: true }),
  });
  const setView = (...args: Parameters<(typeof hook.result.current)[1]>) =>
    act(async () => hook.result.current[1](...args));
  return { hook, onUrlUpdate, view: () => hook.result.current[0], setView };
}

describe('useViewUrl', () => {
  it('reads a shared link', () => {
    const { view } = renderView();
    expect(view()).toEqual({
      sort: [{ id: 'MontoNeto', desc: true }],
      search: 'barra',
      filters: { Estado: { kind: 'multi', values: ['Abierta'] } },
      columns: ['IdCaso', 'Estado'],
    });
  });

  it('hands out the same view while nothing changes', () => {
    const { hook, view } = renderView();
    const first = view();
    hook.rerender();
    expect(view()).toBe(first);
  });

  it('keeps the other parts’ objects when one part changes', async () => {
    const { view, setView, onUrlUpdate } = renderView();
    const before = view();
    await setView((v) => ({ ...v, sort: [{ id: 'Estado', desc: false }] }));
    const after = view();
    expect(after.sort).toEqual([{ id: 'Estado', desc: false }]);
    expect(after.filters).toBe(before.filters);
    expect(after.columns).toBe(before.columns);
    await vi.waitFor(() => expect(onUrlUpdate).toHaveBeenCalledTimes(1));
    expect(onUrlUpdate.mock.calls[0]?.[0].queryString).toBe(
      '?orden=Estado&buscar=barra&filtros={%22Estado%22:[%22Abierta%22]}&columnas=IdCaso,Estado',
    );
  });

  it('keeps the filters’ object when a filter is set to the value it has', async () => {
    const { view, setView, onUrlUpdate } = renderView();
    const before = view();
    const same: ColumnFilter = { kind: 'multi', values: ['Abierta'] };
    await setView((v) => withFilter(v, 'Estado', same));
    expect(view().filters).toBe(before.filters);
    expect(view()).toBe(before);
    // URL writes are queued: give one the time it would take.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(onUrlUpdate).not.toHaveBeenCalled();
  });

  it('clears the search and filters from the URL, keeping sort and columns', async () => {
    const { view, setView, onUrlUpdate } = renderView();
    const before = view();
    await setView(clearFilters);
    expect(view().search).toBe('');
    expect(view().filters).toEqual({});
    expect(view().sort).toBe(before.sort);
    await vi.waitFor(() => expect(onUrlUpdate).toHaveBeenCalledTimes(1));
    expect(onUrlUpdate.mock.calls[0]?.[0].queryString).toBe(
      '?orden=MontoNeto:desc&columnas=IdCaso,Estado',
    );
  });

  it('reads a broken link as the parts that parse, without throwing', () => {
    const { view } = renderView('?orden=,:desc,Estado:up&filtros={"Estado":&columnas=,,&buscar=');
    expect(view()).toEqual({
      sort: [{ id: 'Estado', desc: false }],
      search: '',
      filters: {},
      columns: null,
    });
  });
});
