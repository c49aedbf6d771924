// Defense in depth for error answers: the proxy passes the upstream's JSON on byte for byte,
// so an upstream error that echoed the account's login (E1xx codes are about it) would
// reach the browser. Error answers are searched for the configured secrets, as written and
// as JSON escapes them, and each is replaced.
import type { NonSharedBuffer } from 'node:buffer';
import type { UpstreamAuth } from './config';

const REDACTED = '[oculto]';
/** Shorter strings (a "username" field such as "ana") would hit ordinary text. */
const MIN_SECRET_LENGTH = 6;

/** Every secret of the upstream credential: the token or key, and the account's strings. */
export function secretsOf(auth: UpstreamAuth): string[] {
  if (auth.mode === 'jwt') return [auth.token];
  const strings: string[] = [auth.key];
  const walk = (value: unknown) => {
    if (typeof value === 'string') strings.push(value);
    else if (value !== null && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk(auth.accountCredential);
  return strings.filter((s) => s.length >= MIN_SECRET_LENGTH);
}

/** Returns the bytes unchanged (the same object) when they hold no secret. */
export function createRedactor(
  secrets: readonly string[],
): (bytes: NonSharedBuffer) => NonSharedBuffer {
  const needles = [
    ...new Set(secrets.flatMap((secret) => [secret, JSON.stringify(secret).slice(1, -1)])),
  ]
    // The longest first, so a secret that contains another is replaced whole.
    .sort((a, b) => b.length - a.length)
    .map((text) => ({ text, bytes: Buffer.from(text) }));
  return (bytes) => {
    if (!needles.some((needle) => bytes.includes(needle.bytes))) return bytes;
    let text = bytes.toString('utf8');
    for (const needle of needles) text = text.split(needle.text).join(REDACTED);
    return Buffer.from(text);
  };
}
