// Starts the built store child (store-child-main.ts) and follows what it prints.
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { builtStoreChild } from './store-backends';

export interface StoreChild {
  process: ChildProcess;
  /** Batch ids it reported committed, in order. */
  committed: string[];
  /** Resolves once it printed `open`; rejects with its stderr if it exits first. */
  opened: Promise<void>;
  /** Resolves once `count` batches were reported committed. */
  committedAtLeast(count: number): Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

export function startStoreChild(mode: 'hold' | 'write', dataDir: string): StoreChild {
  const child = spawn(process.execPath, [builtStoreChild(), mode], {
    env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    stderr: string;
  }>((done) => child.once('exit', (code, signal) => done({ code, signal, stderr })));
  const committed: string[] = [];
  const waiters: { count: number; done: () => void }[] = [];
  let markOpen = () => {};
  const opened = new Promise<void>((done, fail) => {
    markOpen = done;
    void exited.then(({ code, signal }) =>
      fail(new Error(`the store child exited (${code ?? signal}): ${stderr}`)),
    );
  });
  // A child expected to refuse is never awaited as opened.
  opened.catch(() => undefined);
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
    if (line === 'open') markOpen();
    const batch = /^committed (\d+)$/.exec(line)?.[1];
    if (!batch) return;
    committed.push(batch);
    for (const waiter of waiters.filter((w) => committed.length >= w.count)) waiter.done();
  });
  return {
    process: child,
    committed,
    opened,
    exited,
    committedAtLeast: (count) =>
      new Promise((done) => {
        if (committed.length >= count) done();
        else waiters.push({ count, done });
      }),
  };
}
