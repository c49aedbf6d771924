// The docs' tables of the proxy's codes and headers are read against the code's own tables,
// so an operator never reads a code, status or header the server does not have.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PROXY_CODES } from '@/contract/proxy-codes';
import { PROXY_HEADERS } from '@/contract/proxy-protocol';

/** The rows of the markdown table under `heading`, as cells without their padding. */
function tableUnder(file: string, heading: string): string[][] {
  const text = readFileSync(file, 'utf8');
  const start = text.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`${file} has no heading "${heading}"`);
  const lines = text.slice(start).split('\n').slice(2);
  const first = lines.findIndex((line) => line.startsWith('|'));
  const rows: string[][] = [];
  for (const line of lines.slice(first)) {
    if (!line.startsWith('|')) break;
    rows.push(
      line
        .slice(1, -1)
        .split('|')
        .map((cell) => cell.trim()),
    );
  }
  return rows.slice(2);
}

describe("docs/operations.md: the proxy's own error codes", () => {
  const rows = tableUnder('docs/operations.md', "## The proxy's own error codes");
  const byCode = new Map(rows.map((row) => [row[0]?.replaceAll('`', ''), row]));

  it('lists every code of the table in src/contract/proxy-codes.ts, and no other', () => {
    const codes = Object.values(PROXY_CODES).map(({ code }) => code);
    expect([...byCode.keys()].sort()).toEqual([...codes].sort());
  });

  it.each(Object.values(PROXY_CODES))('gives $code its status and type', (entry) => {
    const [, status = '', type = ''] = byCode.get(entry.code) ?? [];
    if (entry.status === null) {
      expect(status).toContain('browser only');
      return;
    }
    expect(status.startsWith(String(entry.status))).toBe(true);
    expect(type).toContain(`\`${entry.type}\``);
  });
});

describe('docs/architecture.md: headers our proxy adds', () => {
  it('names every header of PROXY_HEADERS, and no other', () => {
    const rows = tableUnder('docs/architecture.md', '## Headers our proxy adds to the contract');
    const named = new Set(rows.map((row) => row[0]?.replaceAll('`', '')));
    expect([...named].sort()).toEqual([...new Set(Object.values(PROXY_HEADERS))].sort());
  });
});
