/**
 * Cost allocation from the store: what `collect` stored (hourly requests and usage per container
 * and node, node hours, labels, PVCs) priced by the imported bill, or the price list without one.
 *
 *   window (last N days of collected data, within the bill) ─► bill lines of one source
 *   ─► node hours, labels, PVCs of non-overlapping snapshots ─► allocator, fed namespace batches
 *   ─► groupings (namespace, workload, …, label:KEY) ─► stored as an `allocation` run
 */
import { HeadroomError } from '../domain/errors.js';
import type { AllocationBy, AllocationLabels, NodeHours } from '../domain/allocation.js';
import { allocationKeyKinds } from '../domain/allocation.js';
import type { CostLineItem } from '../domain/cost.js';
import type { PriceList } from '../domain/pricing.js';
import type { VolumeUsage } from '../domain/usage.js';
import { createCostAllocator, groupAllocation, type CostAllocation, type GroupedAllocation } from '../models/allocation/index.js';
import type { Store, StoreQueries } from '../store/index.js';
import { allocationInputsSpan, chooseAllocationSnapshots, loadAllocationLabels, loadContainerNodeHours, loadNodeHours, saveAllocationResults } from '../store/allocation-repo.js';
import { loadLatestCapacityInputs } from '../store/capacity-repo.js';
import { costWindow } from '../store/cost-repo.js';
import { costSourcePriority } from './costs.js';
import { planCurrencyFor } from './cost-currency.js';
import { trackRun, type RunOutcome } from './runs.js';
import type { RunTrigger } from '../store/run-repo.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

export interface AllocationOptions {
  /** Days ending at the last hour both usage and the bill cover. Default 28. */
  days?: number;
  /** Billing source (cur, focus, cost-explorer, sample); default the most detailed imported. */
  source?: string;
  /** Price list for nodes when no bill is imported. */
  prices: PriceList | null;
  cpuToMemoryPriceRatio?: number;
  gpuHourUsd?: number;
  /** Exchange rates into USD (`{ EUR: 1.08 }`), needed when the window's bill mixes currencies. */
  fx?: Record<string, number>;
}

export interface AllocationRun {
  allocation: CostAllocation;
  labels: AllocationLabels[];
  /** The bill source used; null when nodes were priced from the price list. */
  billSource: string | null;
  containerRows: number;
  modelSeconds: number;
}

/** Parses `--by`: one of the fixed keys or `label:KEY`. */
export function parseAllocationBy(text: string): AllocationBy {
  if ((allocationKeyKinds as readonly string[]).includes(text)) return text as AllocationBy;
  if (/^label:[A-Za-z0-9_./-]+$/.test(text)) return text as AllocationBy;
  throw new HeadroomError('USAGE', `--by ${text}: expected one of ${allocationKeyKinds.join(', ')} or label:KEY`, { hint: 'e.g. --by namespace, --by workload or --by label:team' });
}

