import { describe, expect, it } from 'vitest';
import { ERROR_TYPES, errorEnvelope, isKnownErrorType } from '@/contract/errors';
import { nonconformityItemSchema } from '@/contract/item';
import { KNOWN_ITEM_FIELDS } from '@/contract/item-fields';
import { NONCONFORMITIES_PATH } from '@/contract/paths';
import { CALLBACK_URL_MAX_LENGTH, type RutForm, validateRequest } from '@/contract/request';
import { MAX_ROWS_PER_PAGE } from '@/contract/request-limits';
import { parseResponseEnvelope, responseEnvelopeSchema } from '@/contract/response';
import { SEED_RESPONSE } from '../support/fixtures/pages';
import { requestBody, SEED_REQUEST } from '../support/fixtures/requests';

const ENVELOPE_ERROR_PREFIX = 'La respuesta de la API no tiene la forma esperada';

type Json = Record<string, unknown>;

function problemOf(body: unknown, form: RutForm = 'body') {
  const result = validateRequest(body, form);
  if (result.ok) throw new Error(`expected a problem, got ${JSON.stringify(result.value)}`);
  return result.problem;
}

function validOf(body: unknown, form: RutForm = 'body') {
  const result = validateRequest(body, form);
  if (!result.ok) throw new Error(`expected a valid request, got ${JSON.stringify(result)}`);
  return result.value;
}

function seedResponse(): Json {
  return JSON.parse(SEED_RESPONSE) as Json;
}

function envelopeWithList(list: unknown): Json {
  return { ...seedResponse(), Data: { NonconformitiesList: list } };
}

function envelopeWithItems(items: unknown[]): Json {
  return envelopeWithList({ TotalDisconformidades: items.length, Disconformidades: items });
}

function failureOf(body: unknown): string {
  const result = parseResponseEnvelope(body);
  if (result.ok) throw new Error(`expected a failure, got ${JSON.stringify(result.value)}`);
  return result.message;
}

describe('request constants', () => {
  it('match the published contract', () => {
    expect(NONCONFORMITIES_PATH).toBe('/v1/cl/services/cenhub.cl/hub/nonconformities-list');
    expect(CALLBACK_URL_MAX_LENGTH).toBe(255);
    expect(MAX_ROWS_PER_PAGE).toBe(1000);
  });
});

describe('validateRequest: valid requests', () => {
  it('accepts the published example request', () => {
    expect(validateRequest(JSON.parse(SEED_REQUEST), 'body')).toEqual({
      ok: true,
      value: {
        from: '2019-11-14',
        to: '2025-11-05',
        rut: { body: '76999999', dv: 'K' },
        rowsPerPage: 200,
        page: 0,
        callbackUrl: undefined,
        accountCredential: undefined,
      },
    });
  });

  it('accepts the example in the "any" form too (a bare body is a body)', () => {
    expect(validOf(JSON.parse(SEED_REQUEST), 'any').rut).toEqual({ body: '76999999', dv: 'K' });
  });

  it('accepts a 7-digit body and computes its check digit', () => {
    expect(validOf(requestBody({ RutDeudor: '7699999' })).rut).toEqual({
      body: '7699999',
      dv: '6',
    });
  });

  it('accepts the same from and to date', () => {
    const value = validOf(
      requestBody({
        FechaCreacionDelCasoDesde: '02/29/2024',
        FechaCreacionDelCasoHasta: '02/29/2024',
      }),
    );
    expect(value.from).toBe('2024-02-29');
    expect(value.to).toBe('2024-02-29');
  });

  it('accepts Filas 1 and 1000 and any non-negative page', () => {
    expect(validOf(requestBody({ Filas: '1000' })).rowsPerPage).toBe(1000);
    expect(validOf(requestBody({ Filas: '1' })).rowsPerPage).toBe(1);
    expect(validOf(requestBody({ Paginas: '22' })).page).toBe(22);
  });

  it('keeps a CallbackUrl of up to 255 characters and an AccountCredential object', () => {
    const url = `https://my-api.example/${'a'.repeat(255 - 'https://my-api.example/'.length)}`;
    expect(url).toHaveLength(255);
    const value = validOf(requestBody({}, { CallbackUrl: url, AccountCredential: { user: 'u' } }));
    expect(value.callbackUrl).toBe(url);
    expect(value.accountCredential).toEqual({ user: 'u' });
  });
});

