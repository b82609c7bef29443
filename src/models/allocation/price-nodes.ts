/**
 * What each node cost in each hour of the window, and which bill spend is not a node's.
 *
 *   bill lines clipped to the window ─► compute lines: by provider ID (`kube_node_info{provider_id}`
 *   ↔ ResourceId), else pooled by instance type + region + spot/not and shared by the nodes of that
 *   shape in proportion to their hours (at most the hours the line billed) ─► storage lines pooled
 *   per charge period for PVCs ─► everything else, and what no node or PVC claimed: non-Kubernetes
 *   spend, by service.
 *
 * A line's effective (amortised) cost is spread over the hours its node ran within the line's
 * period, so a daily line becomes 24 hourly prices and RIs, Savings Plans and spot arrive at the
 * rate actually paid. Without a bill, nodes are priced from the price list (on-demand).
 */
import type { NodeHours } from '../../domain/allocation.js';
import type { CostLineItem } from '../../domain/cost.js';
import type { PriceList } from '../../domain/pricing.js';
import type { VolumeUsage } from '../../domain/usage.js';
import { GIB_BYTES, HOUR_SECONDS, HOURS_PER_MONTH } from '../../domain/units.js';
import { allocationMessages as msg } from './messages.js';

const HOUR_MS = HOUR_SECONDS * 1000;

/** OpenCost's default per-resource list prices, for nodes of a type the price list does not know. */
export const defaultCpuCoreHourUsd = 0.031611;
export const defaultMemoryGibHourUsd = 0.004237;
/** gp3 list price, for PVCs when no bill prices storage. */
export const defaultStorageGibMonthUsd = 0.08;

export interface NodePricingInput {
  /** Window, hour aligned; hour h is [windowStartMs + h·1h, +1h). */
  windowStartMs: number;
  windowEndMs: number;
  nodes: readonly NodeHours[];
  /** The bill's lines (one source); null: no bill imported, price from the price list. */
  bill: readonly CostLineItem[] | null;
  prices: PriceList | null;
  volumes: readonly VolumeUsage[];
  /** ISO 4217 code of the bill's amounts (notes name it); default USD. */
  currency?: string;
}

/** Spend that is no node's or PVC's, by service, with why. */
export interface UnallocatedSpend {
  service: string;
  reason: 'not-kubernetes' | 'instances-outside-cluster' | 'node-not-running' | 'storage-not-pvc';
  costUsd: number;
}

export interface PricedNodes {
  hours: number;
  /** Per node (input order), per hour: what the node cost. */
  nodeCostUsd: Float64Array[];
  /** How each node was priced. */
  nodePricedBy: ('provider-id' | 'instance-type' | 'price-list' | 'default-rates' | 'unbilled')[];
  /** Per volume (input order), per hour: what its PVC cost. */
  volumeCostUsd: Float64Array[];
  unallocated: UnallocatedSpend[];
  /** The window's total: the bill's clipped effective cost, or (no bill) what the nodes and PVCs cost. */
  totalUsd: number;
  priceSource: 'bill' | 'price-list';
  /** Problems worth telling the reader (nodes the bill does not show, …). */
  notes: string[];
}

/** `aws:///us-east-1a/i-0abc` and `arn:…:instance/i-0abc` → `i-0abc`; the last path segment. */
export function instanceIdOf(id: string): string {
  const trimmed = id.trim();
  const slash = trimmed.lastIndexOf('/');
  return slash >= 0 ? trimmed.slice(slash + 1) : trimmed;
}

function isStorageLine(l: CostLineItem): boolean {
  return /gb-?mo/i.test(l.usageUnit) && /ebs|block store|disk|volume/i.test(l.service);
}

function isHoursUnit(unit: string): boolean {
  return /^(hrs?|hours?)$/i.test(unit.trim());
}

