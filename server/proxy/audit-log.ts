// One line per billed upstream request, so an operator sees who spent what:
//   audit user=ana addr=10.0.0.7 rut=76999999 from=11/14/2019 to=11/05/2025 rows=200 page=3 status=200 ms=153
//   audit user=ana addr=10.0.0.7 rut=76999999 from=11/14/2019 to=11/05/2025 rows=200 page=4 status=200 code=X003 ms=97
//   audit user=ana addr=10.0.0.7 rut=76999999 from=11/14/2019 to=11/05/2025 rows=200 page=5 status=- code=X001 ms=12
// Never a secret, a header or a body. Values outside a safe set are percent-encoded, so a
// user name cannot forge a field or a line.
import type { RequestData } from '../../src/contract/request';

const SAFE = /^[\w.@:+/-]+$/;
/** A value as a log field: percent-encoded unless it is all safe characters. */
export const logField = (value: string) => (SAFE.test(value) ? value : encodeURIComponent(value));

/** How a billed request ended, as the audit line tells it. */
export interface AuditedResult {
  /** The upstream's HTTP status; null when none came (network failure, timeout). */
  upstreamStatus: number | null;
  /** The proxy's own code when it answered in the upstream's stead (X001, X003…), else null. */
  proxyCode: string | null;
}

/**
 * `user`: the signed-in user (undefined without access control); `address`: the client's
 * (client-identity.ts `clientAddress`);
 * `data`: the RequestData as sent upstream. `code=` is there only when the proxy answered
 * with a code of its own, so a plain answer's line reads as it always did.
 */
export function auditLine(
  user: string | undefined,
  address: string,
  data: RequestData,
  { upstreamStatus, proxyCode }: AuditedResult,
  ms: number,
): string {
  const status = upstreamStatus === null ? '-' : String(upstreamStatus);
  const code = proxyCode === null ? '' : ` code=${logField(proxyCode)}`;
  return `audit user=${user === undefined ? '-' : logField(user)} addr=${logField(address)} rut=${logField(data.RutDeudor)} from=${logField(data.FechaCreacionDelCasoDesde)} to=${logField(data.FechaCreacionDelCasoHasta)} rows=${logField(data.Filas)} page=${logField(data.Paginas)} status=${status}${code} ms=${Math.round(ms)}`;
}