describe('validateRequest: problems', () => {
  it('P001 when the body is not an object', () => {
    for (const body of [null, undefined, 'x', 42, [], [JSON.parse(SEED_REQUEST)]]) {
      expect(problemOf(body).code).toBe('P001');
    }
  });

  it('P001 when RequestData is missing, naming it', () => {
    const problem = problemOf({ CallbackUrl: 'https://x.example/cb' });
    expect(problem.code).toBe('P001');
    expect(problem.description).toContain('RequestData');
    expect(problemOf({ RequestData: null }).code).toBe('P001');
  });

  it('P002 when RequestData is not an object', () => {
    expect(problemOf({ RequestData: 'x' }).code).toBe('P002');
    expect(problemOf({ RequestData: [] }).code).toBe('P002');
  });

  const FIELDS = [
    'FechaCreacionDelCasoDesde',
    'FechaCreacionDelCasoHasta',
    'RutDeudor',
    'Filas',
    'Paginas',
  ];

  it.each(FIELDS)('P001 naming %s when it is missing, null or empty', (field) => {
    for (const missing of [undefined, null, '']) {
      const problem = problemOf(requestBody({ [field]: missing }));
      expect(problem.code).toBe('P001');
      expect(problem.description).toContain(field);
      expect(problem.description).toMatch(/^Falta el campo obligatorio/);
    }
  });

  it.each(FIELDS)('P002 naming %s when it is a number instead of text', (field) => {
    const problem = problemOf(requestBody({ [field]: 200 }));
    expect(problem.code).toBe('P002');
    expect(problem.description).toContain(field);
    expect(problem.description).toContain('texto');
  });

  it('P002 for a date not in MM/DD/YYYY', () => {
    for (const date of ['2019-11-14', '1/2/2024', '11/14/19', '14.11.2019']) {
      const problem = problemOf(requestBody({ FechaCreacionDelCasoDesde: date }));
      expect(problem.code).toBe('P002');
      expect(problem.description).toContain('FechaCreacionDelCasoDesde');
      expect(problem.description).toContain('MM/DD/YYYY');
    }
    const problem = problemOf(requestBody({ FechaCreacionDelCasoHasta: '2025-11-05' }));
    expect(problem.code).toBe('P002');
    expect(problem.description).toContain('FechaCreacionDelCasoHasta');
  });

  it('E402 for an impossible date, naming the field', () => {
    const from = problemOf(requestBody({ FechaCreacionDelCasoDesde: '02/30/2024' }));
    expect(from.code).toBe('E402');
    expect(from.description).toContain('FechaCreacionDelCasoDesde');
    const to = problemOf(requestBody({ FechaCreacionDelCasoHasta: '02/29/2023' }));
    expect(to.code).toBe('E402');
    expect(to.description).toContain('FechaCreacionDelCasoHasta');
    expect(problemOf(requestBody({ FechaCreacionDelCasoHasta: '13/01/2024' })).code).toBe('E402');
  });

  it('E403 when Desde is after Hasta, naming both', () => {
    const problem = problemOf(
      requestBody({
        FechaCreacionDelCasoDesde: '11/05/2025',
        FechaCreacionDelCasoHasta: '11/04/2025',
      }),
    );
    expect(problem.code).toBe('E403');
    expect(problem.description).toContain('FechaCreacionDelCasoDesde');
    expect(problem.description).toContain('FechaCreacionDelCasoHasta');
    // Compared as dates, not as the MM/DD/YYYY text ("01/01/2025" < "12/31/2024" as text).
    expect(
      problemOf(
        requestBody({
          FechaCreacionDelCasoDesde: '01/01/2025',
          FechaCreacionDelCasoHasta: '12/31/2024',
        }),
      ).code,
    ).toBe('E403');
    expect(
      validOf(
        requestBody({
          FechaCreacionDelCasoDesde: '12/31/2024',
          FechaCreacionDelCasoHasta: '01/01/2025',
        }),
      ).from,
    ).toBe('2024-12-31');
  });

  it('E401 for RUT bodies that are too short or long in the body form', () => {
    for (const rut of ['123456', '123456789', 'abc', '7699999-6']) {
      const problem = problemOf(requestBody({ RutDeudor: rut }));
      expect(problem.code).toBe('E401');
      expect(problem.description).toContain('RutDeudor');
    }
  });

  it('body form: body only; body-dv form: body and check digit together', () => {
    expect(problemOf(requestBody({ RutDeudor: '76999999K' }), 'body').code).toBe('E401');
    expect(validOf(requestBody({ RutDeudor: '76999999K' }), 'body-dv').rut).toEqual({
      body: '76999999',
      dv: 'K',
    });
    expect(validOf(requestBody({ RutDeudor: '965057609' }), 'body-dv').rut).toEqual({
      body: '96505760',
      dv: '9',
    });
  });

  it('body-dv form rejects a wrong check digit or a missing one', () => {
    const wrong = problemOf(requestBody({ RutDeudor: '769999991' }), 'body-dv');
    expect(wrong.code).toBe('E401');
    expect(wrong.description).toContain('RutDeudor');
    expect(problemOf(requestBody({ RutDeudor: '76999999' }), 'body-dv').code).toBe('E401');
    expect(problemOf(requestBody({ RutDeudor: '76999999-K' }), 'body-dv').code).toBe('E401');
  });

  it('accepts "76.999.999-K" only in the any form', () => {
    const body = requestBody({ RutDeudor: '76.999.999-K' });
    expect(problemOf(body, 'body').code).toBe('E401');
    expect(problemOf(body, 'body-dv').code).toBe('E401');
    expect(validOf(body, 'any').rut).toEqual({ body: '76999999', dv: 'K' });
    expect(validOf(requestBody({ RutDeudor: '76999999-k' }), 'any').rut).toEqual({
      body: '76999999',
      dv: 'K',
    });
  });

  it('any form rejects a wrong check digit with E401', () => {
    const problem = problemOf(requestBody({ RutDeudor: '76.999.999-1' }), 'any');
    expect(problem.code).toBe('E401');
    expect(problem.description).toContain('RutDeudor');
  });

  it.each(['0', '1001', 'abc', '2.5', '-1', ' 200', '1e3'])('P003 for Filas %j', (filas) => {
    const problem = problemOf(requestBody({ Filas: filas }));
    expect(problem.code).toBe('P003');
    expect(problem.description).toContain('Filas');
  });

  it.each(['-1', 'abc', '1.5', '99999999999999999999'])('P003 for Paginas %j', (paginas) => {
    const problem = problemOf(requestBody({ Paginas: paginas }));
    expect(problem.code).toBe('P003');
    expect(problem.description).toContain('Paginas');
  });

  it('P002 for a CallbackUrl over 255 characters or not text', () => {
    const long = problemOf(requestBody({}, { CallbackUrl: `https://${'a'.repeat(248)}` }));
    expect(`https://${'a'.repeat(248)}`).toHaveLength(256);
    expect(long.code).toBe('P002');
    expect(long.description).toContain('CallbackUrl');
    expect(problemOf(requestBody({}, { CallbackUrl: 5 })).code).toBe('P002');
    expect(problemOf(requestBody({}, { CallbackUrl: null })).code).toBe('P002');
  });

  it('P002 for an AccountCredential that is not an object', () => {
    for (const credential of ['x', 5, null, ['u']]) {
      const problem = problemOf(requestBody({}, { AccountCredential: credential }));
      expect(problem.code).toBe('P002');
      expect(problem.description).toContain('AccountCredential');
    }
  });

  it('describes every problem in Spanish', () => {
    const problems = [
      problemOf(null),
      problemOf(requestBody({ Filas: undefined })),
      problemOf(requestBody({ FechaCreacionDelCasoDesde: '02/30/2024' })),
      problemOf(requestBody({ Filas: '0' })),
    ];
    expect(problems.map((p) => p.description)).toEqual([
      expect.stringContaining('debe ser un objeto'),
      expect.stringContaining('Falta'),
      expect.stringContaining('no es una fecha válida'),
      expect.stringContaining('entre 1 y 1000'),
    ]);
  });
});