/** Allocates the window's cost (no grouping yet). */
export async function allocateFromStore(q: StoreQueries, options: AllocationOptions): Promise<AllocationRun> {
  const span = await allocationInputsSpan(q);
  if (!span) throw new HeadroomError('NOT_FOUND', 'no allocation inputs in the store (hourly requests and usage per container and node)', { hint: 'collect them first: headroom collect --since 14d (or run headroom demo)' });
  const all = await costWindow(q);
  let source = options.source ?? null;
  if (source && !all?.sources.includes(source)) throw new HeadroomError('USAGE', `--source ${source}: the store has ${all?.sources.join(', ') || 'no bill'}`, { hint: all ? `use one of ${all.sources.join(', ')}` : 'import a bill first: headroom import --cur FILE' });
  if (all && !source) source = costSourcePriority.find((s) => all.sources.includes(s)) ?? all.sources[0]!;
  const bill = source ? (await costWindow(q, [source]))! : null;
  const days = options.days ?? 28;
  let endMs = Math.floor(span.toMs / HOUR_MS) * HOUR_MS;
  let startFloorMs = Math.ceil(span.fromMs / HOUR_MS) * HOUR_MS;
  if (bill) {
    endMs = Math.min(endMs, Math.floor(bill.toMs / HOUR_MS) * HOUR_MS);
    startFloorMs = Math.max(startFloorMs, Math.ceil(bill.fromMs / HOUR_MS) * HOUR_MS);
  }
  const startMs = Math.max(startFloorMs, endMs - days * DAY_MS);
  if (endMs <= startMs) {
    throw new HeadroomError('NOT_FOUND', `collected usage (${iso(span.fromMs)} → ${iso(span.toMs)}) and the ${source} bill (${iso(bill!.fromMs)} → ${iso(bill!.toMs)}) do not overlap`, { hint: 'collect the days the bill covers, or import the bill of the collected days' });
  }
  const t0 = performance.now();
  const snapshots = await chooseAllocationSnapshots(q, { fromMs: startMs, toMs: endMs });
  const ids = snapshots.map((s) => s.snapshotId);
  const nodes = mergeNodeHours(await loadNodeHours(q, ids), startMs, endMs);
  const labels = await loadAllocationLabels(q, ids);
  const volumes: VolumeUsage[] = [];
  for (const cluster of [...new Set(snapshots.map((s) => s.cluster))]) volumes.push(...((await loadLatestCapacityInputs(q, cluster))?.volumes ?? []));
  const billRead = source ? await loadBillLines(q, source, { fromMs: startMs, toMs: endMs }) : null;
  // Allocations are in the bill's currency (a EUR bill allocates EUR); the price list is USD.
  const plan = planCurrencyFor(`allocation of the ${source} bill`, 'headroom costs --by …', billRead ? [...new Set(billRead.currencies)].sort() : ['USD'], options.fx ?? {});
  const billLines = billRead ? billRead.lines.map((l, i) => convertLine(l, plan.rates.get(billRead.currencies[i]!) ?? 1)) : null;
  const allocator = createCostAllocator({
    currency: plan.currency, windowStartMs: startMs, windowEndMs: endMs, nodes, bill: billLines, prices: options.prices, volumes,
    settings: { cpuToMemoryPriceRatio: options.cpuToMemoryPriceRatio, gpuHourUsd: options.gpuHourUsd },
  });
  let containerRows = 0;
  for await (const batch of loadContainerNodeHours(q, ids)) {
    allocator.add(batch);
    containerRows += batch.length;
  }
  return { allocation: allocator.finish(), labels, billSource: source, containerRows, modelSeconds: (performance.now() - t0) / 1000 };
}

/** A bill line's amounts times `rate` (into the allocation's currency). */
function convertLine(l: CostLineItem, rate: number): CostLineItem {
  return rate === 1 ? l : { ...l, billedCostUsd: l.billedCostUsd * rate, effectiveCostUsd: l.effectiveCostUsd * rate, listCostUsd: l.listCostUsd * rate };
}

/** The bill's lines of one source overlapping the window (per day and billing account the newest import that has it), and each line's currency. */
async function loadBillLines(q: StoreQueries, source: string, window: { fromMs: number; toMs: number }): Promise<{ lines: CostLineItem[]; currencies: string[] }> {
  const rows = await q.all<Record<string, unknown>>(
    `WITH items AS (SELECT *, CAST(period_start AS DATE) AS day, coalesce(billing_account, '') AS account FROM cost_line_items WHERE source = $1 AND period_end > $2 AND period_start < $3),
          chosen AS (SELECT day, provider, account, max(import_id) AS import_id FROM items GROUP BY day, provider, account)
     SELECT i.*, epoch_ms(i.period_start) AS ps, epoch_ms(i.period_end) AS pe FROM items i
     JOIN chosen c ON i.day = c.day AND i.provider = c.provider AND i.account = c.account AND i.import_id = c.import_id
     ORDER BY ps, service, resource_id`, [source, new Date(window.fromMs), new Date(window.toMs)]);
  const currencies = rows.map((r) => (r.currency === null || r.currency === undefined ? 'USD' : String(r.currency)));
  const lines = rows.map((r): CostLineItem => ({
    periodStartMs: Number(r.ps), periodEndMs: Number(r.pe), provider: String(r.provider), service: String(r.service), region: String(r.region), instanceType: String(r.instance_type),
    namespace: String(r.namespace), resourceId: String(r.resource_id), billedCostUsd: Number(r.billed_cost_usd), effectiveCostUsd: Number(r.effective_cost_usd), listCostUsd: Number(r.list_cost_usd),
    usageQuantity: Number(r.usage_quantity), usageUnit: String(r.usage_unit), pricingCategory: String(r.pricing_category), commitmentDiscountId: String(r.commitment_discount_id),
    source: String(r.source) as CostLineItem['source'],
  }));
  return { lines, currencies };
}

