// A class a component reads from its CSS module, or a token it names, that no sheet defines
// renders unstyled without any error: these tests catch the typo instead.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../../src');
const MODULE_IMPORT = /^import (\w+) from '([^']+\.module\.css)';$/gm;

function filesUnder(dir: string, pattern: RegExp): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(path, pattern);
    return pattern.test(entry.name) ? [path] : [];
  });
}

const withoutComments = (css: string) => css.replace(/\/\*[\s\S]*?\*\//g, '');

/** The local classes a module defines (`:global(...)` names are not the module's). */
function classesOf(css: string): Set<string> {
  const local = withoutComments(css).replace(/:global\([^)]*\)/g, '');
  return new Set([...local.matchAll(/\.(-?[A-Za-z_][\w-]*)/g)].map((m) => m[1] as string));
}

/** Module path → the classes its importers read, by the file that reads them. */
function classesRead(): Map<string, Map<string, Set<string>>> {
  const reads = new Map<string, Map<string, Set<string>>>();
  for (const file of filesUnder(SRC, /\.tsx?$/)) {
    const source = readFileSync(file, 'utf8');
    const code = source.replace(MODULE_IMPORT, '');
    for (const [, name, specifier] of source.matchAll(MODULE_IMPORT)) {
      if (!name || !specifier) continue;
      const path = specifier.startsWith('@/')
        ? join(SRC, specifier.slice(2))
        : resolve(dirname(file), specifier);
      const used = new Set(
        [...code.matchAll(new RegExp(`\\b${name}\\.(\\w+)`, 'g'))].map((m) => m[1] as string),
      );
      const byFile = reads.get(path) ?? new Map<string, Set<string>>();
      byFile.set(relative(SRC, file), used);
      reads.set(path, byFile);
    }
  }
  return reads;
}

describe('CSS modules', () => {
  const modules = filesUnder(SRC, /\.module\.css$/);
  const reads = classesRead();

  it('every module is imported, by the component beside it when there is one', () => {
    for (const path of modules) {
      const importers = [...(reads.get(path)?.keys() ?? [])];
      const component = path.replace(/\.module\.css$/, '.tsx');
      if (existsSync(component))
        expect(importers, relative(SRC, path)).toContain(relative(SRC, component));
      else expect(importers, relative(SRC, path)).not.toEqual([]);
    }
  });

  it('every class a component reads is defined in the module it reads it from', () => {
    for (const [path, byFile] of reads) {
      const defined = classesOf(readFileSync(path, 'utf8'));
      for (const [file, used] of byFile) {
        const missing = [...used].filter((name) => !defined.has(name));
        expect(missing, `${file} reads from ${relative(SRC, path)}`).toEqual([]);
      }
    }
  });

  it('every class a module defines is read by one of its importers', () => {
    for (const path of modules) {
      const used = new Set([...(reads.get(path)?.values() ?? [])].flatMap((names) => [...names]));
      const unused = [...classesOf(readFileSync(path, 'utf8'))].filter((name) => !used.has(name));
      expect(unused, relative(SRC, path)).toEqual([]);
    }
  });
});

describe('colour tokens', () => {
  const sheets = filesUnder(SRC, /\.css$/).map((path) => readFileSync(path, 'utf8'));
  const scripts = filesUnder(SRC, /\.tsx?$/).map((path) => readFileSync(path, 'utf8'));

  it('every custom property a sheet or a component names is defined', () => {
    const defined = new Set(
      [
        ...sheets.flatMap((css) => [...withoutComments(css).matchAll(/(--[\w-]+)\s*:/g)]),
        // Set inline by a component (the grid's column template).
        ...scripts.flatMap((source) => [...source.matchAll(/\['(--[\w-]+)' as string\]/g)]),
      ].map((m) => m[1]),
    );
    const named = new Set(
      [...sheets, ...scripts].flatMap((text) =>
        [...text.matchAll(/var\((--[\w-]+)/g)].map((m) => m[1]),
      ),
    );
    expect([...named].filter((name) => !defined.has(name))).toEqual([]);
  });

  it('components spell no colour of their own: the charts read the same tokens as the sheets', () => {
    const hex = scripts.flatMap((source) => source.match(/['"`]#[0-9a-fA-F]{3,8}\b/g) ?? []);
    expect(hex).toEqual([]);
  });
});