describe('parseResponseEnvelope: valid envelopes', () => {
  it('parses the published example response', () => {
    const result = parseResponseEnvelope(JSON.parse(SEED_RESPONSE));
    expect(result).toEqual({
      ok: true,
      value: {
        OperationId: '6baf6c19-e485-463b-ae24-a821b025c8a4',
        Status: 'OK',
        Data: { NonconformitiesList: { TotalDisconformidades: 4575, Disconformidades: [] } },
        AdditionalInformation: null,
        Error: null,
        LifeSpan: null,
      },
    });
  });

  it('reads missing AdditionalInformation, Error and LifeSpan as null', () => {
    const envelope = seedResponse();
    delete envelope.AdditionalInformation;
    delete envelope.Error;
    delete envelope.LifeSpan;
    const result = parseResponseEnvelope(envelope);
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.value.AdditionalInformation).toBeNull();
      expect(result.value.Error).toBeNull();
      expect(result.value.LifeSpan).toBeNull();
      expect(result.value.Data?.NonconformitiesList.TotalDisconformidades).toBe(4575);
    }
  });

  it('keeps AdditionalInformation and LifeSpan text (asynchronous answer)', () => {
    const result = parseResponseEnvelope({
      ...seedResponse(),
      Data: null,
      AdditionalInformation: 'Data is incomplete',
      LifeSpan: '2025-11-05T12:00:00Z',
    });
    expect(result).toMatchObject({
      ok: true,
      value: {
        Data: null,
        AdditionalInformation: 'Data is incomplete',
        LifeSpan: '2025-11-05T12:00:00Z',
      },
    });
  });

  it.each(ERROR_TYPES)('parses an ERROR envelope of Type %s', (type) => {
    const envelope = errorEnvelope('op-1', 'E201', type, 'El servicio destino no está disponible.');
    const result = parseResponseEnvelope(JSON.parse(JSON.stringify(envelope)));
    expect(result).toEqual({
      ok: true,
      value: {
        OperationId: 'op-1',
        Status: 'ERROR',
        Data: null,
        AdditionalInformation: null,
        Error: { Code: 'E201', Type: type, Description: 'El servicio destino no está disponible.' },
        LifeSpan: null,
      },
    });
    expect(isKnownErrorType(type)).toBe(true);
  });

  it('keeps an unknown Error.Type string', () => {
    const result = parseResponseEnvelope({
      ...errorEnvelope('op-2', 'E999', 'DO_NOT_RETRY', 'x'),
      Error: { Code: 'E999', Type: 'RETRY_NEXT_FULL_MOON', Description: 'x' },
    });
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.value.Error?.Type).toBe('RETRY_NEXT_FULL_MOON');
    expect(isKnownErrorType('RETRY_NEXT_FULL_MOON')).toBe(false);
    expect(isKnownErrorType(undefined)).toBe(false);
  });

  it('accepts Status ERROR with Error null (the client decides what to do)', () => {
    expect(parseResponseEnvelope({ ...seedResponse(), Status: 'ERROR', Data: null }).ok).toBe(true);
  });

  it('parses items inside the list', () => {
    const result = parseResponseEnvelope(
      envelopeWithItems([{ IdCaso: 123, MontoNeto: '1.234.567', Foo: 'bar' }]),
    );
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.value.Data?.NonconformitiesList.Disconformidades).toEqual([
        { IdCaso: '123', MontoNeto: 1_234_567, Foo: 'bar' },
      ]);
    }
  });
});

