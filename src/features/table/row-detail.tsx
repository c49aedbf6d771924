// Every field of one case, unknown ones too, whole (the table truncates long text).
import * as Dialog from '@radix-ui/react-dialog';
import type { CaseRow } from '@/features/rows/case-rows';
import { isKnownField, type ViewColumn } from '@/features/view/columns';
import { formatInteger } from '@/lib/format';
import { clipText, valueToText } from '@/lib/text';
import styles from './row-detail.module.css';

/** Characters a field shows here; longer ones are cut, with a note (the CSV has them whole). */
const DETAIL_TEXT_MAX = 20_000;

function FieldText({ text }: { text: string }) {
  if (text === '') return <>—</>;
  if (text.length <= DETAIL_TEXT_MAX) return <>{text}</>;
  return (
    <>
      {clipText(text, DETAIL_TEXT_MAX)}
      <span className="muted">
        {' '}
        (se muestran {formatInteger(DETAIL_TEXT_MAX)} de {formatInteger(text.length)} caracteres; el
        CSV trae el texto completo)
      </span>
    </>
  );
}

/** Where the case sits in the view's order, and the way to its neighbours. */
export interface RowDetailPlace {
  /** 0-based, in the view's order (sorted and filtered). */
  index: number;
  count: number;
  onShow(index: number): void;
}

const PREVIOUS_KEY = 'ArrowUp';
const NEXT_KEY = 'ArrowDown';

export interface RowDetailProps {
  row: CaseRow;
  columns: readonly ViewColumn[];
  /** Null when the case is no longer in the view. */
  place: RowDetailPlace | null;
  /** Where focus goes back on close (the grid or row that opened it). */
  returnFocus: HTMLElement | null;
  onClose(): void;
}

/** The case before or after in the view's order. */
const STEPS = {
  previous: { key: PREVIOUS_KEY, arrow: '↑', label: 'Caso anterior', offset: -1 },
  next: { key: NEXT_KEY, arrow: '↓', label: 'Caso siguiente', offset: 1 },
} as const;

function StepButton({ step, place }: { step: keyof typeof STEPS; place: RowDetailPlace }) {
  const { key, arrow, label, offset } = STEPS[step];
  const target = place.index + offset;
  const possible = target >= 0 && target < place.count;
  // aria-disabled, not disabled: a button that disables itself under the keyboard's focus
  // would drop focus on <body>.
  return (
    <button
      type="button"
      className="button"
      aria-disabled={!possible || undefined}
      aria-keyshortcuts={key}
      title={`${label} (tecla ${arrow})`}
      onClick={() => possible && place.onShow(target)}
    >
      <span aria-hidden="true">{arrow}</span> {label}
    </button>
  );
}

function CaseSteps({ place }: { place: RowDetailPlace }) {
  return (
    <div className={styles.steps}>
      <StepButton step="previous" place={place} />
      <StepButton step="next" place={place} />
      <span className="muted" aria-live="polite">
        {formatInteger(place.index + 1)} de {formatInteger(place.count)}
      </span>
    </div>
  );
}

export default function RowDetail({ row, columns, place, returnFocus, onClose }: RowDetailProps) {
  const known = columns.filter((c) => isKnownField(c.id));
  const shownFields = new Set(known.map((c) => c.id));
  // Check digits show inside the RUT columns; anything else the item carries is listed as it came.
  shownFields.add('DvAcreedor');
  shownFields.add('DvDeudor');
  const others = Object.entries(row.item).filter(([field]) => !shownFields.has(field));
  const title = typeof row.item.IdCaso === 'string' ? `Caso ${row.item.IdCaso}` : 'Caso sin IdCaso';
  return (
    <Dialog.Root open onOpenChange={(open) => !open && onClose()}>
      <Dialog.Portal>
        <Dialog.Overlay className={styles.overlay} />
        <Dialog.Content
          className={styles.panel}
          aria-describedby={undefined}
          // Radix focuses its Trigger on close, and the grid opens this without one: without
          // this, focus falls to <body> and the keyboard user loses their place in the table.
          onCloseAutoFocus={(event) => {
            event.preventDefault();
            if (returnFocus?.isConnected) returnFocus.focus();
          }}
          // The same keys move the active row in the table; the panel still scrolls with
          // the wheel, Page Up and Page Down.
          onKeyDown={(event) => {
            if (!place || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
            const step = event.key === PREVIOUS_KEY ? -1 : event.key === NEXT_KEY ? 1 : 0;
            const next = place.index + step;
            if (step === 0 || next < 0 || next >= place.count) return;
            event.preventDefault();
            place.onShow(next);
          }}
        >
          <div className={styles.header}>
            <Dialog.Title>{title}</Dialog.Title>
            <Dialog.Close className="button" aria-label="Cerrar">
              Cerrar
            </Dialog.Close>
          </div>
          {place && <CaseSteps place={place} />}
          <dl className={styles.list}>
            {known.map((column) => {
              const text = column.display(row);
              return (
                <div key={column.id} className={styles.item}>
                  <dt>{column.label}</dt>
                  <dd className={text ? undefined : 'muted'}>
                    <FieldText text={text} />
                  </dd>
                </div>
              );
            })}
          </dl>
          {others.length > 0 && (
            <>
              <h3 className={styles.subtitle}>Otros campos de la API</h3>
              <dl className={styles.list}>
                {others.map(([field, value]) => (
                  <div key={field} className={styles.item}>
                    <dt className="mono">{field}</dt>
                    <dd>
                      <FieldText text={valueToText(value)} />
                    </dd>
                  </div>
                ))}
              </dl>
            </>
          )}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
