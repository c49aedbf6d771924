// Export options: the separator, and the whole search instead of the current view.
import * as Popover from '@radix-ui/react-popover';
import type { CsvSeparator } from './csv-export';

export interface ExportMenuProps {
  anchor: HTMLElement;
  separator: CsvSeparator;
  onSeparatorChange(separator: CsvSeparator): void;
  onExportAll(): void;
  onClose(): void;
}

export default function ExportMenu({
  anchor,
  separator,
  onSeparatorChange,
  onExportAll,
  onClose,
}: ExportMenuProps) {
  return (
    <Popover.Root open onOpenChange={(open) => !open && onClose()}>
      <Popover.Anchor virtualRef={{ current: anchor }} />
      <Popover.Portal>
        <Popover.Content
          className="popover"
          align="end"
          sideOffset={4}
          aria-label="Opciones de exportación"
        >
          <fieldset className="filter-options">
            <legend>Separador</legend>
            <label className="filter-option">
              <input
                type="radio"
                name="csv-separator"
                checked={separator === ';'}
                onChange={() => onSeparatorChange(';')}
              />
              <span>Punto y coma (;), Excel en español</span>
            </label>
            <label className="filter-option">
              <input
                type="radio"
                name="csv-separator"
                checked={separator === ','}
                onChange={() => onSeparatorChange(',')}
              />
              <span>Coma (,)</span>
            </label>
          </fieldset>
          <button type="button" className="button" onClick={onExportAll}>
            Descargar todo (todas las filas y columnas)
          </button>
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}
