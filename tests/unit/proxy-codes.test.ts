// The proxy's own error codes live in one table; one code never names two different refusals
// (support reads the code to know what happened), and each comes with one status and type.
import { describe, expect, it } from 'vitest';
import { isKnownErrorType, REQUEST_CODES } from '@/contract/errors';
import { PROXY_CODES } from '@/contract/proxy-codes';

describe("the proxy's own codes", () => {
  it('each code means one thing', () => {
    const meanings = new Map<string, Set<string>>();
    for (const [name, { code }] of Object.entries(PROXY_CODES)) {
      const set = meanings.get(code) ?? new Set<string>();
      set.add(name);
      meanings.set(code, set);
    }
    const shared = [...meanings].filter(([, names]) => names.size > 1);
    expect(shared).toEqual([]);
    for (const code of meanings.keys()) expect(code).toMatch(/^X\d{3}$/);
  });

  it('numbers its codes from X001 with none left out', () => {
    const numbers = Object.values(PROXY_CODES)
      .map(({ code }) => Number(code.slice(1)))
      .sort((a, b) => a - b);
    expect(numbers).toEqual(numbers.map((_, i) => i + 1));
  });

  it('gives each code an error status and a type of the API, or neither for the browser’s own', () => {
    for (const { code, status, type } of Object.values(PROXY_CODES)) {
      if (status === null) {
        expect(type, code).toBeNull();
        continue;
      }
      expect(status, code).toBeGreaterThanOrEqual(400);
      expect(status, code).toBeLessThan(600);
      expect(isKnownErrorType(type), code).toBe(true);
    }
  });

  it("keeps the API's request codes apart from its own", () => {
    const own = new Set<string>(Object.values(PROXY_CODES).map(({ code }) => code));
    for (const code of Object.values(REQUEST_CODES)) {
      expect(code).toMatch(/^[PE]\d{3}$/);
      expect(own.has(code)).toBe(false);
    }
  });
});
