// What the server answers a request Node's HTTP parser refuses before the app sees it: a
// malformed request line, both Content-Length and Transfer-Encoding, a bad chunk, headers
// too large, or a client too slow. Node's own answer to these carries no security headers.
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { SECURITY_HEADERS } from '../security/security-headers';

/** The status for a parser or timeout error, by its code (as Node's own default answer). */
export function clientErrorStatus(code: string | undefined): number {
  switch (code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return 408;
    case 'HPE_HEADER_OVERFLOW':
      return 431;
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return 413;
    default:
      return 400;
  }
}

/** The whole answer, bytes as written to the socket: no body, and the connection closed. */
export function clientErrorResponse(status: number): string {
  const headers = { ...SECURITY_HEADERS, 'content-length': '0', connection: 'close' };
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`);
  return `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n${lines.join('')}\r\n`;
}

/** Node's in-flight answer on a socket (what its own clientError default checks). */
type HttpSocket = Duplex & { _httpMessage?: { headersSent: boolean } | null };

/** The http server's 'clientError' handler. */
export function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  const inFlight = (socket as HttpSocket)._httpMessage;
  // An answer already begun cannot be followed by another on the same bytes: only close.
  if (error.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
    socket.destroy();
    return;
  }
  socket.end(clientErrorResponse(clientErrorStatus(error.code)), () => socket.destroy());
}