export function priceNodes(input: NodePricingInput): PricedNodes {
  const { windowStartMs: ws, windowEndMs: we, nodes } = input;
  const hours = Math.max(0, Math.round((we - ws) / HOUR_MS));
  const nodeCostUsd = nodes.map(() => new Float64Array(hours));
  const volumeCostUsd = input.volumes.map(() => new Float64Array(hours));
  const volumeUp = input.volumes.map((v) => volumePresence(v, ws, hours));
  const notes: string[] = [];
  const unallocated = new Map<string, UnallocatedSpend>();
  const leave = (service: string, reason: UnallocatedSpend['reason'], costUsd: number) => {
    if (costUsd === 0) return;
    const key = `${service}\u0000${reason}`;
    const e = unallocated.get(key);
    if (e) e.costUsd += costUsd;
    else unallocated.set(key, { service: service || '(no service)', reason, costUsd });
  };
  const upIndex = nodes.map((n) => upOnWindow(n, ws, hours));
  const upSum = (i: number, a: number, b: number) => {
    let s = 0;
    const up = upIndex[i]!;
    for (let h = a; h < b; h++) s += up[h]!;
    return s;
  };
  const spread = (i: number, a: number, b: number, costUsd: number, total = upSum(i, a, b)) => {
    const up = upIndex[i]!;
    const out = nodeCostUsd[i]!;
    for (let h = a; h < b; h++) if (up[h]! > 0) out[h]! += (costUsd * up[h]!) / total;
  };

  if (input.bill === null) {
    const nodePricedBy = nodes.map((n, i) => {
      const listed = input.prices?.instances.find((p) => p.instanceType === n.instanceType && p.region === n.region)
        ?? input.prices?.instances.find((p) => p.instanceType === n.instanceType);
      const hourly = listed ? listed.onDemandHourlyUsd : n.cpuCores * defaultCpuCoreHourUsd + (n.memoryBytes / GIB_BYTES) * defaultMemoryGibHourUsd;
      const up = upIndex[i]!;
      for (let h = 0; h < hours; h++) nodeCostUsd[i]![h] = hourly * up[h]!;
      return listed ? 'price-list' as const : 'default-rates' as const;
    });
    if (nodes.some((n) => n.capacityType === 'spot')) notes.push(msg.spotAtListPrice);
    const storageRate = defaultStorageGibMonthUsd / HOURS_PER_MONTH;
    input.volumes.forEach((v, j) => {
      const up = volumeUp[j]!;
      for (let h = 0; h < hours; h++) volumeCostUsd[j]![h] = up[h]! * (v.capacityBytes / GIB_BYTES) * storageRate;
    });
    let totalUsd = 0;
    for (const c of [...nodeCostUsd, ...volumeCostUsd]) for (let h = 0; h < hours; h++) totalUsd += c[h]!;
    return { hours, nodeCostUsd, nodePricedBy, volumeCostUsd, unallocated: [], totalUsd, priceSource: 'price-list', notes };
  }

  const byInstanceId = new Map<string, number>();
  nodes.forEach((n, i) => { if (n.providerId) byInstanceId.set(instanceIdOf(n.providerId), i); });
  const nodePricedBy: PricedNodes['nodePricedBy'] = nodes.map(() => 'unbilled');
  interface Pool { service: string; a: number; b: number; costUsd: number; quantity: number; hoursKnown: boolean }
  const typePools = new Map<string, Pool & { region: string; instanceType: string; spot: boolean }>();
  const storagePools = new Map<string, Pool>();
  let totalUsd = 0;
  let notRunningUsd = 0;

  for (const line of input.bill) {
    const from = Math.max(line.periodStartMs, ws);
    const to = Math.min(line.periodEndMs, we);
    const length = line.periodEndMs - line.periodStartMs;
    if (length > 0 ? to <= from : line.periodStartMs < ws || line.periodStartMs >= we) continue;
    const fraction = length > 0 ? (to - from) / length : 1;
    const costUsd = line.effectiveCostUsd * fraction;
    const quantity = line.usageQuantity * fraction;
    totalUsd += costUsd;
    const a = Math.max(0, Math.floor((from - ws) / HOUR_MS));
    const b = Math.min(hours, Math.max(a + 1, Math.ceil((to - ws) / HOUR_MS)));
    if (line.instanceType !== '') {
      const i = line.resourceId ? byInstanceId.get(instanceIdOf(line.resourceId)) : undefined;
      if (i !== undefined) {
        nodePricedBy[i] = 'provider-id';
        const total = upSum(i, a, b);
        if (total > 0) spread(i, a, b, costUsd, total);
        else { leave(line.service, 'node-not-running', costUsd); notRunningUsd += costUsd; }
        continue;
      }
      const spot = line.pricingCategory === 'Dynamic';
      const key = `${line.region}\u0000${line.instanceType}\u0000${spot}\u0000${a}\u0000${b}`;
      const pool = typePools.get(key) ?? { service: line.service, region: line.region, instanceType: line.instanceType, spot, a, b, costUsd: 0, quantity: 0, hoursKnown: true };
      pool.costUsd += costUsd;
      pool.quantity += quantity;
      pool.hoursKnown &&= isHoursUnit(line.usageUnit);
      typePools.set(key, pool);
      continue;
    }
    if (isStorageLine(line)) {
      const key = `${a}\u0000${b}`;
      const pool = storagePools.get(key) ?? { service: line.service, a, b, costUsd: 0, quantity: 0, hoursKnown: true };
      pool.costUsd += costUsd;
      pool.quantity += quantity;
      storagePools.set(key, pool);
      continue;
    }
    leave(line.service, 'not-kubernetes', costUsd);
  }

  // Lines without a node's ID: the nodes of that shape that no line names share them, for at most
  // the instance-hours the lines billed; the rest ran outside the cluster.
  for (const pool of [...typePools.values()].sort((x, y) => x.a - y.a || x.instanceType.localeCompare(y.instanceType))) {
    const candidates: number[] = [];
    let nodeHours = 0;
    nodes.forEach((n, i) => {
      if (nodePricedBy[i] === 'provider-id' || n.instanceType !== pool.instanceType || (n.region !== '' && n.region !== pool.region) || (n.capacityType === 'spot') !== pool.spot) return;
      const s = upSum(i, pool.a, pool.b);
      if (s > 0) { candidates.push(i); nodeHours += s; }
    });
    const share = nodeHours === 0 ? 0 : pool.hoursKnown && pool.quantity > 0 ? Math.min(1, nodeHours / pool.quantity) : 1;
    const claimed = pool.costUsd * share;
    for (const i of candidates) {
      spread(i, pool.a, pool.b, (claimed * upSum(i, pool.a, pool.b)) / nodeHours);
      nodePricedBy[i] = 'instance-type';
    }
    leave(pool.service, 'instances-outside-cluster', pool.costUsd - claimed);
  }

  // Storage: PVCs claim their GiB-hours at the period's average rate, never more than it billed.
  for (const pool of storagePools.values()) {
    const billedGibHours = pool.quantity * HOURS_PER_MONTH;
    let pvcGibHours = 0;
    const per = input.volumes.map((v, j) => {
      let s = 0;
      const up = volumeUp[j]!;
      for (let h = pool.a; h < pool.b; h++) s += up[h]!;
      const gibHours = s * (v.capacityBytes / GIB_BYTES);
      pvcGibHours += gibHours;
      return gibHours;
    });
    const claimed = pvcGibHours === 0 ? 0 : billedGibHours > 0 ? pool.costUsd * Math.min(1, pvcGibHours / billedGibHours) : pool.costUsd;
    if (claimed > 0) {
      per.forEach((gibHours, j) => {
        if (gibHours === 0) return;
        const up = volumeUp[j]!;
        let s = 0;
        for (let h = pool.a; h < pool.b; h++) s += up[h]!;
        const cost = (claimed * gibHours) / pvcGibHours;
        for (let h = pool.a; h < pool.b; h++) if (up[h]! > 0) volumeCostUsd[j]![h]! += (cost * up[h]!) / s;
      });
    }
    leave(pool.service, 'storage-not-pvc', pool.costUsd - claimed);
  }

  const unbilled = nodes.filter((n, i) => nodePricedBy[i] === 'unbilled' && upSum(i, 0, hours) > 0).map((n) => n.node);
  if (unbilled.length) notes.push(msg.nodesNotOnBill(unbilled));
  if (notRunningUsd > 0) notes.push(msg.billedNodesNotRunning(notRunningUsd, input.currency));
  const order = { 'not-kubernetes': 0, 'instances-outside-cluster': 1, 'storage-not-pvc': 2, 'node-not-running': 3 } as const;
  return {
    hours, nodeCostUsd, nodePricedBy, volumeCostUsd, totalUsd, priceSource: 'bill', notes,
    unallocated: [...unallocated.values()].sort((x, y) => order[x.reason] - order[y.reason] || y.costUsd - x.costUsd || x.service.localeCompare(y.service)),
  };
}

/** The node's `up` fractions on the window's hours (0 outside its series). */
function upOnWindow(n: NodeHours, ws: number, hours: number): Float64Array {
  const out = new Float64Array(hours);
  const stepHours = n.stepSeconds / HOUR_SECONDS;
  for (let k = 0; k < n.up.length; k++) {
    const v = n.up[k]!;
    if (!(v > 0)) continue;
    // Steps longer than an hour (rare) cover several window hours.
    for (let s = 0; s < Math.max(1, stepHours); s++) {
      const h = Math.round((n.startMs + k * n.stepSeconds * 1000 - ws) / HOUR_MS) + s;
      if (h >= 0 && h < hours) out[h] = Math.min(1, v);
    }
  }
  return out;
}

/** 1 for each window hour in which the PVC's usage history has a point. */
function volumePresence(v: VolumeUsage, ws: number, hours: number): Float64Array {
  const out = new Float64Array(hours);
  for (const p of v.history) {
    if (!Number.isFinite(p.value)) continue;
    const h = Math.floor((p.timestampMs - ws) / HOUR_MS);
    if (h >= 0 && h < hours) out[h] = 1;
  }
  return out;
}
