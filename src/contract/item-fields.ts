// The item's assumed fields (docs/contract.md) and the kind of value each holds, in one
// listing. Apart from the schema (item.ts): the page names the fields without loading zod.

export const ITEM_FIELD_KINDS = {
  IdCaso: 'text',
  FechaCreacion: 'date',
  Estado: 'text',
  Motivo: 'text',
  Descripcion: 'text',
  RutDeudor: 'text',
  DvDeudor: 'text',
  RazonSocialDeudor: 'text',
  RutAcreedor: 'text',
  DvAcreedor: 'text',
  RazonSocialAcreedor: 'text',
  IdInstruccion: 'numeric',
  CodigoCuadroPago: 'text',
  Periodo: 'text',
  MontoNeto: 'numeric',
  MontoBruto: 'numeric',
  TipoDte: 'numeric',
  Folio: 'numeric',
  FechaResolucion: 'date',
} as const satisfies Record<string, 'text' | 'date' | 'numeric'>;

export type KnownItemField = keyof typeof ITEM_FIELD_KINDS;
export type ItemFieldKind = (typeof ITEM_FIELD_KINDS)[KnownItemField];

/** The fields in the listing's order. */
export const KNOWN_ITEM_FIELDS = Object.keys(ITEM_FIELD_KINDS) as KnownItemField[];
