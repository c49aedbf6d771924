// One line per billed upstream request, so an operator sees who spent what:
//   audit user=ana addr=10.0.0.7 rut=76999999 from=11/14/2019 to=11/05/2025 rows=200 page=3 status=200 ms=153
// Never a secret, a header or a body. Values outside a safe set are percent-encoded, so a
// user name cannot forge a field or a line.
import type { RequestData } from '../src/contract/request';

const SAFE = /^[\w.@:+/-]+$/;
/** A value as a log field: percent-encoded unless it is all safe characters. */
export const logField = (value: string) => (SAFE.test(value) ? value : encodeURIComponent(value));

/**
 * `user`: the signed-in user (undefined without access control); `address`: the peer;
 * `data`: the RequestData as sent upstream; `status`: the upstream's HTTP status, or the
 * proxy's own on a network failure or timeout.
 */
export function auditLine(
  user: string | undefined,
  address: string,
  data: RequestData,
  status: number,
  ms: number,
): string {
  return `audit user=${user === undefined ? '-' : logField(user)} addr=${logField(address)} rut=${logField(data.RutDeudor)} from=${logField(data.FechaCreacionDelCasoDesde)} to=${logField(data.FechaCreacionDelCasoHasta)} rows=${logField(data.Filas)} page=${logField(data.Paginas)} status=${status} ms=${Math.round(ms)}`;
}
