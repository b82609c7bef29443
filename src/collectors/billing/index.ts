// Billing collectors: FOCUS and CUR 2.0 files through DuckDB, and AWS Cost Explorer through the SDK.
export { importFocusFile, focusRequiredColumns, type BillingImportOptions } from './focus.js';
export { importCurFile, curRequiredColumns, curEffectiveCostSql } from './cur.js';
export type { BillingImportResult } from './import-result.js';
export { billingMessages } from './messages.js';
export { CostExplorerCollector, formatCostExplorerTime, type CostExplorerOptions, type CostExplorerStats, type CostExplorerGroupBy, type CostExplorerMetric, type CostExplorerGranularity } from './cost-explorer.js';
export { collectCostExplorerBilling, type CostExplorerBilling, type CostExplorerBillingRequest } from './cost-explorer-billing.js';
export { parseAmountUnits, formatAmountUnits, amountUnitsToNumber, isDecimalString } from './decimal-amount.js';
