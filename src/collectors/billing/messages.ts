/** Every message the billing collectors give a user, in one place. */
export const billingMessages = {
  unknownFormat: (kind: string, file: string) => `${kind} ${file}: not a CSV or Parquet file`,
  unknownFormatHint: 'export as CSV (.csv, .csv.gz) or Parquet (.parquet)',
  unreadable: (kind: string, file: string, why: string) => `${kind} ${file}: cannot be read (${why})`,
  unreadableHint: 'check the path and that the file is a complete export',
  missingColumns: (kind: string, file: string, columns: string[]) => `${kind} ${file}: missing column${columns.length > 1 ? 's' : ''} ${columns.join(', ')}`,
  focusHint: 'expected a FOCUS 1.0–1.2 export (BilledCost, EffectiveCost, ChargePeriodStart, ServiceName, …)',
  curHint: 'expected an AWS CUR 2.0 export (line_item_line_item_type, line_item_unblended_cost, line_item_usage_start_date, …)',
  badValue: (kind: string, file: string, column: string, row: number, value: string, expected: string) =>
    `${kind} ${file}: column ${column} row ${row}: "${value}" is not ${expected}`,
  badValueHint: 'fix or remove the row; exports from the cloud console are well-formed, so the file may be truncated or edited',
  noRows: (kind: string, file: string) => `${kind} ${file}: no rows`,
  noRowsHint: 'export at least one billing period',
} as const;
