// The amount filter's "Mínimo" and "Máximo": read the Chilean way whatever the browser's
// language (a native number input in an English browser drops "1.000.000"'s points), each
// echoing what it understood, or naming what it could not read.
import { type FormEvent, type Ref, useId, useRef, useState } from 'react';
import { formatClp, formatInteger } from '@/lib/format';
import { type NumberInput, readNumberInput } from '@/lib/numbers';
import styles from './column-filter-popover.module.css';

export interface AmountRangeFormProps {
  min: number | null;
  max: number | null;
  onApply(min: number | null, max: number | null): void;
}

const initialText = (value: number | null) => (value === null ? '' : formatInteger(value));

function AmountField({
  label,
  text,
  input,
  error,
  inputRef,
  onChange,
  onBlur,
}: {
  label: string;
  text: string;
  input: NumberInput;
  error: string | null;
  inputRef: Ref<HTMLInputElement>;
  onChange(text: string): void;
  onBlur(): void;
}) {
  const id = useId();
  return (
    <div className={styles.field}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        ref={inputRef}
        type="text"
        inputMode="decimal"
        autoComplete="off"
        placeholder="$1.000.000"
        value={text}
        aria-invalid={error ? true : undefined}
        aria-describedby={`${id}-said`}
        onChange={(event) => onChange(event.target.value)}
        onBlur={onBlur}
      />
      <span id={`${id}-said`} className={error ? styles.error : styles.echo} aria-live="polite">
        {error ?? (input.kind === 'number' ? `= ${formatClp(input.value)}` : '')}
      </span>
    </div>
  );
}

function invalidText(input: NumberInput): string | null {
  return input.kind === 'invalid' ? `«${input.text}» no es un monto válido` : null;
}

export function AmountRangeForm({ min, max, onApply }: AmountRangeFormProps) {
  const [low, setLow] = useState(() => initialText(min));
  const [high, setHigh] = useState(() => initialText(max));
  const [checked, setChecked] = useState(false);
  const lowRef = useRef<HTMLInputElement>(null);
  const highRef = useRef<HTMLInputElement>(null);
  const lowInput = readNumberInput(low);
  const highInput = readNumberInput(high);
  const inverted =
    lowInput.kind === 'number' && highInput.kind === 'number' && lowInput.value > highInput.value;
  // While typing, "1.00" is on its way to "1.000": errors show once the user leaves a field
  // or applies.
  const lowError = checked ? invalidText(lowInput) : null;
  const highError = checked
    ? (invalidText(highInput) ?? (inverted ? 'El máximo es menor que el mínimo' : null))
    : null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setChecked(true);
    if (lowInput.kind === 'invalid') return lowRef.current?.focus();
    if (highInput.kind === 'invalid' || inverted) return highRef.current?.focus();
    onApply(
      lowInput.kind === 'number' ? lowInput.value : null,
      highInput.kind === 'number' ? highInput.value : null,
    );
  };

  return (
    <form className={styles.range} onSubmit={submit} noValidate>
      <AmountField
        label="Mínimo"
        text={low}
        input={lowInput}
        error={lowError}
        inputRef={lowRef}
        onChange={setLow}
        onBlur={() => setChecked(true)}
      />
      <AmountField
        label="Máximo"
        text={high}
        input={highInput}
        error={highError}
        inputRef={highRef}
        onChange={setHigh}
        onBlur={() => setChecked(true)}
      />
      <button type="submit" className="button button-primary">
        Aplicar
      </button>
    </form>
  );
}
