import { type FormEvent, startTransition, useEffect, useId, useRef, useState } from 'react';
import { type FieldErrors, type FieldPath, type Resolver, useForm } from 'react-hook-form';
import { MAX_ROWS_PER_PAGE } from '@/contract/request-limits';
import { santiagoToday } from '@/lib/dates';
import { formatRut } from '@/lib/rut';
import { warmConnections } from '@/lib/warm-connections';
import {
  describeDates,
  describeQuickRange,
  QUICK_RANGES,
  type QuickRangeId,
  quickRangeDates,
} from './quick-ranges';
import {
  choiceOfRecent,
  type RecentSearch,
  recentRangeText,
  recentSearchKey,
  recentSettingsText,
} from './recent-searches';
import styles from './search-form.module.css';
import {
  DEFAULT_CONCURRENCY,
  DEFAULT_ROWS_PER_PAGE,
  invalidDateMessage,
  MAX_CONCURRENCY,
  type ParsedSearch,
  parseSearchParams,
  type RawSearchParams,
  type SearchChoice,
  type SearchField,
  type SearchFieldErrors,
} from './search-params';

/** The form's own strings: an empty `rango` is no quick range. */
type FormValues = Record<SearchField, string>;

const rawOf = (values: FormValues): RawSearchParams => ({
  ...values,
  rango: values.rango === '' ? null : values.rango,
});

/**
 * The form validates exactly as the URL does: one set of rules, in search-params.ts. A
 * resolver of its own, not a schema library's: the rules are already functions.
 */
const resolver: Resolver<FormValues> = async (values) => {
  const parsed = parseSearchParams(rawOf(values));
  if (parsed.status === 'valid') return { values, errors: {} };
  const messages: SearchFieldErrors =
    parsed.status === 'invalid' ? parsed.errors : { rut: 'Ingrese un RUT.' };
  const errors: FieldErrors<FormValues> = {};
  for (const [field, message] of Object.entries(messages)) {
    if (message) errors[field as SearchField] = { type: 'custom', message };
  }
  return { values: {}, errors };
};

/** What the URL holds, as the form shows it: a quick range with the dates it means today. */
function valuesFrom(raw: RawSearchParams, parsed: ParsedSearch): FormValues {
  const dates = parsed.status === 'valid' && parsed.range ? parsed.search : null;
  return {
    rut: raw.rut ?? '',
    desde: dates?.from ?? raw.desde ?? '',
    hasta: dates?.to ?? raw.hasta ?? '',
    rango: raw.rango ?? '',
    filas: raw.filas ?? String(DEFAULT_ROWS_PER_PAGE),
    conc: raw.conc ?? String(DEFAULT_CONCURRENCY),
  };
}

/** "14-11-2019 a 05-11-2025" or "Últimos 12 meses: 04-12-2024 a 03-12-2025". */
const choiceRangeText = ({ search, range }: SearchChoice) =>
  range ? describeQuickRange(range, search) : describeDates(search);

export interface SearchFormProps {
  raw: RawSearchParams;
  parsed: ParsedSearch;
  onSearch(choice: SearchChoice): void;
  recent: readonly RecentSearch[];
  /** The URL's search failed before reading its first page: the form stays open to fix it. */
  firstPageFailed?: boolean;
  costThreshold: number;
  onCostThresholdChange(value: number): void;
}

