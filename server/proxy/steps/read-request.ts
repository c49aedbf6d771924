// Read and validate the browser's request before anything is billed. A bad one is
// refused in the API's error shape with its parameter codes, as the API would refuse it.
import { REQUEST_CODES } from '../../../src/contract/errors';
import { type RequestData, validateRequest } from '../../../src/contract/request';
import { toWireRut } from '../../../src/lib/rut';
import { isJsonContentType } from '../../http/json-content-type';
import { khipuError } from '../../khipu-error';

/** A page request as the proxy bills it. */
export interface PageRequest {
  /** What is sent upstream, the RUT in its wire form: also the audit line's fields. */
  requestData: RequestData;
  /** The page asked for (0 first). */
  page: number;
  rowsPerPage: number;
}

/** A refusal of a body that does not say it is JSON (checked before the body is read). */
export function refuseNonJson(contentType: string | undefined): Response | null {
  if (isJsonContentType(contentType)) return null;
  return khipuError(
    415,
    REQUEST_CODES.malformed,
    'DO_NOT_RETRY',
    'La solicitud debe ser JSON (Content-Type: application/json).',
  );
}

/**
 * The page request in `text`, or the refusal of its first problem. Only the RequestData's
 * fields go on: credentials, cookies, AccountCredential and CallbackUrl are the proxy's call.
 */
export function readPageRequest(text: string, rutWithDv: boolean): PageRequest | Response {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return khipuError(
      400,
      REQUEST_CODES.missing,
      'DO_NOT_RETRY',
      'El cuerpo de la solicitud no es JSON válido.',
    );
  }
  // The browser may write the RUT as a person does; the wire form is the proxy's call.
  const checked = validateRequest(body, 'any');
  if (!checked.ok) {
    return khipuError(400, checked.problem.code, 'DO_NOT_RETRY', checked.problem.description);
  }
  const valid = checked.value;
  const data = (body as { RequestData: RequestData }).RequestData;
  return {
    requestData: {
      FechaCreacionDelCasoDesde: data.FechaCreacionDelCasoDesde,
      FechaCreacionDelCasoHasta: data.FechaCreacionDelCasoHasta,
      RutDeudor: toWireRut(valid.rut, rutWithDv),
      Filas: String(valid.rowsPerPage),
      Paginas: String(valid.page),
    },
    page: valid.page,
    rowsPerPage: valid.rowsPerPage,
  };
}
