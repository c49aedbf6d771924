// The proxy's own error codes are defined beside what they refuse; one code never names two
// different refusals (support reads the code to know what happened).
import { describe, expect, it } from 'vitest';
import { PROXY_CODES } from '../../server/proxy/proxy';
import { QUOTA_CODES } from '../../server/quota/quota-guard';
import { ACCESS_CODES } from '../../server/security/access-control';
import { ORIGIN_CODES } from '../../server/security/origin-guard';

describe("the proxy's own codes", () => {
  it('each code means one thing', () => {
    const meanings = new Map<string, Set<string>>();
    const registries = { ACCESS_CODES, ORIGIN_CODES, PROXY_CODES, QUOTA_CODES };
    for (const [registry, codes] of Object.entries(registries)) {
      for (const [name, code] of Object.entries(codes)) {
        const set = meanings.get(code) ?? new Set<string>();
        set.add(name === 'busy' ? 'busy' : `${registry}.${name}`);
        meanings.set(code, set);
      }
    }
    // "Busy" is one meaning wherever it is told: a limit on checks or upstream slots.
    const shared = [...meanings].filter(([, names]) => names.size > 1);
    expect(shared).toEqual([]);
    for (const code of meanings.keys()) expect(code).toMatch(/^X\d{3}$/);
  });
});
