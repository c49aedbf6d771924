// The columns the charts count and filter by (small: read outside the charts' lazy chunk).
import type { CaseRow } from '@/features/rows/case-rows';

export const CHART_COLUMNS = ['Estado', 'RazonSocialAcreedor', 'FechaCreacion'] as const;
export type ChartColumn = (typeof CHART_COLUMNS)[number];

/** Each chart's rows: the view's rows filtered by everything but the chart's own column. */
export type ChartFacets = Readonly<Record<ChartColumn, readonly CaseRow[]>>;
