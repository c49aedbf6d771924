import { zodResolver } from '@hookform/resolvers/zod';
import { type FormEvent, useEffect, useId, useMemo, useState } from 'react';
import { type FieldPath, useForm } from 'react-hook-form';
import { z } from 'zod';
import type { SearchInput } from '@/features/search-input/search-input';
import { santiagoToday } from '@/lib/dates';
import { formatIsoDate } from '@/lib/format';
import { formatRut } from '@/lib/rut';
import { warmConnections } from '@/lib/warm-connections';
import { quickRanges } from './quick-ranges';
import type { RecentSearch } from './recent-searches';
import styles from './search-form.module.css';
import {
  DEFAULT_CONCURRENCY,
  DEFAULT_ROWS_PER_PAGE,
  MAX_CONCURRENCY,
  MAX_ROWS_PER_PAGE,
  type ParsedSearch,
  parseSearchParams,
  type RawSearchParams,
  type SearchField,
} from './search-params';

interface FormValues {
  rut: string;
  desde: string;
  hasta: string;
  filas: string;
  conc: string;
}

/** The form validates exactly as the URL does: one set of rules, in search-params.ts. */
const formSchema = z
  .object({
    rut: z.string(),
    desde: z.string(),
    hasta: z.string(),
    filas: z.string(),
    conc: z.string(),
  })
  .superRefine((values, ctx) => {
    const parsed = parseSearchParams(values);
    if (parsed.status === 'valid') return;
    const errors =
      parsed.status === 'invalid'
        ? parsed.errors
        : { rut: 'Ingrese un RUT.' as string | undefined };
    for (const [field, message] of Object.entries(errors)) {
      if (message) ctx.addIssue({ code: 'custom', path: [field], message });
    }
  });

function valuesFrom(raw: RawSearchParams): FormValues {
  return {
    rut: raw.rut ?? '',
    desde: raw.desde ?? '',
    hasta: raw.hasta ?? '',
    filas: raw.filas ?? String(DEFAULT_ROWS_PER_PAGE),
    conc: raw.conc ?? String(DEFAULT_CONCURRENCY),
  };
}

export interface SearchFormProps {
  raw: RawSearchParams;
  parsed: ParsedSearch;
  onSearch(search: SearchInput, concurrency: number): void;
  recent: readonly RecentSearch[];
  costThreshold: number;
  onCostThresholdChange(value: number): void;
}

