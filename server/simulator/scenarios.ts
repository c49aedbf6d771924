// Scenario debtors: RUT bodies whose answers exercise the client's paging, retry and
// reporting paths (listed in docs/operations.md). Any other RUT gets its deterministic history.
import type { ErrorType } from '../../src/contract/errors';
import {
  type CaseList,
  evenlySpreadCases,
  historicalCases,
  SEED_RUT_BODY,
  withNewCases,
} from './generator';

export interface ScenarioFailure {
  httpStatus: number;
  code: string;
  type: ErrorType;
  description: string;
}

export interface PageRequest {
  body: string;
  from: string;
  to: string;
  page: number;
  /** 1 on the first try of this page (same debtor, range, size and page) since the last reset. */
  attempt: number;
}

/**
 * How an asynchronous call's result is POSTed: `normal` once after the callback delay,
 * `never`, `twice`, `foreign` (with another OperationId), `late` (after the LifeSpan).
 */
export type CallbackBehavior = 'normal' | 'never' | 'twice' | 'foreign' | 'late';

export interface Scenario {
  summary: string;
  cases(request: PageRequest): CaseList;
  failure?(request: PageRequest): ScenarioFailure | null;
  additionalInformation?: string;
  /** Asynchronous mode only: the callback's behavior for this request. */
  callback?(request: PageRequest): CallbackBehavior;
}

export const CEN_DOWN: Omit<ScenarioFailure, 'httpStatus'> = {
  code: 'E201',
  type: 'RETRY_IMMEDIATELY',
  description:
    'El servicio destino utilizado para la extracción de datos no se encuentra disponible.',
};

const history = (r: PageRequest) => historicalCases(r.body, r.from, r.to);
const always = (failure: ScenarioFailure) => () => failure;

export const SCENARIOS: Readonly<Record<string, Scenario>> = {
  [SEED_RUT_BODY]: {
    summary: '4.575 casos entre 11/14/2019 y 11/05/2025 (el ejemplo publicado)',
    cases: history,
  },
  '96000000': { summary: 'sin casos', cases: (r) => evenlySpreadCases(r.body, r.from, r.to, 0) },
  '99000000': {
    summary: '100.000 casos',
    cases: (r) => evenlySpreadCases(r.body, r.from, r.to, 100_000),
  },
  '91000001': {
    summary: 'RETRY_IMMEDIATELY (E201) en el primer intento de cada página, luego éxito',
    cases: history,
    failure: (r) => (r.attempt === 1 ? { httpStatus: 500, ...CEN_DOWN } : null),
  },
  '91000002': {
    summary: 'DO_NOT_RETRY en cada intento',
    cases: history,
    failure: always({
      httpStatus: 400,
      code: 'E404',
      type: 'DO_NOT_RETRY',
      description: 'El RUT deudor no está registrado como participante en la plataforma del CEN.',
    }),
  },
  '91000003': {
    summary: 'WAIT_4_HOURS_BEFORE_RETRY en cada intento',
    cases: history,
    failure: always({
      httpStatus: 200,
      code: 'E202',
      type: 'WAIT_4_HOURS_BEFORE_RETRY',
      description:
        'La plataforma del CEN bloqueó temporalmente las consultas de esta cuenta por exceso de solicitudes.',
    }),
  },
  '91000004': {
    summary: 'RETRY_AFTER_NOTIFICATION en cada intento',
    cases: history,
    failure: always({
      httpStatus: 200,
      code: 'E101',
      type: 'RETRY_AFTER_NOTIFICATION',
      description:
        'No fue posible iniciar sesión en la plataforma del CEN: la contraseña de la cuenta expiró. Actualícela en el sitio y avise a Khipu.',
    }),
  },
  '92000000': {
    summary: '1.000 casos; la página 2 responde HTTP 500 en su primer intento',
    cases: (r) => evenlySpreadCases(r.body, r.from, r.to, 1000),
    failure: (r) =>
      r.page === 2 && r.attempt === 1
        ? {
            httpStatus: 500,
            code: 'I001',
            type: 'RETRY_IMMEDIATELY',
            description: 'Error interno de la infraestructura.',
          }
        : null,
  },
  '93000000': {
    summary: 'AdditionalInformation en cada página',
    cases: history,
    additionalInformation:
      'Los datos pueden estar incompletos: la plataforma del CEN no respondió para algunos períodos.',
  },
  '94000000': {
    summary: 'el total crece en 3 entre la página 0 y las siguientes',
    cases: (r) => (r.page === 0 ? history(r) : withNewCases(r.body, history(r), 3, r.to)),
  },
  '95000001': {
    summary: 'modo asíncrono: el resultado de la página 1 nunca llega la primera vez',
    cases: history,
    callback: (r) => (r.page === 1 && r.attempt === 1 ? 'never' : 'normal'),
  },
  '95000002': {
    summary: 'modo asíncrono: cada resultado llega dos veces',
    cases: history,
    callback: () => 'twice',
  },
  '95000003': {
    summary: 'modo asíncrono: el primer resultado de la página 1 trae otro OperationId',
    cases: history,
    callback: (r) => (r.page === 1 && r.attempt === 1 ? 'foreign' : 'normal'),
  },
  '95000004': {
    summary: 'modo asíncrono: el primer resultado de la página 1 llega después de su LifeSpan',
    cases: history,
    callback: (r) => (r.page === 1 && r.attempt === 1 ? 'late' : 'normal'),
  },
};

export function scenarioFor(body: string): Scenario {
  return SCENARIOS[body] ?? { summary: 'historial determinista del deudor', cases: history };
}
