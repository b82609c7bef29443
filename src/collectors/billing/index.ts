// Billing collectors: FOCUS and CUR 2.0 files through DuckDB, and AWS Cost Explorer through the SDK.
export { importFocusFile, focusRequiredColumns, type BillingImportOptions } from './focus.js';
export { importCurFile, curRequiredColumns, curEffectiveCostSql } from './cur.js';
export type { BillingImportResult } from './import-result.js';
export { billingMessages } from './messages.js';
