/** What a billing import reports: what it read, what it stored, and the exact totals it saw. */
export interface BillingImportResult {
  kind: 'focus' | 'cur';
  file: string;
  /** Re-importing the same file replaces its rows. */
  importId: string;
  rowsRead: number;
  /** Aggregated rows stored in cost_line_items (per day, service, region, instance type, namespace, pricing). */
  lineItemsStored: number;
  /** Hourly on-demand instance rows stored in instance_usage_hours (hourly exports only). */
  usageHoursStored: number;
  /** Exact decimal sums of the file (amortised / invoice), as strings. */
  effectiveCostUsd: string;
  billedCostUsd: string;
  /** Reserved Instances and Savings Plans (distinct ids) whose lines were kept for planning. */
  commitmentsSeen: number;
  periodStartMs: number | null;
  periodEndMs: number | null;
  warnings: string[];
}
