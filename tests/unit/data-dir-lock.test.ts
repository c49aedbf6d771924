// The data directory's lock file, as another process finds it: always naming its owner.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LOCK_FILE_NAME, lockDataDir } from '../../server/store/data-dir-lock';

const dirs: string[] = [];
const freshDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'cen-lock-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('lockDataDir', () => {
  it('puts a lock in place that already names this process, and leaves nothing else', () => {
    const dir = freshDir();
    const lock = lockDataDir(dir);
    expect(readFileSync(join(dir, LOCK_FILE_NAME), 'utf8')).toBe(`${process.pid}\n`);
    expect(readdirSync(dir)).toEqual([LOCK_FILE_NAME]);
    lock.release();
    expect(existsSync(join(dir, LOCK_FILE_NAME))).toBe(false);
  });

  it('takes over a lock that names no process, or one that is gone', () => {
    for (const stale of ['', 'not a pid\n', '2147483646\n']) {
      const dir = freshDir();
      writeFileSync(join(dir, LOCK_FILE_NAME), stale);
      const lock = lockDataDir(dir);
      expect(readFileSync(join(dir, LOCK_FILE_NAME), 'utf8')).toBe(`${process.pid}\n`);
      lock.release();
    }
  });

  it('refuses a lock held by a live process, naming it', () => {
    const dir = freshDir();
    // The parent of this test process is alive for its whole run.
    writeFileSync(join(dir, LOCK_FILE_NAME), `${process.ppid}\n`);
    expect(() => lockDataDir(dir)).toThrow(`is in use by process ${process.ppid}`);
    expect(readdirSync(dir)).toEqual([LOCK_FILE_NAME]);
  });
});
