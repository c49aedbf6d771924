// The request as it goes upstream: the server's credential added, the cache key without it.
import { describe, expect, it } from 'vitest';
import { attachCredential } from '../../../server/proxy/steps/attach-credential';
import { SEED_BODY } from '../../support/fixtures/requests';

const data = SEED_BODY.RequestData;

describe('attachCredential', () => {
  it('in JWT mode sends a bearer token and the RequestData alone', () => {
    const call = attachCredential(data, { mode: 'jwt', token: 'secret-token' });
    expect(call.headers).toEqual({
      'content-type': 'application/json',
      accept: 'application/json',
      authorization: 'Bearer secret-token',
    });
    expect(call.body).toEqual({ RequestData: data });
    expect(JSON.parse(call.wireBody)).toEqual({ RequestData: data });
  });

  it('in API-key mode sends the key and the AccountCredential', () => {
    const accountCredential = { Usuario: 'u', Clave: 'c' };
    const call = attachCredential(data, { mode: 'api-key', key: 'k-1', accountCredential });
    expect(call.headers['x-api-key']).toBe('k-1');
    expect(call.headers.authorization).toBeUndefined();
    expect(JSON.parse(call.wireBody)).toEqual({
      RequestData: data,
      AccountCredential: accountCredential,
    });
  });

  it('keys the request on what is billed, never on the credential', () => {
    const jwt = attachCredential(data, { mode: 'jwt', token: 'secret-token' });
    const apiKey = attachCredential(data, {
      mode: 'api-key',
      key: 'k-1',
      accountCredential: { Clave: 'c' },
    });
    expect(jwt.key).toBe(apiKey.key);
    expect(JSON.parse(jwt.key)).toEqual(data);
    expect(apiKey.key).not.toContain('k-1');
    expect(apiKey.key).not.toContain('Clave');
    const otherPage = attachCredential({ ...data, Paginas: '1' }, { mode: 'jwt', token: 't' });
    expect(otherPage.key).not.toBe(jwt.key);
  });
});
