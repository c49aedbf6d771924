// The folders of src/features/ form layers: a folder may import another only if that one
// does not, directly or through others, import it back.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../../src');
const FEATURES = join(SRC, 'features');
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\bnew URL\(\s*)(['"])([^'"]+)\1/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx)$/.test(entry.name) ? [path] : [];
  });
}

/** The feature folder a path lies in, or null outside src/features/. */
function featureOf(path: string): string | null {
  const inside = relative(FEATURES, path);
  if (inside.startsWith('..')) return null;
  return inside.split(sep)[0] ?? null;
}

/** Feature folder → the other feature folders its files import. */
function featureImports(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const file of sourceFiles(FEATURES)) {
    const from = featureOf(file);
    if (from === null) continue;
    const targets = graph.get(from) ?? new Set<string>();
    graph.set(from, targets);
    for (const [, , specifier] of readFileSync(file, 'utf8').matchAll(SPECIFIER)) {
      if (!specifier) continue;
      const target = specifier.startsWith('@/')
        ? join(SRC, specifier.slice(2))
        : specifier.startsWith('.')
          ? resolve(dirname(file), specifier)
          : null;
      const to = target === null ? null : featureOf(target);
      if (to !== null && to !== from) targets.add(to);
    }
  }
  return graph;
}

/** Every cycle found by a depth-first walk, each as the folders along it. */
function cycles(graph: Map<string, Set<string>>): string[][] {
  const found: string[][] = [];
  const done = new Set<string>();
  const walk = (node: string, path: string[]) => {
    const at = path.indexOf(node);
    if (at >= 0) {
      found.push([...path.slice(at), node]);
      return;
    }
    if (done.has(node)) return;
    for (const next of graph.get(node) ?? []) walk(next, [...path, node]);
    done.add(node);
  };
  for (const node of graph.keys()) walk(node, []);
  return found;
}

describe('folders of src/features/', () => {
  it('import one another without a cycle', () => {
    expect(cycles(featureImports()).map((cycle) => cycle.join(' → '))).toEqual([]);
  });

  it('are all seen by the check', () => {
    const folders = readdirSync(FEATURES, { withFileTypes: true }).filter((e) => e.isDirectory());
    expect([...featureImports().keys()].sort()).toEqual(folders.map((e) => e.name).sort());
  });
});
