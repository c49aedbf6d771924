// An upstream test double on loopback: it stands for Khipu's API, records what reaches it,
// and answers what a test asks (slowly, with an error, or not at all).
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export const SEED_BODY = {
  RequestData: {
    FechaCreacionDelCasoDesde: '11/14/2019',
    FechaCreacionDelCasoHasta: '11/05/2025',
    RutDeudor: '76999999',
    Filas: '200',
    Paginas: '0',
  },
};

export const OK_BODY = JSON.stringify({
  OperationId: '6baf6c19-e485-463b-ae24-a821b025c8a4',
  Status: 'OK',
  Data: { NonconformitiesList: { TotalDisconformidades: 0, Disconformidades: [] } },
  AdditionalInformation: null,
  Error: null,
  LifeSpan: null,
});

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
