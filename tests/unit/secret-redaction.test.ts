import { describe, expect, it } from 'vitest';
import {
  createRedactor,
  StringCharacters,
  secretsOf,
} from '../../server/upstream/secret-redaction';

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

  it('never starts a match inside an escape, and finds one that starts right after it', () => {
    // "\u0020" is a space: the text holds no "002012", and the JSON must stay whole.
    const spaced = '{"a":"x\\u002012"}';
    expect(redactText(['002012'], spaced)).toBe(spaced);
    // "\u1212" then the secret: the first match (inside the escape) must not hide it.
    expect(redactText(['121212'], '{"a":"\\u1212121212"}')).toBe('{"a":"\\u1212[oculto]"}');
    expect(redactText(['abcdef'], '{"a":"\\nabcdef","b":"\\u00abcdef"}')).toBe(
      '{"a":"\\n[oculto]","b":"\\u00abcdef"}',
    );
  });

  it('reads a large body once, however many matches it holds', () => {
    // Thousands of amounts that hold the secret (not redacted), and strings that do.
    const items = Array.from(
      { length: 40_000 },
      (_, i) =>
        `{"Monto":${i + 1}123456${i},"Nota":"ref 123456 n\\u00ba ${i}","Texto":"${'x'.repeat(40)}"}`,
    );
    const json = `{"Status":"OK","Data":[${items.join(',')}]}`;
    expect(json.length).toBeGreaterThan(4 * 1024 * 1024);
    let read = 0;
    const redact = createRedactor(['123456'], { onRead: (characters) => (read += characters) });
    const out = JSON.parse(redact(Buffer.from(json)).toString('utf8'));
    expect(out.Data).toHaveLength(40_000);
    expect(out.Data[39_999]).toEqual({
      Monto: 4000012345639999,
      Nota: 'ref [oculto] nº 39999',
      Texto: 'x'.repeat(40),
    });
    // Each character at most twice: once looking for quotes, once for backslashes.
    expect(read).toBeGreaterThan(0);
    expect(read).toBeLessThanOrEqual(2 * json.length);
  });

  it('replaces a secret that holds another one whole', () => {
    expect(redactText(['abcdef', 'abcdefghij'], '{"a":"abcdefghij"}')).toBe('{"a":"[oculto]"}');
  });
});

describe('StringCharacters', () => {
  it('tells where the next character inside a string starts, asked in increasing order', () => {
    //            0123456789012345678901
    const text = '{"a":12,"b":"x\\u00e9y"}';
    const characters = new StringCharacters(text);
    expect(characters.startFrom(1)).toBe(2); // the key "a" starts at 2
    expect(characters.startFrom(5)).toBe(9); // 12 is outside: next is "b"
    expect(characters.startFrom(13)).toBe(13); // x
    expect(characters.startFrom(15)).toBe(20); // inside \u00e9: next is y
    expect(characters.startFrom(20)).toBe(20);
    expect(characters.startFrom(22)).toBe(-1); // past the last string
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
