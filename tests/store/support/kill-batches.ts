/** Rows each transaction of the kill test writes, all with one batch id. */
export const KILL_BATCH_ROWS = 400;
/** Statements those rows are written in, so a kill often lands inside a transaction. */
export const KILL_STATEMENTS_PER_BATCH = 4;
