/**
 * What FOCUS and CUR imports share after their columns are normalised: an export's identity, and
 * storing its billing slices.
 *
 *   preflight every file (empty? header only? truncated?) and hash it ─► same content imported
 *   before? say so, change nothing ─► (import normalises its rows) ─► per billing slice — provider,
 *   billing account, billing period — find the slice stored from an earlier export ─► refuse a much
 *   smaller replacement ─► delete the old slice, insert the new one, record it in billing_imports
 *
 * All of it runs in the caller's transaction: a refused or malformed export changes nothing.
 */
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { InputError } from '../../domain/errors.js';
import { formatMoney } from '../../domain/money.js';
import type { StoreQueries } from '../../store/index.js';
import { detectBillingFormat, sqlString } from './billing-file.js';
import { preflightBillFile } from './bill-preflight.js';
import type { BillingImportResult, BillingSliceOutcome } from './import-result.js';
import { billingMessages as m } from './messages.js';

export interface BillingImportOptions {
  /** Tag that holds the Kubernetes namespace. Default `kubernetes.io/namespace`. */
  namespaceTag?: string;
  /** Replace a stored billing slice even when the new export is more than 20 % smaller (rows or cost). */
  replaceSmaller?: boolean;
}

/** An export shrinking by more than this share (rows or cost) is refused without replaceSmaller. */
export const maxShrinkRatio = 0.2;

export interface ExportIdentity {
  kind: 'focus' | 'cur';
  files: string[];
  label: string;
  contentHash: string;
  importId: string;
  /** Set when the same content was imported before: the result to return, nothing stored. */
  duplicate: BillingImportResult | null;
}

export function exportFiles(file: string | string[]): { files: string[]; label: string } {
  const files = Array.isArray(file) ? [...file] : [file];
  return { files, label: files.length === 1 ? files[0]! : `${files[0]} (+${files.length - 1} more)` };
}

/** Checks every file of the export and hashes the content; recognises content imported before. */
export async function identifyExport(q: StoreQueries, kind: 'focus' | 'cur', files: string[], label: string): Promise<ExportIdentity> {
  const hashes: string[] = [];
  for (const f of files) hashes.push((await preflightBillFile(kind, f, detectBillingFormat(kind, f))).contentHash);
  const contentHash = hashes.length === 1 ? hashes[0]! : createHash('sha256').update([...hashes].sort().join('\n')).digest('hex');
  const importId = `${kind}:${contentHash.slice(0, 16)}`;
  const earlier = await q.all<{ path: string; rows: number; effective: string; billed: string; lo: number | null; hi: number | null }>(
    `SELECT any_value(path) AS path, sum(row_count) AS rows, CAST(sum(effective_cost) AS VARCHAR) AS effective, CAST(sum(billed_cost) AS VARCHAR) AS billed,
            epoch_ms(min(charge_start)) AS lo, epoch_ms(max(charge_end)) AS hi
     FROM billing_imports WHERE content_hash = $1 AND source = $2`, [contentHash, kind]);
  const e = earlier[0];
  let duplicate: BillingImportResult | null = null;
  if (e && e.path !== null && e.path !== undefined) {
    const counts = (await q.all<{ items: number }>('SELECT count(*) AS items FROM cost_line_items WHERE import_id = $1', [importId]))[0]!;
    duplicate = {
      kind, file: label, importId, contentHash, rowsRead: Number(e.rows), lineItemsStored: Number(counts.items), usageHoursStored: 0,
      effectiveCostUsd: e.effective, billedCostUsd: e.billed, commitmentsSeen: 0, periodStartMs: e.lo === null ? null : Number(e.lo), periodEndMs: e.hi === null ? null : Number(e.hi),
      warnings: [], duplicateOf: e.path, slices: [], currencies: [],
    };
  }
  return { kind, files, label, contentHash, importId, duplicate };
}

type SliceRow = {
  provider: string;
  billing_account: string;
  period_ms: number;
  rows: number;
  effective: string;
  billed: string;
  currencies: string;
  lo: number;
  hi: number;
};

type StoredSlice = {
  import_id: string;
  path: string;
  row_count: number;
  effective: string;
  currencies: string;
  lo: number | null;
  hi: number | null;
};

const monthLabel = (ms: number) => new Date(ms).toISOString().slice(0, 7);

/** "2026-10 for account 1234" */
export function describeSlice(s: { provider: string; billingAccount: string; billingPeriodStartMs: number }): string {
  return `${monthLabel(s.billingPeriodStartMs)} for account ${s.billingAccount || '(none)'}`;
}

/**
 * Compute lines keep their resource (the instance ID) so that cost allocation can match them to
 * Kubernetes nodes by `kube_node_info{provider_id}`; other lines are summed across resources.
 */
const nodeResourceIdSql = "CASE WHEN instance_type <> '' THEN resource_id ELSE '' END";

