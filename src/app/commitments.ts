/**
 * `headroom commitments`: usage (a USAGE.csv or the store) + price list + forecast engine → a
 * commitment plan, optionally recorded as a run in the store.
 *
 *   read usage ─► load prices ─► planCommitments (pure, forecasts the term) ─► format ─► write
 */
import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { InputError } from '../domain/errors.js';
import { DAY_SECONDS, parseTimeMs } from '../domain/units.js';
import type { InstanceUsageHour } from '../domain/cost.js';
import { termDays, type CommitmentPlan, type CommitmentTerm, type ExistingCommitment } from '../domain/commitment.js';
import { commitmentMessages, deriveBilledCommitments, planCommitments, toExistingCommitments, type BilledCommitment, type BilledCommitments, type PlanCommitmentsInput } from '../models/commitments/index.js';
import { forecast } from '../models/forecast/index.js';
import type { Store } from '../store/index.js';
import { loadBillCommitmentLines, saveCommitmentRecommendations } from '../store/commitment-repo.js';
import { loadInstanceUsageHours } from '../store/cost-repo.js';
import { trackRun } from './runs.js';
import { exchangeRate, fxFlags } from './cost-currency.js';

/** AWS Cost Explorer's recommendations beside the plan (provider-recommendations.ts). */
export { loadProviderRecommendations, type ProviderRecommendations } from './provider-recommendations.js';

const usageColumns = ['timestamp', 'region', 'instanceType', 'instances'] as const;

/** Parses USAGE.csv (`timestamp,region,instanceType,instances`); errors name the file, line and column. */
export function parseUsageCsv(text: string, file: string): InstanceUsageHour[] {
  let records: string[][];
  try {
    records = parse(text, { skip_empty_lines: true, trim: true, relax_column_count: false }) as string[][];
  } catch (err) {
    throw new InputError(`usage ${file}: ${(err as Error).message.split('\n')[0]}`, { hint: 'expected CSV with header timestamp,region,instanceType,instances', cause: err });
  }
  const header = records[0] ?? [];
  const missing = usageColumns.filter((c) => !header.includes(c));
  if (missing.length) throw new InputError(`usage ${file}: missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (header: ${header.join(',') || 'empty'})`, { hint: 'expected CSV with header timestamp,region,instanceType,instances' });
  const idx = Object.fromEntries(usageColumns.map((c) => [c, header.indexOf(c)])) as Record<(typeof usageColumns)[number], number>;
  const out: InstanceUsageHour[] = [];
  for (let i = 1; i < records.length; i++) {
    const r = records[i]!;
    const line = i + 1;
    const ts = r[idx.timestamp]!;
    const timestampMs = Date.parse(ts);
    if (!/^\d{4}-\d{2}-\d{2}T/.test(ts) || Number.isNaN(timestampMs)) throw new InputError(`usage ${file} line ${line}: timestamp "${ts}" is not ISO-8601`, { hint: 'use e.g. 2026-11-01T13:00:00Z' });
    const instances = Number(r[idx.instances]);
    if (r[idx.instances] === '' || !Number.isFinite(instances) || instances < 0) throw new InputError(`usage ${file} line ${line}: instances "${r[idx.instances]}" is not a number ≥ 0`, { hint: 'give the count of running on-demand instances in that hour' });
    const region = r[idx.region]!;
    const instanceType = r[idx.instanceType]!;
    if (!region) throw new InputError(`usage ${file} line ${line}: region is empty`, { hint: 'give an AWS region such as us-east-1' });
    if (!/^[a-z0-9-]+\.[a-z0-9]+$/.test(instanceType)) throw new InputError(`usage ${file} line ${line}: instanceType "${instanceType}" is not an EC2 instance type`, { hint: 'use e.g. m5.large' });
    out.push({ timestampMs, region, instanceType, instances });
  }
  if (!out.length) throw new InputError(`usage ${file}: no usage rows`, { hint: 'give at least a few days of hourly usage' });
  return out;
}

export async function readUsageCsv(file: string): Promise<InstanceUsageHour[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new InputError(`usage ${file}: cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`, { hint: 'check the --usage path', cause: err });
  }
  return parseUsageCsv(text, file);
}

const existingSchema = z.array(z.strictObject({
  kind: z.enum(['reserved-instance', 'savings-plan']),
  region: z.string().default(''),
  instanceType: z.string().default(''),
  count: z.number().int().nonnegative().default(0),
  hourlyCommitmentUsd: z.number().nonnegative().default(0),
  /** Expiry date or time, RFC 3339. */
  expires: z.string(),
}));

/** Reads existing commitments: a JSON array of `{ kind, region, instanceType, count, hourlyCommitmentUsd, expires }`. */
export async function readExistingCommitments(file: string): Promise<ExistingCommitment[]> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new InputError(`existing commitments ${file}: ${(err as NodeJS.ErrnoException).code ? `cannot be read (${(err as NodeJS.ErrnoException).code})` : 'not valid JSON'}`, { hint: 'give a JSON array of { kind, region, instanceType, count, hourlyCommitmentUsd, expires }', cause: err });
  }
  const result = existingSchema.safeParse(raw);
  if (!result.success) {
    throw new InputError(`existing commitments ${file}: ${result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`, { hint: 'give a JSON array of { kind, region, instanceType, count, hourlyCommitmentUsd, expires }' });
  }
  return result.data.map((e, i) => {
    let expiresMs: number;
    try {
      expiresMs = parseTimeMs(e.expires);
    } catch {
      throw new InputError(`existing commitments ${file}: ${i}.expires "${e.expires}" is not a date`, { hint: 'use RFC 3339, e.g. 2027-03-01T00:00:00Z' });
    }
    return { kind: e.kind, region: e.region, instanceType: e.instanceType, count: e.count, hourlyCommitmentUsd: e.hourlyCommitmentUsd, expiresMs };
  });
}

