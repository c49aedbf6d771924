// A stand-in for Khipu's API on loopback, for the fault matrix (fault-matrix.ts): it serves
// a small healthy search for any RUT, and answers one page of a row's RUT the row's way
// (a status, a broken body, a reset, silence, a refused connection). It counts every
// request it receives by RUT and page, so tests assert exact request counts.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { okEnvelope } from './fixtures/pages';

/** Every row's search: 50 cases, 10 a page, so 5 pages; the fault hits page index 2. */
export const ROWS_PER_PAGE = 10;
export const TOTAL_CASES = 50;
export const PAGE_COUNT = TOTAL_CASES / ROWS_PER_PAGE;
export const FAULT_PAGE = 2;

export interface PageRequest {
  rut: string;
  page: number;
  rowsPerPage: number;
}

/** How the double answers one request. */
export type DoubleAnswer =
  | { status: number; headers?: Record<string, string>; body: string | Buffer }
  /** Headers and half the body, then the connection is destroyed. */
  | { action: 'reset-mid-body' }
  /** Never answers (the proxy's timeout must fire). */
  | { action: 'hang' }
  /**
   * Answers this page healthily, then stops listening: the next requests meet a refused
   * connection until the row is healed.
   */
  | { action: 'refuse-after-this' };

export type Behavior = (request: PageRequest) => DoubleAnswer | undefined;

export function caseItem(rut: string, index: number): Record<string, unknown> {
  return {
    IdCaso: `C-${rut}-${String(index).padStart(3, '0')}`,
    FechaCreacion: '03/15/2021',
    Estado: 'Abierta',
    Motivo: 'Monto incorrecto',
    Descripcion: `Caso ${index} de prueba`,
    MontoNeto: 1000 + index,
  };
}

/** The items of a page of the healthy search. */
export function pageItems({ rut, page, rowsPerPage }: PageRequest, total = TOTAL_CASES) {
  const first = page * rowsPerPage;
  const last = Math.min(total, first + rowsPerPage);
  return Array.from({ length: Math.max(0, last - first) }, (_, i) => caseItem(rut, first + i));
}

export const json = (status: number, body: unknown, headers: Record<string, string> = {}) => ({
  status,
  headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  body: JSON.stringify(body),
});

const healthy = (request: PageRequest) => json(200, okEnvelope(TOTAL_CASES, pageItems(request)));

export interface FaultDouble {
  baseUrl: string;
  /** Requests received for a RUT (and page). */
  count(rut: string, page?: number): number;
  /** When each request of a RUT's page arrived (performance.now()). */
  arrivals(rut: string, page: number): number[];
  /** Gives a RUT its behavior; without one, every page is healthy. */
  setBehavior(rut: string, behavior: Behavior): void;
  /** From now on the RUT's pages are healthy, and a stopped listener listens again. */
  heal(rut: string): Promise<void>;
  close(): Promise<void>;
}

function readRequest(req: IncomingMessage): Promise<PageRequest | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      try {
        const data = JSON.parse(Buffer.concat(chunks).toString('utf8')).RequestData;
        resolve({
          rut: String(data.RutDeudor),
          page: Number(data.Paginas),
          rowsPerPage: Number(data.Filas),
        });
      } catch {
        resolve(null);
      }
    });
  });
}

export async function startFaultDouble(): Promise<FaultDouble> {
  const behaviors = new Map<string, Behavior>();
  const received: { rut: string; page: number; at: number }[] = [];
  const sockets = new Set<Socket>();
  let listening = true;

  const answer = async (req: IncomingMessage, res: ServerResponse) => {
    const request = await readRequest(req);
    if (request === null) {
      res.writeHead(400).end();
      return;
    }
    received.push({ rut: request.rut, page: request.page, at: performance.now() });
    const reply = behaviors.get(request.rut)?.(request) ?? healthy(request);
    if ('action' in reply) {
      switch (reply.action) {
        case 'hang':
          return;
        case 'reset-mid-body': {
          const body = JSON.stringify(okEnvelope(TOTAL_CASES, pageItems(request)));
          res.writeHead(200, {
            'content-type': 'application/json',
            'content-length': String(body.length),
          });
          res.write(body.slice(0, body.length / 2), () => res.socket?.destroy());
          return;
        }
        case 'refuse-after-this': {
          const page = healthy(request);
          res.writeHead(page.status, { ...page.headers, connection: 'close' });
          res.end(page.body, () => void stopListening());
          return;
        }
      }
    }
    res.writeHead(reply.status, reply.headers);
    res.end(reply.body);
  };

  const server: Server = createServer((req, res) => void answer(req, res));
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const stopListening = () =>
    new Promise<void>((resolve) => {
      if (!listening) return resolve();
      listening = false;
      server.close(() => resolve());
      for (const socket of sockets) socket.destroy();
    });

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    count: (rut, page) =>
      received.filter((r) => r.rut === rut && (page === undefined || r.page === page)).length,
    arrivals: (rut, page) =>
      received.filter((r) => r.rut === rut && r.page === page).map((r) => r.at),
    setBehavior: (rut, behavior) => void behaviors.set(rut, behavior),
    heal: async (rut) => {
      behaviors.delete(rut);
      if (listening) return;
      await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
      listening = true;
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await stopListening();
    },
  };
}