/**
 * Stores a normalised temp table (start_ts, end_ts, provider, service, region, instance_type,
 * namespace, billed, effective, list, quantity, unit, pricing_category, commitment_id, currency,
 * billing_account, billing_period_raw): line items per day, hourly on-demand instances from
 * one-hour lines matching `onDemandFilter`, each billing slice replacing the one stored before.
 */
export async function storeNormalised(q: StoreQueries, o: {
  kind: 'focus' | 'cur'; file: string; identity: ExportIdentity; options: BillingImportOptions; hasCurrency: boolean; onDemandFilter: string; table: string;
}): Promise<BillingImportResult> {
  const { importId } = o.identity;
  const totals = (await q.all<{ rows: number; effective: string | null; billed: string | null; lo: number | null; hi: number | null; bad_time: number; currencies: string[] }>(
    `SELECT count(*) AS rows, CAST(sum(effective) AS VARCHAR) AS effective, CAST(sum(billed) AS VARCHAR) AS billed,
            epoch_ms(min(start_ts)) AS lo, epoch_ms(max(end_ts)) AS hi, count(*) FILTER (WHERE start_ts IS NULL) AS bad_time,
            list(DISTINCT currency ORDER BY currency) FILTER (WHERE currency <> '') AS currencies FROM ${o.table}`))[0]!;
  if (Number(totals.rows) === 0) throw new InputError(m.noRows(o.kind, o.file), { hint: m.noRowsHint });
  const warnings: string[] = [];
  if (Number(totals.bad_time) > 0) warnings.push(`${totals.bad_time} row(s) without a charge period were skipped`);
  const currencies = [...(totals.currencies ?? [])].map(String);
  if (!o.hasCurrency) warnings.push('no currency column (BillingCurrency / line_item_currency_code): amounts taken as USD');
  // A row without a currency is in the export's currency when the export has only one.
  if (currencies.length === 1) await q.run(`UPDATE ${o.table} SET currency = $1 WHERE currency = ''`, [currencies[0]!]);
  // The billing period: as exported, else the calendar month of the charge.
  await q.run(`ALTER TABLE ${o.table} ADD COLUMN billing_period TIMESTAMP`);
  await q.run(`UPDATE ${o.table} SET billing_period = coalesce(billing_period_raw, date_trunc('month', start_ts))`);

  const slices = (await q.all<SliceRow>(
    `SELECT provider, billing_account, epoch_ms(billing_period) AS period_ms, count(*) AS rows, CAST(sum(effective) AS VARCHAR) AS effective, CAST(sum(billed) AS VARCHAR) AS billed,
            string_agg(DISTINCT nullif(currency, ''), ',' ORDER BY nullif(currency, '')) AS currencies, epoch_ms(min(start_ts)) AS lo, epoch_ms(max(end_ts)) AS hi
     FROM ${o.table} WHERE start_ts IS NOT NULL GROUP BY ALL ORDER BY period_ms, provider, billing_account`)).map((s) => ({ ...s, period_ms: Number(s.period_ms), rows: Number(s.rows), lo: Number(s.lo), hi: Number(s.hi) }));

  const outcomes: BillingSliceOutcome[] = [];
  for (const s of slices) {
    const key = { provider: s.provider, billingAccount: s.billing_account, billingPeriodStartMs: s.period_ms };
    const currency = s.currencies ?? '';
    const before = (await q.all<StoredSlice>(
      `SELECT import_id, path, row_count, CAST(effective_cost AS VARCHAR) AS effective, currencies, epoch_ms(charge_start) AS lo, epoch_ms(charge_end) AS hi FROM billing_imports
       WHERE source = $1 AND provider = $2 AND billing_account = $3 AND billing_period_start = $4`, [o.kind, s.provider, s.billing_account, new Date(s.period_ms)]))[0];
    let replaced: BillingSliceOutcome['replaced'] = null;
    if (before) {
      const oldCost = Number(before.effective);
      const newCost = Number(s.effective);
      const shrinks = s.rows < Number(before.row_count) * (1 - maxShrinkRatio) || Math.abs(newCost) < Math.abs(oldCost) * (1 - maxShrinkRatio);
      if (shrinks && !o.options.replaceSmaller) {
        throw new InputError(m.smaller(o.file, describeSlice(key), Number(before.row_count), s.rows, formatMoney(oldCost, before.currencies || 'USD'), formatMoney(newCost, currency || 'USD')), { hint: m.smallerHint });
      }
      await deleteSlice(q, before, s);
      replaced = { fromPath: before.path, fromRows: Number(before.row_count), fromEffectiveCost: before.effective, message: m.replaced(describeSlice(key), formatMoney(oldCost, before.currencies || 'USD'), formatMoney(newCost, currency || 'USD')) };
    }
    outcomes.push({ ...key, rows: s.rows, effectiveCost: s.effective, billedCost: s.billed, currency, replaced });
  }
  // Stores written before imports had an identity keyed rows by path.
  for (const f of o.identity.files) await deleteImport(q, `${o.kind}:${resolve(f)}`);
  await deleteImport(q, importId);

  await q.run(`INSERT INTO cost_line_items (import_id, period_start, period_end, provider, service, region, instance_type, namespace, resource_id,
      billed_cost_usd, effective_cost_usd, list_cost_usd, usage_quantity, usage_unit, pricing_category, commitment_discount_id, source, currency, billing_account, billing_period_start)
    SELECT ${sqlString(importId)}, date_trunc('day', start_ts), date_trunc('day', start_ts) + INTERVAL 1 DAY, provider, service, region, instance_type, namespace, node_resource_id,
      CAST(sum(billed) AS DOUBLE), CAST(sum(effective) AS DOUBLE), CAST(sum(list) AS DOUBLE), sum(quantity), unit, pricing_category, commitment_id, ${sqlString(o.kind)},
      currency, billing_account, billing_period
    FROM (SELECT *, ${nodeResourceIdSql} AS node_resource_id FROM ${o.table}) WHERE start_ts IS NOT NULL
    GROUP BY date_trunc('day', start_ts), provider, service, region, instance_type, namespace, node_resource_id, unit, pricing_category, commitment_id, currency, billing_account, billing_period`);
  await q.run(`INSERT INTO instance_usage_hours (import_id, hour, region, instance_type, instances)
    SELECT ${sqlString(importId)}, date_trunc('hour', start_ts), region, instance_type, sum(quantity)
    FROM ${o.table} WHERE start_ts IS NOT NULL AND end_ts - start_ts = INTERVAL 1 HOUR AND instance_type <> '' AND ${o.onDemandFilter}
    GROUP BY ALL`);
  for (const s of outcomes) {
    const raw = slices.find((r) => r.provider === s.provider && r.billing_account === s.billingAccount && r.period_ms === s.billingPeriodStartMs)!;
    await q.run(`INSERT INTO billing_imports (import_id, source, provider, billing_account, billing_period_start, content_hash, path, currencies, row_count, effective_cost, billed_cost, charge_start, charge_end)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, CAST($10 AS DECIMAL(38,10)), CAST($11 AS DECIMAL(38,10)), $12, $13)`,
    [importId, o.kind, s.provider, s.billingAccount, new Date(s.billingPeriodStartMs), o.identity.contentHash, o.identity.label, s.currency, s.rows, s.effectiveCost, s.billedCost, new Date(raw.lo), new Date(raw.hi)]);
  }
  const counts = (await q.all<{ items: number; hours: number }>(
    'SELECT (SELECT count(*) FROM cost_line_items WHERE import_id = $1) AS items, (SELECT count(*) FROM instance_usage_hours WHERE import_id = $1) AS hours', [importId]))[0]!;
  return {
    kind: o.kind, file: o.file, importId, contentHash: o.identity.contentHash, rowsRead: Number(totals.rows), lineItemsStored: Number(counts.items), usageHoursStored: Number(counts.hours),
    effectiveCostUsd: totals.effective ?? '0', billedCostUsd: totals.billed ?? '0', commitmentsSeen: 0,
    periodStartMs: totals.lo === null ? null : Number(totals.lo), periodEndMs: totals.hi === null ? null : Number(totals.hi), warnings,
    duplicateOf: null, slices: outcomes, currencies: o.hasCurrency ? currencies : ['USD'],
  };
}