export function SearchForm({
  raw,
  parsed,
  onSearch,
  recent,
  firstPageFailed = false,
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
    setFocus,
    getValues,
    watch,
    formState: { errors },
  } = useForm<FormValues>({
    resolver,
    defaultValues: valuesFrom(raw, parsed),
    mode: 'onSubmit',
    reValidateMode: 'onChange',
  });
  const [advancedOpen, setAdvancedOpen] = useState(raw.filas !== null || raw.conc !== null);
  // After a search the form folds to one line, so the results start near the top.
  const [folded, setFolded] = useState(parsed.status === 'valid');
  const panelRef = useRef<HTMLElement>(null);
  const changeRef = useRef<HTMLButtonElement>(null);
  /** Where the keyboard goes once the form has folded or unfolded, if it was in the form. */
  const focusAfterToggle = useRef(false);
  const dateInputs = useRef<Partial<Record<'desde' | 'hasta', HTMLInputElement | null>>>({});

  const fold = (next: boolean) => {
    focusAfterToggle.current = panelRef.current?.contains(document.activeElement) ?? false;
    setFolded(next);
  };

  // The URL leads: back, forward or an opened link refill the form, errors included.
  useEffect(() => {
    reset(valuesFrom(raw, parsed));
    if (parsed.status === 'invalid') {
      for (const [field, message] of Object.entries(parsed.errors)) {
        if (message) setError(field as FieldPath<FormValues>, { type: 'url', message });
      }
      if (parsed.errors.filas || parsed.errors.conc) setAdvancedOpen(true);
    }
    const next = parsed.status === 'valid';
    const inside = panelRef.current?.contains(document.activeElement) ?? false;
    setFolded((current) => {
      if (current !== next) focusAfterToggle.current ||= inside;
      return next;
    });
  }, [raw, parsed, reset, setError]);

  useEffect(() => {
    if (!focusAfterToggle.current) return;
    focusAfterToggle.current = false;
    if (folded) changeRef.current?.focus();
    else setFocus('rut');
  }, [folded, setFocus]);

  // The folded line (and its focus) went with the failure: the keyboard goes to the RUT.
  useEffect(() => {
    const lost = document.activeElement === null || document.activeElement === document.body;
    if (firstPageFailed && lost) setFocus('rut');
  }, [firstPageFailed, setFocus]);

  const showErrors = handleSubmit(() => {});
  // A valid form starts its search at once, in the submit event: the form library's
  // asynchronous validation and its re-render would hold the first request ~10 ms. An
  // invalid one goes through it, which shows the messages (and re-checks as they are fixed).
  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    const result = parseSearchParams(rawOf(getValues()));
    // A date typed in part reaches the code as "": say it is not a date, not that it is missing.
    const unreadable = (['desde', 'hasta'] as const).filter(
      (name) => getValues('rango') === '' && dateInputs.current[name]?.validity.badInput,
    );
    if (result.status !== 'valid' || unreadable.length > 0) {
      void showErrors().then(() => {
        for (const name of unreadable) {
          const label = name === 'desde' ? 'Desde' : 'Hasta';
          setError(name, { type: 'badInput', message: invalidDateMessage(label) });
        }
      });
      return;
    }
    run(result);
    // Only when there are some: a state change here renders the form synchronously, in the
    // microtasks between the search's start and its first request leaving.
    if (Object.keys(errors).length > 0) clearErrors();
  };
  const run = (choice: SearchChoice) => {
    onSearch(choice);
    startTransition(() => fold(true));
  };

  const applyRange = (range: QuickRangeId) => {
    const dates = quickRangeDates(range, santiagoToday());
    setValue('desde', dates.from, { shouldValidate: false });
    setValue('hasta', dates.to, { shouldValidate: false });
    setValue('rango', range, { shouldValidate: false });
    if (errors.desde || errors.hasta || errors.rango) clearErrors(['desde', 'hasta', 'rango']);
    // One click: run it at once when the RUT is already good.
    if (parseSearchParams(rawOf(getValues())).status === 'valid') submit();
  };
  const activeRange = watch('rango');
  const today = santiagoToday();

  /** Typing a date leaves the quick range: the dates typed are the search. */
  const dateField = (name: 'desde' | 'hasta') => {
    const { ref, ...rest } = register(name, { onChange: () => setValue('rango', '') });
    return {
      ...rest,
      ref: (element: HTMLInputElement | null) => {
        ref(element);
        dateInputs.current[name] = element;
      },
    };
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

  const shown = parsed.status === 'valid' && folded && !firstPageFailed ? parsed : null;

  return (
    <section
      ref={panelRef}
      className={`${styles.panel} ${shown ? styles.panelFolded : ''}`}
      aria-label="Búsqueda"
    >
      {shown && (
        <div className={styles.folded}>
          <p className={styles.summary}>
            <span className={styles.summaryRut}>{formatRut(shown.search.rut)}</span>
            <span className={styles.summaryRange}>{choiceRangeText(shown)}</span>
          </p>
          <button
            ref={changeRef}
            type="button"
            className="button"
            aria-expanded={false}
            aria-controls={`${id}-body`}
            onClick={() => fold(false)}
          >
            Cambiar
          </button>
        </div>
      )}
      {/* Opened from a search, Escape folds it back as the URL has it: nothing changed. */}
      {/* biome-ignore lint/a11y/noStaticElementInteractions: Escape from any field of the open form folds it; each field keeps its own keys */}
      <div
        className={styles.body}
        id={`${id}-body`}
        hidden={shown !== null}
        onKeyDown={(event) => {
          if (event.key !== 'Escape' || parsed.status !== 'valid' || folded) return;
          reset(valuesFrom(raw, parsed));
          fold(true);
        }}
      >
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
            <input type="date" {...dateField('desde')} {...field('desde')} />
            {errorOf('desde')}
          </div>
          <div className={styles.field}>
            <label htmlFor={`${id}-hasta`}>Hasta</label>
            <input type="date" {...dateField('hasta')} {...field('hasta')} />
            {errorOf('hasta')}
          </div>
          <div className={`${styles.field} ${styles.submit}`}>
            <button type="submit" className="button button-primary">
              Buscar
            </button>
          </div>
        </form>

        <fieldset
          className={styles.quickRanges}
          aria-describedby={field('rango')['aria-describedby']}
        >
          <legend className="visually-hidden">Rangos rápidos</legend>
          {QUICK_RANGES.map((range) => (
            <button
              key={range.id}
              type="button"
              className={styles.chip}
              aria-pressed={activeRange === range.id}
              onClick={() => applyRange(range.id)}
              title={describeDates(quickRangeDates(range.id, today))}
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
        {errorOf('rango')}

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
              {recent.map((entry) => {
                const settings = recentSettingsText(entry, recent);
                return (
                  <li key={recentSearchKey(entry)}>
                    <button
                      type="button"
                      className={styles.recentItem}
                      onClick={() => run(choiceOfRecent(entry, today))}
                      title={
                        entry.range
                          ? describeQuickRange(entry.range, choiceOfRecent(entry, today).search)
                          : undefined
                      }
                    >
                      <span className={styles.recentRut}>{formatRut(entry.rut)}</span>
                      {entry.name && <span className={styles.recentName}>{entry.name}</span>}
                      <span className={styles.recentRange}>{recentRangeText(entry)}</span>
                      {settings && <span className={styles.recentSettings}>{settings}</span>}
                    </button>
                  </li>
                );
              })}
            </ul>
          </nav>
        )}
      </div>
    </section>
  );
}