/** One NodeHours per (cluster, node) over the window: snapshots of the same node put side by side. */
function mergeNodeHours(list: NodeHours[], startMs: number, endMs: number): NodeHours[] {
  const hours = Math.round((endMs - startMs) / HOUR_MS);
  const merged = new Map<string, NodeHours>();
  for (const n of list) {
    const key = `${n.cluster}\u0000${n.node}`;
    let m = merged.get(key);
    if (!m) merged.set(key, (m = { ...n, startMs, stepSeconds: 3600, up: new Float64Array(hours) }));
    if (n.providerId) m.providerId = n.providerId;
    const stepHours = Math.max(1, Math.round(n.stepSeconds / 3600));
    for (let k = 0; k < n.up.length; k++) {
      for (let s = 0; s < stepHours; s++) {
        const h = Math.round((n.startMs - startMs) / HOUR_MS) + k * stepHours + s;
        if (h >= 0 && h < hours && n.up[k]! > m.up[h]!) m.up[h] = n.up[k]!;
      }
    }
  }
  return [...merged.values()];
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.000Z$/, 'Z');

/** Groups a run by each of `groupings`. */
export function groupAll(run: AllocationRun, groupings: readonly AllocationBy[], sharedNamespaces: readonly string[]): Map<AllocationBy, GroupedAllocation> {
  return new Map(groupings.map((by) => [by, groupAllocation(run.allocation, { by, labels: run.labels, sharedNamespaces })]));
}

/** Groupings every stored run keeps: the fixed keys and the configured labels. */
export function storedGroupings(labelKeys: readonly string[]): AllocationBy[] {
  return [...allocationKeyKinds, ...labelKeys.map((k) => `label:${k}` as const)];
}

export interface SavedAllocation {
  runId: string;
  run: AllocationRun;
  grouped: Map<AllocationBy, GroupedAllocation>;
}

/**
 * Allocates, groups by every stored grouping (plus `extra`) and saves the result as an
 * `allocation` run, so the API, /metrics, the report and per-team forecasts read it back.
 */
export async function runAndSaveAllocation(store: Store, options: AllocationOptions & { sharedNamespaces: readonly string[]; labelKeys: readonly string[]; extra?: AllocationBy[]; trigger?: RunTrigger; nowMs: () => number }): Promise<SavedAllocation> {
  const groupings = [...new Set([...storedGroupings(options.labelKeys), ...(options.extra ?? [])])];
  const { run, value } = await trackRun({ store, kind: 'allocation', trigger: options.trigger ?? 'manual', nowMs: options.nowMs }, async (runId): Promise<RunOutcome<SavedAllocation>> => {
    const result = await allocateFromStore(store, options);
    const grouped = groupAll(result, groupings, options.sharedNamespaces);
    const a = result.allocation;
    await store.transaction((tx) => saveAllocationResults(tx, runId, a.windowStartMs, [...grouped].map(([by, g]) => ({ grouping: by, entries: g.report.allocations, dailyUsd: g.dailyUsd }))));
    const any = [...grouped.values()][0]!.report;
    return {
      status: 'succeeded',
      detail: {
        windowStartMs: a.windowStartMs, windowEndMs: a.windowEndMs, currency: a.currency, priceSource: a.priceSource, billSource: result.billSource,
        totalUsd: any.totalUsd, idleUsd: any.idleUsd, unallocatedUsd: any.unallocatedUsd, sharedNamespaces: options.sharedNamespaces,
        unallocated: a.unallocated.map((u) => ({ ...u, costUsd: Math.round(u.costUsd * 100) / 100 })),
        idleByNode: a.nodes.map((n) => ({ node: n.node, nodePool: n.nodePool, pricedBy: n.pricedBy, costUsd: Math.round(n.costUsd * 100) / 100, idleUsd: Math.round(n.idleUsd * 100) / 100 })),
        notes: a.notes, containerRows: result.containerRows, modelSeconds: result.modelSeconds, groupings,
      },
      value: { runId, run: result, grouped },
    };
  });
  return { ...value, runId: run.runId };
}
