// The servers a benchmark run needs, started from the production build.
import { type ChildProcess, spawn } from 'node:child_process';
import { freePort } from '../tests/support/free-port';

export interface RunningServer {
  url: string;
  stop(): Promise<void>;
}

async function waitFor(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}): ${output()}`);
    try {
      const response = await fetch(url, { method: url.endsWith('/health') ? 'GET' : 'POST' });
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`server did not start: ${output()}`);
}

function start(script: string, env: Record<string, string>, readyPath: string, port: number) {
  const child = spawn(process.execPath, [script], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const url = `http://127.0.0.1:${port}`;
  return {
    child,
    ready: waitFor(`${url}${readyPath}`, child, () => stderr),
    server: {
      url,
      stop: () =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
          setTimeout(() => child.kill('SIGKILL'), 5000).unref();
        }),
    },
  };
}

/** `npm start` on the simulator (or on `KHIPU_BASE_URL` when given), with these settings. */
export async function startApp(env: Record<string, string>): Promise<RunningServer> {
  const port = await freePort();
  const { ready, server } = start(
    'dist/server/main.js',
    { HOST: '127.0.0.1', PORT: String(port), ...env },
    '/api/health',
    port,
  );
  await ready;
  return server;
}

/** The simulator alone over HTTP (`dist/server/simulator.js`). */
export async function startSimulator(env: Record<string, string>): Promise<RunningServer> {
  const port = await freePort();
  const { ready, server } = start(
    'dist/server/simulator.js',
    { SIM_HOST: '127.0.0.1', SIM_PORT: String(port), ...env },
    '/',
    port,
  );
  await ready;
  return server;
}
