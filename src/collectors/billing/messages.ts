/** Every message the billing collectors give a user, in one place. */
export const billingMessages = {
  unknownFormat: (kind: string, file: string) => `${kind} ${file}: not a CSV or Parquet file`,
  unknownFormatHint: 'export as CSV (.csv, .csv.gz) or Parquet (.parquet)',
  unreadable: (kind: string, file: string, why: string) => `${kind} ${file}: cannot be read (${why})`,
  unreadableHint: 'check the path and that the file is a complete export',
  missingColumns: (kind: string, file: string, columns: string[]) => `${kind} ${file}: missing column${columns.length > 1 ? 's' : ''} ${columns.join(', ')}`,
  focusHint: 'expected a FOCUS 1.0–1.2 export (BilledCost, EffectiveCost, ChargePeriodStart, ServiceName, …)',
  curHint: 'expected an AWS CUR export: CUR 2.0 (line_item_line_item_type, line_item_unblended_cost, line_item_usage_start_date, …) or legacy CUR (lineItem/LineItemType, lineItem/UnblendedCost, …)',
  badValue: (kind: string, file: string, column: string, row: number, value: string, expected: string) =>
    `${kind} ${file}: column ${column} row ${row}: "${value}" is not ${expected}`,
  badValueHint: 'fix or remove the row; exports from the cloud console are well-formed, so the file may be truncated or edited',
  noRows: (kind: string, file: string) => `${kind} ${file}: no rows`,
  emptyFile: (kind: string, file: string) => `${kind} ${file}: empty file`,
  emptyHint: 'export the billing period again; an export always has a header and at least one row',
  noHeader: (kind: string, file: string) => `${kind} ${file}: no CSV header (the first line has fewer than two columns)`,
  headerOnly: (kind: string, file: string) => `${kind} ${file}: header only, no rows`,
  truncatedCsv: (kind: string, file: string, line: number, expected: number, got: number | null) =>
    `${kind} ${file}: truncated at line ${line} (${got === null ? 'an unterminated quoted field' : `${got} of ${expected} columns`})`,
  truncatedGzip: (kind: string, file: string, line: number) => `${kind} ${file}: truncated gzip stream (ends inside line ${line})`,
  truncatedParquet: (kind: string, file: string, bytes: number) => `${kind} ${file}: truncated Parquet file (${bytes} bytes, no PAR1 footer)`,
  notParquet: (kind: string, file: string) => `${kind} ${file}: not a Parquet file (no PAR1 header)`,
  truncatedHint: 'download or copy the export again; nothing was imported from it',
  unknownLayout: (kind: string, file: string, found: string) => `${kind} ${file}: not a known billing layout (${found})`,
  layoutHint: (known: string) => `known layouts: ${known}`,
  otherLayoutHint: (layout: string, flag: string) => `this is ${/^[AEIOU]/.test(layout) ? 'an' : 'a'} ${layout} export: import it with ${flag}`,
  duplicate: (file: string, earlier: string) => `${file}: same content as ${earlier}, already imported; nothing added`,
  smaller: (file: string, slice: string, oldRows: number, newRows: number, oldCost: string, newCost: string) =>
    `${file}: refusing to replace ${slice}: the new export is much smaller (${oldRows} → ${newRows} rows, ${oldCost} → ${newCost})`,
  smallerHint: 'a partial or truncated export would replace a complete one; pass --replace-smaller if the new export is right',
  replaced: (slice: string, oldCost: string, newCost: string) => `replaced ${slice}: ${oldCost} → ${newCost}`,
  noRowsHint: 'export at least one billing period',
} as const;
