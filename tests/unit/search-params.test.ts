import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CONCURRENCY,
  DEFAULT_ROWS_PER_PAGE,
  parseSearchParams,
  type RawSearchParams,
  toSearchParams,
} from '@/features/search/search-params';
import { type SearchInput, searchKey } from '@/features/search-input/search-input';
import { computeDv } from '@/lib/rut';
import { seedSearch } from '../support/fixtures/requests';

const raw = (overrides: Partial<RawSearchParams> = {}): RawSearchParams => ({
  rut: '76999999-K',
  desde: '2024-01-01',
  hasta: '2024-03-31',
  rango: null,
  filas: null,
  conc: null,
  ...overrides,
});

const search = (overrides: Partial<SearchInput> = {}) =>
  seedSearch({
    from: '2024-01-01',
    to: '2024-03-31',
    rowsPerPage: DEFAULT_ROWS_PER_PAGE,
    ...overrides,
  });

const errorsOf = (params: RawSearchParams) => {
  const parsed = parseSearchParams(params);
  if (parsed.status !== 'invalid') throw new Error(`expected invalid, got ${parsed.status}`);
  return parsed.errors;
};

describe('parseSearchParams', () => {
  it('is empty when the URL names no RUT and no dates', () => {
    expect(parseSearchParams(raw({ rut: null, desde: null, hasta: null }))).toEqual({
      status: 'empty',
    });
    // Only display settings in the URL is still no search.
    expect(
      parseSearchParams(raw({ rut: null, desde: null, hasta: null, filas: '500', conc: '2' })),
    ).toEqual({ status: 'empty' });
  });

  it('reads a complete search with the default rows per page and concurrency', () => {
    expect(parseSearchParams(raw())).toEqual({
      status: 'valid',
      search: search(),
      concurrency: DEFAULT_CONCURRENCY,
      range: null,
    });
    expect(DEFAULT_ROWS_PER_PAGE).toBe(200);
    expect(DEFAULT_CONCURRENCY).toBe(4);
  });

  it('reads explicit rows per page and concurrency as numbers', () => {
    expect(parseSearchParams(raw({ filas: '1000', conc: '8' }))).toEqual({
      status: 'valid',
      search: search({ rowsPerPage: 1000 }),
      concurrency: 8,
      range: null,
    });
    expect(parseSearchParams(raw({ filas: '1', conc: '1' }))).toEqual({
      status: 'valid',
      search: search({ rowsPerPage: 1 }),
      concurrency: 1,
      range: null,
    });
  });

  it('accepts the usual RUT spellings and a bare body, computing the check digit', () => {
    for (const rut of ['76.999.999-K', '76999999-k', '76999999K', '76999999', ' 76 999 999-K ']) {
      const parsed = parseSearchParams(raw({ rut }));
      expect(parsed, rut).toMatchObject({
        status: 'valid',
        search: { rut: { body: '76999999', dv: 'K' } },
      });
    }
  });

  it('reports a wrong check digit on the RUT, in Spanish', () => {
    expect(errorsOf(raw({ rut: '76999999-1' }))).toEqual({
      rut: 'El dígito verificador no corresponde al RUT.',
    });
  });

  it('reports a missing or malformed RUT', () => {
    expect(errorsOf(raw({ rut: null }))).toEqual({ rut: 'Ingrese un RUT.' });
    expect(errorsOf(raw({ rut: 'abc' })).rut).toMatch(/^El RUT solo puede tener dígitos/);
    expect(errorsOf(raw({ rut: '12345-6' })).rut).toBe(
      'El RUT debe tener entre 7 y 8 dígitos antes del dígito verificador.',
    );
  });

  it('reports missing dates by their label', () => {
    expect(errorsOf(raw({ desde: null }))).toEqual({ desde: 'Ingrese la fecha «Desde».' });
    expect(errorsOf(raw({ hasta: '' }))).toEqual({ hasta: 'Ingrese la fecha «Hasta».' });
  });

  it('reports impossible or non-ISO dates', () => {
    expect(errorsOf(raw({ desde: '2023-02-29' }))).toEqual({
      desde: '«Desde» no es una fecha válida (dd-mm-aaaa).',
    });
    expect(errorsOf(raw({ hasta: '31/03/2024' }))).toEqual({
      hasta: '«Hasta» no es una fecha válida (dd-mm-aaaa).',
    });
  });

  it('accepts a leap day and a one-day range, but not «Desde» after «Hasta»', () => {
    expect(parseSearchParams(raw({ desde: '2024-02-29', hasta: '2024-02-29' }))).toMatchObject({
      status: 'valid',
      search: { from: '2024-02-29', to: '2024-02-29' },
    });
    expect(errorsOf(raw({ desde: '2024-04-01', hasta: '2024-03-31' }))).toEqual({
      desde: '«Desde» no puede ser posterior a «Hasta».',
    });
  });

  it('rejects rows per page outside 1–1000 or not a whole number', () => {
    for (const filas of ['0', '1001', '-5', '2.5', 'abc', '', '1e3']) {
      expect(errorsOf(raw({ filas })), filas).toEqual({
        filas: 'Filas por página debe ser un número entero entre 1 y 1000.',
      });
    }
  });

  it('rejects a concurrency outside 1–8', () => {
    for (const conc of ['0', '9', 'x', '']) {
      expect(errorsOf(raw({ conc })), conc).toEqual({
        conc: 'Solicitudes simultáneas debe ser un número entero entre 1 y 8.',
      });
    }
  });

  it('reports every bad field at once and leaves the raw values untouched', () => {
    const params = raw({ rut: '1-1', desde: 'ayer', hasta: null, filas: '0', conc: '99' });
    const before = { ...params };
    expect(Object.keys(errorsOf(params)).sort()).toEqual([
      'conc',
      'desde',
      'filas',
      'hasta',
      'rut',
    ]);
    // The URL keeps what the user wrote, so the form can show it next to the error.
    expect(params).toEqual(before);
  });
});

