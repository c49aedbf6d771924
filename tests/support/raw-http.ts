// A raw TCP connection to a test server: the test writes bytes as it likes (slowly, malformed)
// and reads whatever comes back until the server closes the connection.
import { connect, type Socket } from 'node:net';
import { SEED_BODY } from './fixtures/requests';

export interface RawAnswer {
  /** The status of the first answer, 0 when none came. */
  status: number;
  /** Everything received, latin1. */
  text: string;
  /** False when the test gave up waiting (after `capMs`) and closed it itself. */
  closedByServer: boolean;
}

export interface RawConnection {
  socket: Socket;
  /** Resolves once the connection is closed. */
  closed: Promise<RawAnswer>;
  /** What has come back so far. */
  received(): string;
}

/**
 * The head of a POST of the seed search's JSON to `target` (request line and headers, without
 * the blank line), `headers` added.
 */
export const seedPostHead = (target: string, headers: readonly string[] = []) =>
  [
    `POST ${target} HTTP/1.1`,
    'Content-Type: application/json',
    `Content-Length: ${Buffer.byteLength(JSON.stringify(SEED_BODY))}`,
    ...headers,
  ].join('\r\n');

export const statusOf = (text: string) => Number(/^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1] ?? 0);

export function openRaw(port: number, capMs = 15_000): RawConnection {
  const socket = connect(port, '127.0.0.1');
  socket.setEncoding('latin1');
  let text = '';
  let closedByServer = true;
  socket.on('data', (chunk: string) => {
    text += chunk;
  });
  // A reset after the server's answer (it closes with bytes unread): 'close' follows.
  socket.on('error', () => {});
  const closed = new Promise<RawAnswer>((resolve) => {
    const cap = setTimeout(() => {
      closedByServer = false;
      socket.destroy();
    }, capMs);
    socket.on('close', () => {
      clearTimeout(cap);
      resolve({ status: statusOf(text), text, closedByServer });
    });
  });
  return { socket, closed, received: () => text };
}

/**
 * Sends `head` (request line and headers, without the blank line) with `Connection: close`,
 * then `body`, and resolves with what came back once the connection is closed.
 */
export function sendRaw(port: number, head: string, body = ''): Promise<RawAnswer> {
  const connection = openRaw(port);
  // write, not end: a half-closed socket may be dropped before a slow answer is written.
  connection.socket.write(`${head}\r\nConnection: close\r\n\r\n${body}`);
  return connection.closed;
}

/** Writes `text` one character every `everyMs` until the connection closes or it is all sent. */
export async function trickle(socket: Socket, text: string, everyMs: number): Promise<void> {
  for (const character of text) {
    if (socket.destroyed || !socket.writable) return;
    socket.write(character);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
