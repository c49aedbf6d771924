// A reader who clones the repository can follow every reference in it: each relative link of
// README.md and docs/ reaches a tracked file (and, for a Markdown file, one of its headings),
// each docs/ page a file mentions exists, and no file names a path outside the repository.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, normalize, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const THIS_FILE = 'tests/unit/docs-links.test.ts';

const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' })
  .split('\0')
  .filter((path) => path !== '');
const trackedSet = new Set(tracked);
const isTrackedFolder = (path: string) => tracked.some((file) => file.startsWith(`${path}/`));

const documents = tracked.filter((path) => path === 'README.md' || /^docs\/[^/]+\.md$/.test(path));

const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

/** A file's text, or null for a binary file (it holds a NUL byte). */
function textOf(path: string): string | null {
  const bytes = readFileSync(join(ROOT, path));
  return bytes.includes(0) ? null : bytes.toString('utf8');
}

/** A Markdown text's lines, blank inside fenced code blocks, inline code blanked elsewhere. */
function proseLines(markdown: string): string[] {
  let fenced = false;
  return markdown.split('\n').map((line) => {
    if (/^\s*(```|~~~)/.test(line)) {
      fenced = !fenced;
      return '';
    }
    return fenced ? '' : line.replace(/`[^`]*`/g, (code) => ' '.repeat(code.length));
  });
}

/** GitHub's anchor for a heading's text (github-slugger): lower case, punctuation dropped. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** The anchors of a Markdown text's headings, repeats numbered as GitHub numbers them. */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    const heading = fenced ? null : /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const base = slug(heading[1] ?? '');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}

/** Relative link targets of a Markdown text (images included), with their line numbers. */
function linksOf(markdown: string): { target: string; line: number }[] {
  const links: { target: string; line: number }[] = [];
  proseLines(markdown).forEach((text, index) => {
    for (const [, target] of text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
      if (target && !/^[a-z][a-z\d+.-]*:/i.test(target)) links.push({ target, line: index + 1 });
    }
  });
  return links;
}

/** Why a reference from `from` to `target` (path, anchor or both) does not resolve, or null. */
function brokenReason(from: string, target: string): string | null {
  const [rawPath = '', anchor] = target.split('#', 2);
  const path = rawPath === '' ? from : normalize(join(dirname(from), decodeURI(rawPath)));
  if (path.startsWith('..') || path.startsWith('/')) return 'leaves the repository';
  const folder = path.replace(/\/$/, '');
  if (!trackedSet.has(path) && !isTrackedFolder(folder)) return 'no such tracked file';
  if (anchor === undefined) return null;
  if (!path.endsWith('.md')) return 'anchor in a file that is not Markdown';
  return anchorsOf(read(path)).has(anchor) ? null : `no heading #${anchor} in ${path}`;
}

describe('the documents', () => {
  it('are the README and the five guides', () => {
    expect(documents.sort()).toEqual([
      'README.md',
      'docs/architecture.md',
      'docs/contract.md',
      'docs/operations.md',
      'docs/performance.md',
      'docs/testing.md',
    ]);
  });

  it('keep the README short: at most 200 lines', () => {
    expect(read('README.md').trimEnd().split('\n').length).toBeLessThanOrEqual(200);
  });

  it('link only to tracked files and existing headings', () => {
    const broken = documents.flatMap((document) =>
      linksOf(read(document)).flatMap(({ target, line }) => {
        const reason = brokenReason(document, target);
        return reason ? [`${document}:${line} → ${target}: ${reason}`] : [];
      }),
    );
    expect(broken).toEqual([]);
  });
});

describe('every tracked file', () => {
  const texts = tracked
    .filter((path) => path !== THIS_FILE)
    .map((path) => ({ path, text: textOf(path) }))
    .filter((file): file is { path: string; text: string } => file.text !== null);

  it('names no path outside the repository', () => {
    // Spelled in pieces, so this file does not name them itself: the project's inputs, which
    // live beside the repository, and the machine's own folders.
    const outside = [
      ['..', 'shared'].join('/'),
      ['DESIGN', 'md'].join('.'),
      ['CONTRACT', 'md'].join('.'),
      ['', 'work', ''].join('/'),
      ['', 'tmp', ''].join('/'),
    ];
    const found = texts.flatMap(({ path, text }) =>
      outside.filter((name) => text.includes(name)).map((name) => `${path}: ${name}`),
    );
    expect(found).toEqual([]);
  });

  it('names only docs/ pages (and headings) that exist', () => {
    const broken = texts.flatMap(({ path, text }) =>
      [...text.matchAll(/(?<![\w/.-])docs\/[\w-]+\.md(?:#[\w-]+)?/g)].flatMap(([mention]) => {
        const reason = brokenReason('README.md', mention);
        return reason ? [`${path}: ${mention}: ${reason}`] : [];
      }),
    );
    expect(broken).toEqual([]);
  });
});

describe('the link check itself', () => {
  it('makes GitHub anchors, numbering repeated headings', () => {
    const anchors = anchorsOf(
      [
        '# The proxy’s own error codes',
        '## How `npm run bench` measures',
        '### (a) Built-in users (HTTP Basic)',
        '## Notes',
        '## Notes',
        '```',
        '# not a heading',
        '```',
      ].join('\n'),
    );
    expect([...anchors]).toEqual([
      'the-proxys-own-error-codes',
      'how-npm-run-bench-measures',
      'a-built-in-users-http-basic',
      'notes',
      'notes-1',
    ]);
  });

  it('reads relative links, images and anchors, not web links or code', () => {
    const markdown = [
      'See [ops](docs/operations.md#settings) and ![shot](docs/screenshot.png).',
      'Web: [site](https://example.com), mail: [me](mailto:a@b.c), here: [top](#top).',
      '`[code](not-a-link.md)`',
      '```',
      '[fenced](nor-this.md)',
      '```',
    ].join('\n');
    expect(linksOf(`${markdown}\n[after](after.md)`)).toEqual([
      { target: 'docs/operations.md#settings', line: 1 },
      { target: 'docs/screenshot.png', line: 1 },
      { target: '#top', line: 2 },
      { target: 'after.md', line: 7 },
    ]);
  });

  it('tells a missing file, a missing heading and a path outside the repository', () => {
    expect(brokenReason('README.md', 'docs/testing.md')).toBeNull();
    expect(brokenReason('docs/testing.md', 'performance.md')).toBeNull();
    expect(brokenReason('docs/testing.md', '../src/contract')).toBeNull();
    expect(brokenReason('README.md', 'docs/missing.md')).toBe('no such tracked file');
    expect(brokenReason('README.md', 'docs/testing.md#no-such-heading')).toBe(
      'no heading #no-such-heading in docs/testing.md',
    );
    expect(brokenReason('docs/testing.md', '../../outside.md')).toBe('leaves the repository');
  });
});
