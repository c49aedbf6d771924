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
