// The request's bounds (docs/contract.md), apart from its schema (request.ts): the form and
// the cost question check them without loading zod.

/** The most rows a page may ask for. */
export const MAX_ROWS_PER_PAGE = 1000;
