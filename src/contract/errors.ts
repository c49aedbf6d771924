// The error vocabulary of the Khipu API (docs/contract.md), shared by the proxy, the
// simulator and the browser.

export const ERROR_TYPES = [
  'RETRY_IMMEDIATELY',
  'DO_NOT_RETRY',
  'WAIT_4_HOURS_BEFORE_RETRY',
  'RETRY_AFTER_NOTIFICATION',
] as const;

export type ErrorType = (typeof ERROR_TYPES)[number];

export function isKnownErrorType(value: unknown): value is ErrorType {
  return typeof value === 'string' && (ERROR_TYPES as readonly string[]).includes(value);
}

/**
 * The API's codes for a request it refuses before reading anything (400), which the proxy
 * and the simulator answer with too, as the API would: P002 also for a body too large (413)
 * or not JSON at all (415).
 */
export const REQUEST_CODES = {
  /** A field is missing, or the body is not a JSON object. */
  missing: 'P001',
  /** A field has the wrong type or form. */
  malformed: 'P002',
  /** `Filas` outside 1–1000, or `Paginas` not a whole number ≥ 0. */
  outOfRange: 'P003',
  /** `RutDeudor` is not a RUT. */
  badRut: 'E401',
  /** A date is not a calendar date. */
  badDate: 'E402',
  /** The range ends before it starts. */
  rangeOrder: 'E403',
} as const;

export type RequestCode = (typeof REQUEST_CODES)[keyof typeof REQUEST_CODES];

export interface KhipuError {
  Code: string;
  Type: string;
  Description: string;
}

/** The response envelope with `Status: "ERROR"`, as Khipu answers failures. */
export interface KhipuErrorEnvelope {
  OperationId: string;
  Status: 'ERROR';
  Data: null;
  AdditionalInformation: string | null;
  Error: KhipuError;
  LifeSpan: null;
}

export function errorEnvelope(
  operationId: string,
  code: string,
  type: ErrorType,
  description: string,
): KhipuErrorEnvelope {
  return {
    OperationId: operationId,
    Status: 'ERROR',
    Data: null,
    AdditionalInformation: null,
    Error: { Code: code, Type: type, Description: description },
    LifeSpan: null,
  };
}
