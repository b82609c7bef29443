/** What a billing import reports: what it read, what it stored, and the exact totals it saw. */
export interface BillingImportResult {
  kind: 'focus' | 'cur';
  file: string;
  /** The export's id in the store: its kind and content hash (not its path). */
  importId: string;
  /** sha256 of the export's bytes. */
  contentHash: string;
  rowsRead: number;
  /** Aggregated rows stored in cost_line_items (per day, service, region, instance type, namespace, pricing). */
  lineItemsStored: number;
  /** Hourly on-demand instance rows stored in instance_usage_hours (hourly exports only). */
  usageHoursStored: number;
  /** Exact decimal sums of the file (amortised / invoice), as strings, in the export's currency (see `currencies`). */
  effectiveCostUsd: string;
  billedCostUsd: string;
  /** Reserved Instances and Savings Plans (distinct ids) whose lines were kept for planning. */
  commitmentsSeen: number;
  periodStartMs: number | null;
  periodEndMs: number | null;
  warnings: string[];
  /** Set when the same content was imported before (from this path or another): nothing was added. */
  duplicateOf: string | null;
  /** The billing slices (provider, billing account, billing period) the export holds. */
  slices: BillingSliceOutcome[];
  /** Currencies of the amounts, e.g. ['EUR']. */
  currencies: string[];
}

/** One provider's billing account for one billing period, as stored from this export. */
export interface BillingSliceOutcome {
  provider: string;
  billingAccount: string;
  billingPeriodStartMs: number;
  rows: number;
  effectiveCost: string;
  billedCost: string;
  currency: string;
  /** The earlier export of the same slice this one replaced, or null when the slice is new. */
  replaced: { fromPath: string; fromRows: number; fromEffectiveCost: string; message: string } | null;
}