describe('a quick range in the URL (`rango`)', () => {
  const relative = (rango: string, overrides: Partial<RawSearchParams> = {}) =>
    raw({ desde: null, hasta: null, rango, ...overrides });

  it('is resolved to the dates it means on the given day', () => {
    expect(parseSearchParams(relative('12m'), '2025-12-03')).toEqual({
      status: 'valid',
      search: search({ from: '2024-12-04', to: '2025-12-03' }),
      concurrency: DEFAULT_CONCURRENCY,
      range: '12m',
    });
    expect(parseSearchParams(relative('anio'), '2026-01-01')).toMatchObject({
      search: { from: '2026-01-01', to: '2026-01-01' },
      range: 'anio',
    });
  });

  it('is another search, with another key, on another day', () => {
    const monday = parseSearchParams(relative('30d'), '2025-12-01');
    const tuesday = parseSearchParams(relative('30d'), '2025-12-02');
    if (monday.status !== 'valid' || tuesday.status !== 'valid') throw new Error('invalid');
    expect(searchKey(monday.search)).not.toBe(searchKey(tuesday.search));
  });

  it('wins over dates in the same URL, which are then not even checked', () => {
    expect(
      parseSearchParams(relative('2019', { desde: '2020-01-01', hasta: 'ayer' }), '2025-06-30'),
    ).toMatchObject({ status: 'valid', search: { from: '2019-01-01', to: '2025-06-30' } });
  });

  it('an unknown token is an error, whatever the dates say', () => {
    expect(errorsOf(relative('13m', { desde: '2020-01-01', hasta: '2020-02-01' }))).toEqual({
      rango: 'El rango «13m» no existe: use 30d, anio, 12m o 2019.',
    });
    expect(errorsOf(relative(''))).toEqual({
      rango: 'El rango «» no existe: use 30d, anio, 12m o 2019.',
    });
  });

  it('only a range and no RUT is a search with its RUT missing', () => {
    expect(errorsOf(relative('12m', { rut: null }))).toEqual({ rut: 'Ingrese un RUT.' });
  });

  it('is written back as its token, without dates', () => {
    const choice = { search: search(), concurrency: 2, range: '12m' as const };
    expect(toSearchParams(choice)).toEqual({
      rut: '76999999-K',
      desde: null,
      hasta: null,
      rango: '12m',
      filas: null,
      conc: '2',
    });
  });
});

describe('toSearchParams', () => {
  it('writes the RUT as body-hyphen-DV and leaves the defaults out', () => {
    expect(
      toSearchParams({ search: search(), concurrency: DEFAULT_CONCURRENCY, range: null }),
    ).toEqual({
      rut: '76999999-K',
      desde: '2024-01-01',
      hasta: '2024-03-31',
      rango: null,
      filas: null,
      conc: null,
    });
  });

  it('writes non-default rows per page and concurrency as text', () => {
    expect(
      toSearchParams({ search: search({ rowsPerPage: 1000 }), concurrency: 2, range: null }),
    ).toMatchObject({
      filas: '1000',
      conc: '2',
    });
  });
});

describe('URL round trip', () => {
  const dayArb = fc
    .date({
      min: new Date(Date.UTC(2000, 0, 1)),
      max: new Date(Date.UTC(2099, 11, 31)),
      noInvalidDate: true,
    })
    .map((d) => d.toISOString().slice(0, 10));

  const validSearchArb = fc
    .record({
      body: fc.integer({ min: 1_000_000, max: 99_999_999 }).map(String),
      a: dayArb,
      b: dayArb,
      rowsPerPage: fc.integer({ min: 1, max: 1000 }),
      concurrency: fc.integer({ min: 1, max: 8 }),
    })
    .map(({ body, a, b, rowsPerPage, concurrency }) => {
      const [from = a, to = b] = [a, b].sort();
      return {
        search: { rut: { body, dv: computeDv(body) }, from, to, rowsPerPage },
        concurrency,
        range: null,
      };
    });

  it('gives back the same search and concurrency for any valid search', () => {
    fc.assert(
      fc.property(validSearchArb, (choice) => {
        expect(parseSearchParams(toSearchParams(choice))).toEqual({ status: 'valid', ...choice });
      }),
      { numRuns: 500 },
    );
  });
});
