// The filter of one column, by its type: text contains, multi-select, amount or date range.

import { type FormEvent, useMemo, useState } from 'react';
import { AnchoredPopover } from '@/components/anchored-popover';
import popover from '@/components/anchored-popover.module.css';
import type { CaseRow } from '@/features/rows/case-rows';
import type { ViewColumn } from '@/features/view/columns';
import { facetValues } from '@/features/view/facets';
import type { ColumnFilter } from '@/features/view/view-state';
import { formatInteger } from '@/lib/format';
import { foldText } from '@/lib/text';
import { AmountRangeForm } from './amount-range-form';
import styles from './column-filter-popover.module.css';

export interface ColumnFilterPopoverProps {
  column: ViewColumn;
  /** All rows of the search: the choices of a multi-select. */
  rows: readonly CaseRow[];
  filter: ColumnFilter | undefined;
  anchor: HTMLElement;
  onChange(filter: ColumnFilter | null): void;
  onClose(): void;
}

function MultiFilter({
  column,
  rows,
  filter,
  onChange,
}: Omit<ColumnFilterPopoverProps, 'anchor' | 'onClose'>) {
  const facets = useMemo(() => facetValues(rows, column), [rows, column]);
  const [query, setQuery] = useState('');
  const selected = new Set(filter?.kind === 'multi' ? filter.values : []);
  const shown = query ? facets.filter((f) => foldText(f.value).includes(foldText(query))) : facets;
  const toggle = (value: string) => {
    const next = new Set(selected);
    if (next.has(value)) next.delete(value);
    else next.add(value);
    onChange(next.size > 0 ? { kind: 'multi', values: [...next] } : null);
  };
  return (
    <div>
      {facets.length > 8 && (
        <input
          type="search"
          placeholder="Buscar valor…"
          aria-label={`Buscar en los valores de ${column.label}`}
          value={query}
          onChange={(event) => setQuery(event.target.value)}
        />
      )}
      <fieldset className={popover.options}>
        <legend className="visually-hidden">{column.label}</legend>
        {shown.map((facet) => (
          <label key={facet.value} className={popover.option}>
            <input
              type="checkbox"
              checked={selected.has(facet.value)}
              onChange={() => toggle(facet.value)}
            />
            <span className={popover.optionLabel}>{facet.value}</span>
            <span className="muted">{formatInteger(facet.count)}</span>
          </label>
        ))}
        {shown.length === 0 && <p className="muted">Sin valores.</p>}
      </fieldset>
    </div>
  );
}

function DateRangeFilter({
  filter,
  onChange,
}: Omit<ColumnFilterPopoverProps, 'anchor' | 'onClose' | 'rows' | 'column'>) {
  const [low, setLow] = useState(filter?.kind === 'date-range' ? (filter.from ?? '') : '');
  const [high, setHigh] = useState(filter?.kind === 'date-range' ? (filter.to ?? '') : '');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onChange({ kind: 'date-range', from: low || null, to: high || null });
  };
  return (
    <form className={styles.range} onSubmit={submit}>
      <label>
        Desde
        <input type="date" value={low} onChange={(e) => setLow(e.target.value)} />
      </label>
      <label>
        Hasta
        <input type="date" value={high} onChange={(e) => setHigh(e.target.value)} />
      </label>
      <button type="submit" className="button button-primary">
        Aplicar
      </button>
    </form>
  );
}

function TextFilter({
  column,
  filter,
  onChange,
}: Omit<ColumnFilterPopoverProps, 'anchor' | 'onClose' | 'rows'>) {
  const [text, setText] = useState(filter?.kind === 'text' ? filter.contains : '');
  return (
    <form
      className={styles.text}
      onSubmit={(event) => {
        event.preventDefault();
        onChange(text.trim() ? { kind: 'text', contains: text } : null);
      }}
    >
      <label>
        Contiene
        <input
          type="search"
          value={text}
          onChange={(event) => setText(event.target.value)}
          aria-label={`${column.label} contiene`}
        />
      </label>
      <button type="submit" className="button button-primary">
        Aplicar
      </button>
    </form>
  );
}

export default function ColumnFilterPopover(props: ColumnFilterPopoverProps) {
  const { column, filter, anchor, onChange, onClose } = props;
  return (
    <AnchoredPopover anchor={anchor} label={`Filtro de ${column.label}`} onClose={onClose}>
      <div className={popover.header}>
        <strong>Filtrar: {column.label}</strong>
        {filter && (
          <button type="button" className="link-button" onClick={() => onChange(null)}>
            Quitar filtro
          </button>
        )}
      </div>
      {column.filter === 'multi' ? (
        <MultiFilter {...props} />
      ) : column.filter === 'text' ? (
        <TextFilter column={column} filter={filter} onChange={onChange} />
      ) : column.filter === 'amount-range' ? (
        <AmountRangeForm
          min={filter?.kind === 'amount-range' ? filter.min : null}
          max={filter?.kind === 'amount-range' ? filter.max : null}
          onApply={(min, max) => onChange({ kind: 'amount-range', min, max })}
        />
      ) : (
        <DateRangeFilter filter={filter} onChange={onChange} />
      )}
    </AnchoredPopover>
  );
}
