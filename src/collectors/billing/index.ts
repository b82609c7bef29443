// Billing collectors: FOCUS and AWS CUR (2.0 and legacy) files through DuckDB, and AWS Cost Explorer through the SDK.
export { importFocusFile, focusRequiredColumns } from './focus.js';
export { importCurFile, curRequiredColumns, curEffectiveCostSql } from './cur.js';
export { maxShrinkRatio, describeSlice, type BillingImportOptions } from './store-normalised.js';
export { detectBillLayout, describeKnownLayouts, legacyCurColumnName, billLayouts, type BillLayout } from './bill-layout.js';
export type { BillingImportResult, BillingSliceOutcome } from './import-result.js';
export { billingMessages } from './messages.js';
export { CostExplorerCollector, formatCostExplorerTime, type CostExplorerOptions, type CostExplorerStats, type CostExplorerGroupBy, type CostExplorerMetric, type CostExplorerGranularity } from './cost-explorer.js';
export { collectCostExplorerBilling, type CostExplorerBilling, type CostExplorerBillingRequest, type CostExplorerTotal } from './cost-explorer-billing.js';
export { parseAmountUnits, formatAmountUnits, amountUnitsToNumber, isDecimalString } from './decimal-amount.js';
