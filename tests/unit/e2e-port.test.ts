// `npm test` runs beside anything else on the machine: the e2e server's port is one the OS
// says is free (port 4180 taken here), unless E2E_PORT names one.
import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { e2ePort } from '../support/e2e-port';

const listen = (port: number) =>
  new Promise<Server | null>((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(null));
    server.listen(port, '127.0.0.1', () => resolve(server));
  });

const saved = process.env.E2E_PORT;
afterEach(() => {
  if (saved === undefined) delete process.env.E2E_PORT;
  else process.env.E2E_PORT = saved;
});

describe('the e2e port', () => {
  it('is a free port when E2E_PORT is not set, even with 4180 taken', async () => {
    const taken = await listen(4180);
    try {
      delete process.env.E2E_PORT;
      const E2E_PORT = e2ePort();
      expect(E2E_PORT).not.toBe(4180);
      const free = await listen(E2E_PORT);
      expect(free).not.toBeNull();
      free?.close();
      // Playwright's workers load the config again: they inherit the same port.
      expect(process.env.E2E_PORT).toBe(String(E2E_PORT));
    } finally {
      taken?.close();
    }
  });

  it('is E2E_PORT when set', async () => {
    process.env.E2E_PORT = '4999';
    expect(e2ePort()).toBe(4999);
  });
});
