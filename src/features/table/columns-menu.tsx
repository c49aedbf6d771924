// Show or hide columns; the choice (and its order) goes to the URL.
import { AnchoredPopover } from '@/components/anchored-popover';
import popover from '@/components/anchored-popover.module.css';
import type { ViewColumn } from '@/features/view/columns';

export interface ColumnsMenuProps {
  columns: readonly ViewColumn[];
  visible: readonly ViewColumn[];
  anchor: HTMLElement;
  /** The new visible list in catalog order, or null for the defaults. */
  onChange(visibleIds: string[] | null): void;
  onClose(): void;
}

export default function ColumnsMenu({
  columns,
  visible,
  anchor,
  onChange,
  onClose,
}: ColumnsMenuProps) {
  const shown = new Set(visible.map((c) => c.id));
  const toggle = (id: string) => {
    const next = new Set(shown);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    // Columns keep the catalog's order.
    const ordered = columns.map((c) => c.id).filter((cid) => next.has(cid));
    if (ordered.length > 0) onChange(ordered);
  };
  return (
    <AnchoredPopover anchor={anchor} label="Columnas visibles" align="end" onClose={onClose}>
      <div className={popover.header}>
        <strong>Columnas</strong>
        <button type="button" className="link-button" onClick={() => onChange(null)}>
          Restablecer
        </button>
      </div>
      <fieldset className={popover.options}>
        <legend className="visually-hidden">Columnas visibles</legend>
        {columns.map((column) => (
          <label key={column.id} className={popover.option}>
            <input
              type="checkbox"
              checked={shown.has(column.id)}
              disabled={shown.size === 1 && shown.has(column.id)}
              onChange={() => toggle(column.id)}
            />
            <span className={popover.optionLabel}>{column.label}</span>
          </label>
        ))}
      </fieldset>
    </AnchoredPopover>
  );
}