/** The planner's input without the forecaster, which this layer supplies (the real engine). */
export type CommitmentPlanOptions = Pick<PlanCommitmentsInput, 'usage' | 'prices' | 'term' | 'payment' | 'kinds' | 'existing' | 'usageIncludesExisting'>;

/** Plans with the real forecast engine. */
export function makeCommitmentPlan(options: CommitmentPlanOptions): CommitmentPlan {
  return planCommitments({ ...options, forecast });
}

/** Usage stored by imports (FOCUS/CUR/Cost Explorer/sample) over the last `lookbackDays` before its end (or before `atMs`). */
export async function loadStoredUsage(store: Store, lookbackDays: number, atMs = Number.POSITIVE_INFINITY): Promise<InstanceUsageHour[]> {
  const all = (await loadInstanceUsageHours(store)).filter((u) => u.timestampMs < atMs);
  if (!all.length) return all;
  const endMs = all[all.length - 1]!.timestampMs + 3_600_000;
  const fromMs = endMs - lookbackDays * 86_400_000;
  return all.filter((u) => u.timestampMs >= fromMs);
}

/** Records the plan as a `commitments` run with its recommendations. */
export async function saveCommitmentPlan(store: Store, plan: CommitmentPlan, nowMs: () => number, trigger: 'manual' | 'schedule' | 'api' = 'manual'): Promise<string> {
  const { run } = await trackRun({ store, kind: 'commitments', trigger, nowMs }, async (runId) => {
    await store.transaction((tx) => saveCommitmentRecommendations(tx, runId, plan));
    return { status: 'succeeded', value: undefined, detail: { term: plan.term, payment: plan.payment, lookbackHours: plan.lookbackHours, totals: plan.totals, priceSource: plan.priceSource, notRecommended: plan.notRecommended.length } };
  });
  return run.runId;
}

/** The time a plan on `usage` is made for, as the planner computes it. */
export { planTimeMs } from '../models/commitments/index.js';

/** What the imported bills say is owned at `asOfMs`, for a plan of `term`. */
export interface BillCommitmentsForPlan extends BilledCommitments {
  /** The planner's input: commitments without an expiry in the bill last the whole term; Savings Plans in the plan's currency. */
  existing: ExistingCommitment[];
  /** One line for the user: "counted N existing commitments from the bill: …". */
  summary: string;
  /** One line naming the commitments on the bill that are not counted and why; null when none. */
  notCountedSummary: string | null;
}

export interface BillCommitmentsCurrency {
  /** The plan's currency: the price list's. Default USD. */
  currency?: string;
  /** Value of one unit of each currency in USD (`--fx`, `billing.fx`). */
  fx?: Readonly<Record<string, number>>;
}

/**
 * Reads the commitment lines of every imported bill and sizes what is owned at `asOfMs`. A Savings
 * Plan's hourly commitment is money in the bill's currency: it is set beside the price list as it
 * is when both are in one currency, converted at `fx` otherwise, and refused without a rate (never
 * read as dollars; counting it as less, or not at all, would make the plan buy what is owned).
 * Reserved Instances are counts and need no rate.
 */
export async function loadBillCommitments(store: Store, asOfMs: number, term: CommitmentTerm, money: BillCommitmentsCurrency = {}): Promise<BillCommitmentsForPlan> {
  const billed = deriveBilledCommitments(await loadBillCommitmentLines(store), asOfMs);
  const planCurrency = money.currency ?? 'USD';
  const counted = billed.counted.map((c) => inPlanCurrency(c, planCurrency, money.fx ?? {}));
  const termEndMs = asOfMs + termDays(term) * DAY_SECONDS * 1000;
  return { ...billed, counted, existing: toExistingCommitments(counted, termEndMs), summary: commitmentMessages.billedCounted(counted),
    notCountedSummary: billed.notCounted.length ? commitmentMessages.billedNotCounted(billed.notCounted) : null };
}

const ownedHint = 'list what you own with --existing FILE, or plan without the bill\'s commitments with --no-billed-commitments';

function inPlanCurrency(c: BilledCommitment, planCurrency: string, fx: Readonly<Record<string, number>>): BilledCommitment & { billed?: { currency: string; hourly: number; rate: number } } {
  if (c.kind !== 'savings-plan') return c;
  if (c.currency === null) throw new InputError(commitmentMessages.billedCurrencyUnknown(c.id), { hint: ownedHint });
  if (c.currency === planCurrency) return c;
  const rate = exchangeRate(c.currency, planCurrency, fx);
  if (rate === null) {
    const missing = [c.currency, planCurrency].filter((code) => code !== 'USD' && fx[code] === undefined);
    throw new InputError(commitmentMessages.billedCurrencyMismatch(c.id, c.hourlyCommitmentUsd, c.currency, planCurrency),
      { hint: `pass ${fxFlags(missing)} (the value of one ${missing[0]} in USD) or set billing.fx.${missing[0]} in the config, or ${ownedHint}` });
  }
  return { ...c, currency: planCurrency, hourlyCommitmentUsd: Math.round(c.hourlyCommitmentUsd * rate * 1e6) / 1e6, billed: { currency: c.currency, hourly: c.hourlyCommitmentUsd, rate } };
}