describe('parseResponseEnvelope: wrong envelopes', () => {
  it('rejects a Status that is not OK or ERROR', () => {
    const message = failureOf({ ...seedResponse(), Status: 'FOO' });
    expect(message.startsWith(ENVELOPE_ERROR_PREFIX)).toBe(true);
    expect(message).toContain('Status');
  });

  it('rejects a missing Data', () => {
    const { Data, ...rest } = seedResponse();
    const message = failureOf(rest);
    expect(message.startsWith(ENVELOPE_ERROR_PREFIX)).toBe(true);
    expect(message).toContain('Data');
  });

  it('rejects a Data without NonconformitiesList', () => {
    const message = failureOf({ ...seedResponse(), Data: {} });
    expect(message).toContain('Data.NonconformitiesList');
  });

  it('rejects Disconformidades that is not a list', () => {
    for (const list of [{}, 'x', null, undefined]) {
      const message = failureOf(
        envelopeWithList({ TotalDisconformidades: 1, Disconformidades: list }),
      );
      expect(message.startsWith(ENVELOPE_ERROR_PREFIX)).toBe(true);
      expect(message).toContain('Data.NonconformitiesList.Disconformidades');
    }
  });

  it.each([-1, '4575', 1.5, null, undefined])('rejects TotalDisconformidades %j', (total) => {
    const message = failureOf(
      envelopeWithList({ TotalDisconformidades: total, Disconformidades: [] }),
    );
    expect(message.startsWith(ENVELOPE_ERROR_PREFIX)).toBe(true);
    expect(message).toContain('Data.NonconformitiesList.TotalDisconformidades');
  });

  it('rejects an Error object without its fields, naming them', () => {
    const message = failureOf({ ...seedResponse(), Status: 'ERROR', Data: null, Error: {} });
    expect(message).toContain('Error.Code');
  });

  it('rejects bodies that are not objects without throwing', () => {
    for (const body of [null, undefined, 'OK', 42, [], '<html>Bad Gateway</html>']) {
      const message = failureOf(body);
      expect(message.startsWith(ENVELOPE_ERROR_PREFIX)).toBe(true);
      expect(message).toContain('la respuesta');
    }
  });

  it('names at most three problems and counts the rest', () => {
    const message = failureOf({});
    expect(message.startsWith(ENVELOPE_ERROR_PREFIX)).toBe(true);
    // OperationId, Status, Data are all missing: exactly three issues, no "más".
    expect(message).toContain('OperationId');
    expect(message).toContain('Status');
    expect(message).toContain('Data');
    const more = failureOf({ OperationId: 1, Status: 'FOO', Data: 'x', Error: 'x', LifeSpan: 5 });
    expect(more).toMatch(/\(y 2 más\)\.$/);
  });

  it('names the failing item field', () => {
    const message = failureOf(envelopeWithItems([{ IdCaso: '1' }, { MontoNeto: 'abc' }]));
    expect(message.startsWith(ENVELOPE_ERROR_PREFIX)).toBe(true);
    expect(message).toContain('Data.NonconformitiesList.Disconformidades[1].MontoNeto');
    expect(message).toContain('abc');
  });

  it('rejects an item that is not an object', () => {
    const message = failureOf(envelopeWithItems(['x']));
    expect(message).toContain('Disconformidades[0]');
  });

  it('keeps the schema usable on its own', () => {
    expect(responseEnvelopeSchema.safeParse(JSON.parse(SEED_RESPONSE)).success).toBe(true);
    expect(responseEnvelopeSchema.safeParse({}).success).toBe(false);
  });
});

