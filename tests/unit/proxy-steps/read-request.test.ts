// The first step: a request is read and validated before anything is billed.
import { describe, expect, it } from 'vitest';
import { readPageRequest, refuseNonJson } from '../../../server/proxy/steps/read-request';
import { SEED_BODY } from '../../support/fixtures/requests';

const text = (changes: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ ...SEED_BODY, ...extra, RequestData: { ...SEED_BODY.RequestData, ...changes } });

describe('refuseNonJson', () => {
  it('lets a JSON content type through, with parameters or as a +json type', () => {
    expect(refuseNonJson('application/json')).toBeNull();
    expect(refuseNonJson(' Application/JSON; charset=utf-8')).toBeNull();
    expect(refuseNonJson('application/vnd.khipu+json')).toBeNull();
  });

  it('refuses anything else with 415 P002, DO_NOT_RETRY', async () => {
    for (const type of [undefined, 'text/plain', 'application/jsonp', 'multipart/form-data']) {
      const refusal = refuseNonJson(type);
      expect(refusal?.status).toBe(415);
      expect(await refusal?.json()).toMatchObject({
        Status: 'ERROR',
        Error: { Code: 'P002', Type: 'DO_NOT_RETRY' },
      });
    }
  });
});

describe('readPageRequest', () => {
  it('gives the RequestData as billed, with the page and its size as numbers', () => {
    expect(readPageRequest(text({ Paginas: '3', Filas: '050' }), false)).toEqual({
      requestData: { ...SEED_BODY.RequestData, Paginas: '3', Filas: '50' },
      page: 3,
      rowsPerPage: 50,
    });
  });

  it('writes the RUT in its wire form: the body, or body and check digit', () => {
    const asWritten = text({ RutDeudor: '76.999.999-K' });
    expect(readPageRequest(asWritten, false)).toMatchObject({
      requestData: { RutDeudor: '76999999' },
    });
    expect(readPageRequest(asWritten, true)).toMatchObject({
      requestData: { RutDeudor: '76999999K' },
    });
  });

  it('keeps nothing the browser must not decide: credentials, CallbackUrl, extra fields', () => {
    const request = readPageRequest(
      text(
        { Extra: 'x' },
        { AccountCredential: { user: 'u' }, CallbackUrl: 'https://evil.example/cb', Other: 1 },
      ),
      false,
    );
    expect(request).not.toBeInstanceOf(Response);
    expect(Object.keys((request as { requestData: object }).requestData).sort()).toEqual([
      'FechaCreacionDelCasoDesde',
      'FechaCreacionDelCasoHasta',
      'Filas',
      'Paginas',
      'RutDeudor',
    ]);
    expect(Object.keys(request as object).sort()).toEqual(['page', 'requestData', 'rowsPerPage']);
  });

  it('refuses a body that is not JSON with 400 P001', async () => {
    const refusal = readPageRequest('{"RequestData":', false) as Response;
    expect(refusal.status).toBe(400);
    expect(await refusal.json()).toMatchObject({ Error: { Code: 'P001', Type: 'DO_NOT_RETRY' } });
  });

  it("refuses an invalid request with 400 and the first problem's code", async () => {
    const refusal = readPageRequest(text({ Filas: '0' }), false) as Response;
    expect(refusal.status).toBe(400);
    expect(await refusal.json()).toMatchObject({
      Error: { Code: 'P003', Type: 'DO_NOT_RETRY', Description: expect.stringContaining('Filas') },
    });
    const badRut = readPageRequest(text({ RutDeudor: '76999999-1' }), false) as Response;
    expect(await badRut.json()).toMatchObject({ Error: { Code: 'E401' } });
  });
});
