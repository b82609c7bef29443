// Rightsizing outputs: pure formatters in a registry (the runner does the I/O).
import type { RightsizeResult } from '../../domain/recommendation.js';
import { formatRightsizeCsv } from './format-csv.js';
import { formatRightsizeJson } from './format-json.js';
import { formatRightsizeMarkdown } from './format-markdown.js';
import { formatRightsizeTable, type TableOptions } from './format-table.js';
import type { RightsizeFormat } from './formats.js';

export { rightsizeFormats, type RightsizeFormat } from './formats.js';

export const rightsizeFormatters: Record<RightsizeFormat, (result: RightsizeResult, options?: TableOptions) => string> = {
  table: formatRightsizeTable,
  json: formatRightsizeJson,
  csv: formatRightsizeCsv,
  markdown: formatRightsizeMarkdown,
};

export { formatRightsizeCsv, rightsizeCsvColumns } from './format-csv.js';
export { formatRightsizeJson } from './format-json.js';
export { formatRightsizeMarkdown } from './format-markdown.js';
export { formatRightsizeTable, type TableOptions } from './format-table.js';
export { sortBySavings } from './order.js';
export { formatUsd, describeTotals, describeRepacking } from './cells.js';
