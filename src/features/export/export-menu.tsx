// Export options: the separator, and the whole search instead of the current view.
import { AnchoredPopover } from '@/components/anchored-popover';
import popover from '@/components/anchored-popover.module.css';
import type { CsvSeparator } from './csv-export';

export interface ExportMenuProps {
  anchor: HTMLElement;
  separator: CsvSeparator;
  onSeparatorChange(separator: CsvSeparator): void;
  onExportAll(): void;
  onClose(): void;
}

const SEPARATORS: readonly { value: CsvSeparator; label: string }[] = [
  { value: ';', label: 'Punto y coma (;), Excel en español' },
  { value: ',', label: 'Coma (,)' },
];

export default function ExportMenu({
  anchor,
  separator,
  onSeparatorChange,
  onExportAll,
  onClose,
}: ExportMenuProps) {
  return (
    <AnchoredPopover anchor={anchor} label="Opciones de exportación" align="end" onClose={onClose}>
      <fieldset className={popover.options}>
        <legend>Separador</legend>
        {SEPARATORS.map(({ value, label }) => (
          <label key={value} className={popover.option}>
            <input
              type="radio"
              name="csv-separator"
              checked={separator === value}
              onChange={() => onSeparatorChange(value)}
            />
            <span>{label}</span>
          </label>
        ))}
      </fieldset>
      <button type="button" className="button" onClick={onExportAll}>
        Descargar todo (todas las filas y columnas)
      </button>
    </AnchoredPopover>
  );
}