/** Deletes one billing slice of an earlier export: its line items, and its hours and commitment lines within its charge span. */
async function deleteSlice(q: StoreQueries, before: StoredSlice, s: SliceRow): Promise<void> {
  await q.run('DELETE FROM cost_line_items WHERE import_id = $1 AND provider = $2 AND billing_account = $3 AND billing_period_start = $4',
    [before.import_id, s.provider, s.billing_account, new Date(s.period_ms)]);
  await q.run('DELETE FROM billing_imports WHERE import_id = $1 AND provider = $2 AND billing_account = $3 AND billing_period_start = $4',
    [before.import_id, s.provider, s.billing_account, new Date(s.period_ms)]);
  const left = (await q.all<{ n: number }>('SELECT count(*) AS n FROM billing_imports WHERE import_id = $1', [before.import_id]))[0]!;
  if (Number(left.n) === 0) {
    await deleteImport(q, before.import_id);
  } else if (before.lo !== null && before.hi !== null) {
    // Hours and commitment lines carry no billing account; the slice's charge span bounds them.
    const span = [before.import_id, new Date(Number(before.lo)), new Date(Number(before.hi))];
    await q.run('DELETE FROM instance_usage_hours WHERE import_id = $1 AND hour >= $2 AND hour < $3', span);
    await q.run('DELETE FROM bill_commitment_lines WHERE import_id = $1 AND period_start >= $2 AND period_start < $3', span);
  }
}

async function deleteImport(q: StoreQueries, importId: string): Promise<void> {
  for (const table of ['cost_line_items', 'instance_usage_hours', 'bill_commitment_lines', 'billing_imports']) {
    await q.run(`DELETE FROM ${table} WHERE import_id = $1`, [importId]);
  }
}