export function SearchForm({
  raw,
  parsed,
  onSearch,
  recent,
  costThreshold,
  onCostThresholdChange,
}: SearchFormProps) {
  const id = useId();
  const {
    register,
    handleSubmit,
    reset,
    setError,
    clearErrors,
    setValue,
    getValues,
    formState: { errors },
  } = useForm<FormValues>({
    resolver: zodResolver(formSchema),
    defaultValues: valuesFrom(raw),
    mode: 'onSubmit',
    reValidateMode: 'onChange',
  });
  const [advancedOpen, setAdvancedOpen] = useState(raw.filas !== null || raw.conc !== null);

  // The URL leads: back, forward or an opened link refill the form, errors included.
  useEffect(() => {
    reset(valuesFrom(raw));
    if (parsed.status === 'invalid') {
      for (const [field, message] of Object.entries(parsed.errors)) {
        if (message) setError(field as FieldPath<FormValues>, { type: 'url', message });
      }
      if (parsed.errors.filas || parsed.errors.conc) setAdvancedOpen(true);
    }
  }, [raw, parsed, reset, setError]);

  const showErrors = handleSubmit(() => {});
  // A valid form starts its search at once, in the submit event: the form library's
  // asynchronous validation and its re-render would hold the first request ~10 ms. An
  // invalid one goes through it, which shows the messages (and re-checks as they are fixed).
  const submit = (event?: FormEvent) => {
    const result = parseSearchParams(getValues());
    if (result.status !== 'valid') return showErrors(event);
    event?.preventDefault();
    onSearch(result.search, result.concurrency);
    // Only when there are some: a state change here renders the form synchronously, in the
    // microtasks between the search's start and its first request leaving.
    if (Object.keys(errors).length > 0) clearErrors();
  };

  const ranges = useMemo(() => quickRanges(santiagoToday()), []);
  const applyRange = (from: string, to: string) => {
    setValue('desde', from, { shouldValidate: false });
    setValue('hasta', to, { shouldValidate: false });
    // One click: run it at once when the RUT is already good.
    if (parseSearchParams(getValues()).status === 'valid') submit();
  };

  const field = (name: SearchField) => ({
    id: `${id}-${name}`,
    'aria-invalid': errors[name] ? true : undefined,
    'aria-describedby': errors[name] ? `${id}-${name}-error` : undefined,
  });
  const errorOf = (name: SearchField) =>
    errors[name]?.message ? (
      <p className={styles.error} id={`${id}-${name}-error`}>
        {errors[name]?.message}
      </p>
    ) : null;

  return (
    <section className={styles.panel} aria-label="Búsqueda">
      {/* A user typing in the form is about to search: the connections its pages need open
          now (not on a button's focus: its click submits at once, and would queue behind). */}
      <form
        className={styles.form}
        onSubmit={submit}
        onFocus={(event) => {
          if (event.target instanceof HTMLInputElement) warmConnections();
        }}
        noValidate
      >
        <div className={`${styles.field} ${styles.rut}`}>
          <label htmlFor={`${id}-rut`}>RUT deudor</label>
          <input
            {...register('rut')}
            {...field('rut')}
            placeholder="76.999.999-K"
            autoComplete="off"
            spellCheck={false}
            inputMode="text"
          />
          {errorOf('rut')}
        </div>
        <div className={styles.field}>
          <label htmlFor={`${id}-desde`}>Desde</label>
          <input type="date" {...register('desde')} {...field('desde')} />
          {errorOf('desde')}
        </div>
        <div className={styles.field}>
          <label htmlFor={`${id}-hasta`}>Hasta</label>
          <input type="date" {...register('hasta')} {...field('hasta')} />
          {errorOf('hasta')}
        </div>
        <div className={`${styles.field} ${styles.submit}`}>
          <button type="submit" className="button button-primary">
            Buscar
          </button>
        </div>
      </form>

      <fieldset className={styles.quickRanges}>
        <legend className="visually-hidden">Rangos rápidos</legend>
        {ranges.map((range) => (
          <button
            key={range.id}
            type="button"
            className={styles.chip}
            onClick={() => applyRange(range.from, range.to)}
            title={`${formatIsoDate(range.from)} a ${formatIsoDate(range.to)}`}
          >
            {range.label}
          </button>
        ))}
        <button
          type="button"
          className="link-button"
          aria-expanded={advancedOpen}
          aria-controls={`${id}-advanced`}
          onClick={() => setAdvancedOpen((open) => !open)}
        >
          {advancedOpen ? 'Ocultar opciones avanzadas' : 'Opciones avanzadas'}
        </button>
      </fieldset>

      <div className={styles.advanced} id={`${id}-advanced`} hidden={!advancedOpen}>
        <div className={styles.field}>
          <label htmlFor={`${id}-filas`}>Filas por página</label>
          <input
            type="number"
            min={1}
            max={MAX_ROWS_PER_PAGE}
            {...register('filas')}
            {...field('filas')}
          />
          {errorOf('filas')}
        </div>
        <div className={styles.field}>
          <label htmlFor={`${id}-conc`}>Solicitudes simultáneas</label>
          <input
            type="number"
            min={1}
            max={MAX_CONCURRENCY}
            {...register('conc')}
            {...field('conc')}
          />
          {errorOf('conc')}
        </div>
        <div className={styles.field}>
          <label htmlFor={`${id}-cost`}>Confirmar si faltan más de</label>
          <div className={styles.inputSuffix}>
            <input
              id={`${id}-cost`}
              type="number"
              min={0}
              value={costThreshold}
              onChange={(event) => {
                const value = Number(event.target.value);
                if (Number.isInteger(value) && value >= 0) onCostThresholdChange(value);
              }}
            />
            <span>solicitudes</span>
          </div>
        </div>
      </div>

      {recent.length > 0 && (
        <nav className={styles.recent} aria-label="Búsquedas recientes">
          <h2>Búsquedas recientes</h2>
          <ul>
            {recent.map((entry) => (
              <li key={`${entry.rut.body}|${entry.from}|${entry.to}|${entry.rowsPerPage}`}>
                <button
                  type="button"
                  className={styles.recentItem}
                  onClick={() =>
                    onSearch(
                      {
                        rut: entry.rut,
                        from: entry.from,
                        to: entry.to,
                        rowsPerPage: entry.rowsPerPage,
                      },
                      DEFAULT_CONCURRENCY,
                    )
                  }
                >
                  <span className={styles.recentRut}>{formatRut(entry.rut)}</span>
                  {entry.name && <span className={styles.recentName}>{entry.name}</span>}
                  <span className={styles.recentRange}>
                    {formatIsoDate(entry.from)} – {formatIsoDate(entry.to)}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </nav>
      )}
    </section>
  );
}
