// The production build (`node dist/server/main.js`) started by a test with settings of its
// own, on a port the OS picks; its output is kept, for tests that read the logs.
import { spawn } from 'node:child_process';

export interface BuiltServer {
  url: string;
  port: number;
  /** The server's process (to read its memory in /proc). */
  pid: number;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  stop(): Promise<void>;
}

export function startBuiltServer(
  env: Record<string, string>,
  options: { cwd?: string; timeoutMs?: number } = {},
): Promise<BuiltServer> {
  const child = spawn(process.execPath, ['dist/server/main.js'], {
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5000).unref();
    });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`The server did not start: ${output}`));
    }, options.timeoutMs ?? 15_000);
    const ready = () => {
      const listening = /Listening on http:\/\/[^\s:]+:(\d+)/.exec(output);
      if (!listening) return;
      clearTimeout(timer);
      child.stdout.off('data', ready);
      const port = Number(listening[1]);
      const pid = child.pid as number;
      resolve({ url: `http://127.0.0.1:${port}`, port, pid, output: () => output, stop });
    };
    child.stdout.on('data', ready);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The server exited (${code}): ${output}`));
    });
  });
}

/** Starts the built server expecting it to refuse: its exit code and stderr (killed after 10 s). */
export function exitOfBuiltServer(
  env: Record<string, string>,
): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['dist/server/main.js'], {
      env: { PATH: process.env.PATH ?? '', PORT: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

/** The audit lines the server has written so far (one a request the proxy handled). */
export const auditLines = (server: BuiltServer): string[] =>
  server
    .output()
    .split('\n')
    .filter((line) => line.startsWith('audit '));