describe('nonconformityItemSchema', () => {
  it('accepts an empty item: every field is optional', () => {
    expect(nonconformityItemSchema.parse({})).toEqual({});
  });

  it('keeps unknown fields and adds no absent known ones', () => {
    const item = nonconformityItemSchema.parse({ Foo: 'bar', Nested: { a: [1, 2] } });
    expect(item).toStrictEqual({ Foo: 'bar', Nested: { a: [1, 2] } });
    expect(Object.keys(item)).toEqual(['Foo', 'Nested']);
  });

  it('coerces numeric strings of the numeric fields', () => {
    expect(
      nonconformityItemSchema.parse({
        MontoNeto: '1234567',
        MontoBruto: '$1.469.135',
        TipoDte: '33',
        Folio: ' 1001 ',
        IdInstruccion: 98765,
      }),
    ).toEqual({
      MontoNeto: 1_234_567,
      MontoBruto: 1_469_135,
      TipoDte: 33,
      Folio: 1001,
      IdInstruccion: 98765,
    });
  });

  it('reads a null or empty numeric field as null', () => {
    expect(nonconformityItemSchema.parse({ MontoNeto: null, MontoBruto: '' })).toStrictEqual({
      MontoNeto: null,
      MontoBruto: null,
    });
  });

  it('turns numeric ids and codes into text', () => {
    expect(nonconformityItemSchema.parse({ IdCaso: 123, RutDeudor: 76999999 })).toEqual({
      IdCaso: '123',
      RutDeudor: '76999999',
    });
  });

  it('keeps a null FechaResolucion null and dates as given', () => {
    expect(
      nonconformityItemSchema.parse({ FechaCreacion: '05/03/2024', FechaResolucion: null }),
    ).toStrictEqual({ FechaCreacion: '05/03/2024', FechaResolucion: null });
  });

  it('keeps any text as given: accents, quotes, newlines, formula-looking strings', () => {
    const Descripcion = 'Monto "incorrecto", período 2024-01;\nrevisar ñandú =SUM(A1:A9)';
    expect(nonconformityItemSchema.parse({ Descripcion, Estado: 'En revisión' })).toEqual({
      Descripcion,
      Estado: 'En revisión',
    });
  });

  it('fails on a non-numeric amount, naming the field and the value', () => {
    const result = nonconformityItemSchema.safeParse({ MontoNeto: 'abc' });
    expect(result.success).toBe(false);
    if (!result.success) {
      expect(result.error.issues).toHaveLength(1);
      expect(result.error.issues[0]?.path).toEqual(['MontoNeto']);
      expect(result.error.issues[0]?.message).toContain('abc');
    }
  });

  it('fails on a text field of the wrong type', () => {
    const result = nonconformityItemSchema.safeParse({ Estado: true });
    expect(result.success).toBe(false);
    if (!result.success) expect(result.error.issues[0]?.path).toEqual(['Estado']);
  });

  it('lists the assumed fields of docs/contract.md', () => {
    expect(KNOWN_ITEM_FIELDS).toHaveLength(19);
    expect(KNOWN_ITEM_FIELDS).toContain('IdCaso');
    expect(KNOWN_ITEM_FIELDS).toContain('FechaResolucion');
    expect(Object.keys(nonconformityItemSchema.shape).sort()).toEqual(
      [...KNOWN_ITEM_FIELDS].sort(),
    );
  });
});
