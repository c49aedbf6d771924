import { describe, expect, it, vi } from 'vitest';
import {
  ConfigError,
  DEFAULT_HEADERS_TIMEOUT_MS,
  DEFAULT_KEEP_ALIVE_TIMEOUT_MS,
  DEFAULT_MAX_CONNECTIONS,
  DEFAULT_REQUEST_TIMEOUT_MS,
  loadConfig,
} from '../../server/config';
import { clientErrorResponse, clientErrorStatus } from '../../server/http/client-error';
import { checkIntervalMs, createHttpServer } from '../../server/http/http-server';
import { CONTENT_SECURITY_POLICY } from '../../server/security/security-headers';

describe('connection limits', () => {
  it('have defaults, keep-alive 65 s among them', () => {
    expect(loadConfig({}).connections).toEqual({
      headersTimeoutMs: DEFAULT_HEADERS_TIMEOUT_MS,
      requestTimeoutMs: DEFAULT_REQUEST_TIMEOUT_MS,
      keepAliveTimeoutMs: DEFAULT_KEEP_ALIVE_TIMEOUT_MS,
      maxConnections: DEFAULT_MAX_CONNECTIONS,
    });
    expect(DEFAULT_KEEP_ALIVE_TIMEOUT_MS).toBe(65_000);
  });

  it('are read from the environment', () => {
    expect(
      loadConfig({
        SERVER_HEADERS_TIMEOUT_MS: '500',
        SERVER_REQUEST_TIMEOUT_MS: '1000',
        SERVER_KEEP_ALIVE_TIMEOUT_MS: '2000',
        SERVER_MAX_CONNECTIONS: '3',
      }).connections,
    ).toEqual({
      headersTimeoutMs: 500,
      requestTimeoutMs: 1000,
      keepAliveTimeoutMs: 2000,
      maxConnections: 3,
    });
  });

  it.each([
    [{ SERVER_HEADERS_TIMEOUT_MS: '0' }, /SERVER_HEADERS_TIMEOUT_MS must be an integer between 1/],
    [{ SERVER_REQUEST_TIMEOUT_MS: 'soon' }, /SERVER_REQUEST_TIMEOUT_MS must be an integer/],
    [{ SERVER_KEEP_ALIVE_TIMEOUT_MS: '-1' }, /SERVER_KEEP_ALIVE_TIMEOUT_MS must be an integer/],
    [{ SERVER_MAX_CONNECTIONS: '0' }, /SERVER_MAX_CONNECTIONS must be an integer between 1/],
    [
      { SERVER_HEADERS_TIMEOUT_MS: '40000', SERVER_REQUEST_TIMEOUT_MS: '30000' },
      /SERVER_HEADERS_TIMEOUT_MS \(40000\) must not exceed SERVER_REQUEST_TIMEOUT_MS \(30000\)/,
    ],
  ])('refuse %o', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('are checked often enough for short timeouts, at Node’s pace for long ones', () => {
    const limits = loadConfig({}).connections;
    expect(checkIntervalMs({ ...limits, headersTimeoutMs: 400, requestTimeoutMs: 1000 })).toBe(100);
    expect(checkIntervalMs({ ...limits, headersTimeoutMs: 1, requestTimeoutMs: 1 })).toBe(50);
    expect(
      checkIntervalMs({ ...limits, headersTimeoutMs: 600_000, requestTimeoutMs: 600_000 }),
    ).toBe(30_000);
  });
});

describe('refused connections (SERVER_MAX_CONNECTIONS)', () => {
  it('are logged at most once a minute, and the last ones too when they stop', () => {
    vi.useFakeTimers();
    try {
      const lines: string[] = [];
      const limits = { ...loadConfig({}).connections, maxConnections: 3 };
      const server = createHttpServer(
        () => {},
        limits,
        (line) => lines.push(line),
      );
      for (let i = 0; i < 5; i++) server.emit('drop', {});
      expect(lines).toEqual([
        'connections refused: 1 since the last report, SERVER_MAX_CONNECTIONS (3) open',
      ]);
      vi.advanceTimersByTime(60_000);
      expect(lines.slice(1)).toEqual([
        'connections refused: 4 since the last report, SERVER_MAX_CONNECTIONS (3) open',
      ]);
      vi.advanceTimersByTime(120_000);
      expect(lines).toHaveLength(2);
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("the answer to a request Node's parser refuses", () => {
  it.each([
    ['ERR_HTTP_REQUEST_TIMEOUT', 408],
    ['HPE_HEADER_OVERFLOW', 431],
    ['HPE_CHUNK_EXTENSIONS_OVERFLOW', 413],
    ['HPE_INVALID_METHOD', 400],
    ['HPE_UNEXPECTED_CONTENT_LENGTH', 400],
    ['HPE_INVALID_CHUNK_SIZE', 400],
    [undefined, 400],
  ])('%s: %i', (code, status) => {
    expect(clientErrorStatus(code)).toBe(status);
  });

  it('carries the security headers and closes the connection', () => {
    const text = clientErrorResponse(431);
    expect(text.startsWith('HTTP/1.1 431 Request Header Fields Too Large\r\n')).toBe(true);
    expect(text).toContain(`content-security-policy: ${CONTENT_SECURITY_POLICY}\r\n`);
    expect(text).toContain('x-content-type-options: nosniff\r\n');
    expect(text).toContain('referrer-policy: no-referrer\r\n');
    expect(text).toContain('connection: close\r\n');
    expect(text.endsWith('content-length: 0\r\nconnection: close\r\n\r\n')).toBe(true);
  });
});
