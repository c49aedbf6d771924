// An upstream test double on loopback: it stands for Khipu's API, records what reaches it,
// and answers what a test asks (slowly, with an error, or not at all).
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { okEnvelope } from './fixtures/pages';

/** The double's answer unless a test gives another: a page of a search with no cases. */
export const OK_BODY = JSON.stringify(okEnvelope());

export interface Recorded {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export type Reply = (recorded: Recorded) => {
  status?: number;
  headers?: Record<string, string | string[]>;
  body?: string | Buffer;
  /** Never answer (to test the proxy's timeout). */
  hang?: boolean;
  /** Answer after this many ms (a slow upstream). */
  delayMs?: number;
};

export type UpstreamDouble = Awaited<ReturnType<typeof recordingUpstream>>;

export async function recordingUpstream(reply: Reply) {
  const requests: Recorded[] = [];
  const load = { active: 0, maxActive: 0 };
  const server: Server = createServer((req, res) => {
    load.active++;
    load.maxActive = Math.max(load.maxActive, load.active);
    res.on('close', () => load.active--);
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const recorded: Recorded = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(recorded);
      const answer = reply(recorded);
      if (answer.hang) return;
      const send = () => {
        res.writeHead(answer.status ?? 200, {
          'content-type': 'application/json',
          ...answer.headers,
        });
        res.end(answer.body ?? '{}');
      };
      if (answer.delayMs) setTimeout(send, answer.delayMs);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    /** Requests being answered now, and the most at once so far. */
    load,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
