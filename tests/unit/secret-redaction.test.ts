import { describe, expect, it } from 'vitest';
import { createRedactor, secretsOf } from '../../server/secret-redaction';

/** Every character of `text` as its \uXXXX escape, hex in `upper` or lower case. */
const escapedAll = (text: string, upper = false) =>
  [...text]
    .flatMap((char) =>
      char.length === 2 ? [char.charCodeAt(0), char.charCodeAt(1)] : [char.charCodeAt(0)],
    )
    .map((unit) => {
      const hex = unit.toString(16).padStart(4, '0');
      return `\\u${upper ? hex.toUpperCase() : hex}`;
    })
    .join('');

const redactText = (secrets: string[], json: string) =>
  createRedactor(secrets)(Buffer.from(json, 'utf8')).toString('utf8');

describe('createRedactor', () => {
  const token = 'eyJhbGciOi.tok/en-SECRET';

  it.each([
    ['as written', token],
    ['as JSON.stringify writes it', JSON.stringify(token).slice(1, -1)],
    ['all \\u escapes, lower-case hex', escapedAll(token)],
    ['all \\u escapes, upper-case hex', escapedAll(token, true)],
    [
      'some characters escaped, some not',
      `eyJ${escapedAll('hb')}GciOi.tok\\/en-${escapedAll('SEC', true)}RET`,
    ],
  ])('replaces the secret written %s, and the JSON still parses', (_how, spelled) => {
    const json = `{"AdditionalInformation":"echo: ${spelled}!","Status":"OK"}`;
    const out = redactText([token], json);
    expect(JSON.parse(out)).toEqual({ AdditionalInformation: 'echo: [oculto]!', Status: 'OK' });
  });

  it('replaces secrets that JSON must escape, or with characters beyond ASCII, in any spelling', () => {
    const password = 'pw-"quoted"\\back-ñandú-😀';
    for (const spelled of [
      JSON.stringify(password).slice(1, -1),
      escapedAll(password),
      escapedAll(password, true),
      // ñ and the emoji escaped, the rest as JSON.stringify writes it.
      JSON.stringify(password).slice(1, -1).replace('ñ', '\\u00F1').replace('😀', '\\ud83d\\uDE00'),
    ]) {
      const out = redactText([password], `{"Error":{"Description":"login ${spelled} falló"}}`);
      expect(JSON.parse(out)).toEqual({ Error: { Description: 'login [oculto] falló' } });
    }
  });

  it('does not read an escaped backslash followed by letters as an escape of the secret', () => {
    // The string holds a backslash, then the text "u0061bcdef": not the secret "abcdef".
    const json = '{"x":"\\\\u0061bcdef"}';
    expect(redactText(['abcdef'], json)).toBe(json);
    expect(redactText(['abcdef'], '{"x":"\\\\\\u0061bcdef"}')).toBe('{"x":"\\\\[oculto]"}');
  });

  it('returns the very same bytes when no secret is there, with or without escapes', () => {
    const redact = createRedactor([token, 'otra-clave']);
    for (const json of ['{"a":"plain text"}', '{"a":"caf\\u00e9 \\"quoted\\" eyJhbGciOi"}']) {
      const bytes = Buffer.from(json);
      expect(redact(bytes)).toBe(bytes);
    }
  });

  it('replaces a secret of digits in strings only, never in a number that holds them', () => {
    const json = '{"Monto":91234567,"Nota":"pin 1234567","Otra":"a\\"b","Total":1234567.5}';
    expect(redactText(['234567'], json)).toBe(
      '{"Monto":91234567,"Nota":"pin 1[oculto]","Otra":"a\\"b","Total":1234567.5}',
    );
  });

  it('replaces a secret that holds another one whole', () => {
    expect(redactText(['abcdef', 'abcdefghij'], '{"a":"abcdefghij"}')).toBe('{"a":"[oculto]"}');
  });
});

describe('secretsOf', () => {
  it('takes the token, or the key and the account strings of 6 characters or more', () => {
    expect(secretsOf({ mode: 'jwt', token: 'eyJtoken' })).toEqual(['eyJtoken']);
    // A test's stand-in such as "t" would hit every letter t.
    expect(secretsOf({ mode: 'jwt', token: 't' })).toEqual([]);
    expect(
      secretsOf({
        mode: 'api-key',
        key: 'api-key-1',
        accountCredential: { usuario: 'ana', clave: 'clave-larga', extra: { pin: '123456' } },
      }),
    ).toEqual(['api-key-1', 'clave-larga', '123456']);
  });
});
