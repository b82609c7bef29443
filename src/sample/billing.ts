/**
 * The sample's bill: daily cost lines by service, instance type and namespace, and hourly
 * on-demand instance usage — consistent with the cluster's nodes and requests, plus the rest of
 * the AWS account (a fleet outside the cluster with a steady base, business-hour and nightly
 * bursts, and growth), which is what commitment planning looks at.
 *
 * Services use the AWS product codes of the CUR (`AmazonEC2`, `AmazonEKS`, `AmazonS3`,
 * `AWSDataTransfer`, `AmazonCloudWatch`); EBS volumes are `AmazonEBS` lines (usage unit `GB-Mo`).
 * EC2 lines of the cluster's nodes are one per node and day with the instance ID as resource and
 * no namespace tag, as on a real CUR or FOCUS bill: `headroom costs --by namespace` has to allocate
 * them (src/models/allocation). EBS volumes of PVCs carry the namespace tag the EBS CSI driver sets.
 */
import type { CostLineItem, InstanceUsageHour } from '../domain/cost.js';
import { DAY_SECONDS, HOUR_SECONDS, GIB_BYTES } from '../domain/units.js';
import { instancePrices } from './catalogue.js';
import { RandomStream } from './prng.js';
import type { NodePlan, SampleGrid } from './timeline.js';

const DAY_MS = DAY_SECONDS * 1000;
const HOUR_MS = HOUR_SECONDS * 1000;
const DAYS_PER_MONTH = 30.4375;
const EBS_GP3_USD_PER_GB_MONTH = 0.08;
const ROOT_VOLUME_GB = 80;
const S3_USD_PER_GB_MONTH = 0.023;
const DATA_TRANSFER_USD_PER_GB = 0.09;
const EKS_USD_PER_HOUR = 0.1;

/** Instances of the account outside the cluster, per hour. */
interface FleetGroup {
  region: string;
  instanceType: string;
  count(hourMs: number, endMs: number, rng: RandomStream): number;
}

const isWeekday = (ms: number) => {
  const d = (Math.floor(ms / DAY_MS) + 4) % 7;
  return d !== 0 && d !== 6;
};
const hourOf = (ms: number) => Math.floor(ms / HOUR_MS) % 24;

const fleet: FleetGroup[] = [
  // Web tier of another product: a steady base that grows, plus business-hour scale-out.
  { region: 'us-east-1', instanceType: 'm5.xlarge', count: (ms, endMs) => Math.round(6 + 0.1 * ((ms - endMs) / DAY_MS + 30)) + (isWeekday(ms) && hourOf(ms) >= 13 && hourOf(ms) < 22 ? 3 : 0) },
  // Nightly batch: bursts of compute-optimised instances.
  { region: 'us-east-1', instanceType: 'c5.2xlarge', count: (ms, _e, rng) => (hourOf(ms) >= 1 && hourOf(ms) < 4 ? 4 + rng.int(3) : 0) },
  // A second region: steady.
  { region: 'us-west-2', instanceType: 'm5.large', count: () => 8 },
  { region: 'us-west-2', instanceType: 'r5.xlarge', count: (_ms, _e, rng) => 2 + (rng.next() < 0.03 ? 1 : 0) },
];

function line(partial: Partial<CostLineItem> & Pick<CostLineItem, 'periodStartMs' | 'service' | 'billedCostUsd'>): CostLineItem {
  return {
    periodEndMs: partial.periodStartMs + DAY_MS,
    provider: 'AWS',
    region: 'us-east-1',
    instanceType: '',
    namespace: '',
    resourceId: '',
    effectiveCostUsd: partial.billedCostUsd,
    listCostUsd: partial.billedCostUsd,
    usageQuantity: 0,
    usageUnit: '',
    pricingCategory: 'Standard',
    commitmentDiscountId: '',
    source: 'sample',
    ...partial,
  };
}

const round6 = (v: number) => Math.round(v * 1e6) / 1e6;

export function generateBilling(grid: SampleGrid, nodes: NodePlan[], volumes: { namespace: string; capacityBytes: number }[]): { costLineItems: CostLineItem[]; instanceUsageHours: InstanceUsageHour[] } {
  const days = Math.round((grid.endMs - grid.startMs) / DAY_MS);
  const hours = days * 24;
  const stepsPerHour = HOUR_SECONDS / grid.stepSeconds;
  const instanceUsageHours: InstanceUsageHour[] = [];
  // Instance-hours per day, per (region, type, capacity type), cluster and fleet.
  const dailyHours = new Map<string, { region: string; instanceType: string; spot: boolean; inCluster: boolean; hours: Float64Array }>();
  const addHours = (region: string, instanceType: string, spot: boolean, inCluster: boolean, day: number, h: number) => {
    const key = `${region}/${instanceType}/${spot}/${inCluster}`;
    let e = dailyHours.get(key);
    if (!e) dailyHours.set(key, (e = { region, instanceType, spot, inCluster, hours: new Float64Array(days) }));
    e.hours[day]! += h;
  };
  const fleetRng = fleet.map((f) => RandomStream.for(grid.seed, `fleet/${f.region}/${f.instanceType}`));
  for (let h = 0; h < hours; h++) {
    const ms = grid.startMs + h * HOUR_MS;
    const day = Math.floor(h / 24);
    const onDemand = new Map<string, number>();
    for (const n of nodes) {
      if (n.startStep > h * stepsPerHour) continue;
      const spot = n.info.capacityType === 'spot';
      addHours(n.info.region, n.info.instanceType, spot, true, day, 1);
      if (!spot) onDemand.set(`${n.info.region}/${n.info.instanceType}`, (onDemand.get(`${n.info.region}/${n.info.instanceType}`) ?? 0) + 1);
    }
    fleet.forEach((f, i) => {
      const count = f.count(ms, grid.endMs, fleetRng[i]!);
      if (count > 0) addHours(f.region, f.instanceType, false, false, day, count);
      const key = `${f.region}/${f.instanceType}`;
      onDemand.set(key, (onDemand.get(key) ?? 0) + count);
    });
    for (const [key, instances] of [...onDemand].sort(([a], [b]) => a.localeCompare(b))) {
      const [region, instanceType] = key.split('/') as [string, string];
      instanceUsageHours.push({ timestampMs: ms, region, instanceType, instances });
    }
  }

  const lines: CostLineItem[] = [];
  for (let d = 0; d < days; d++) {
    const dayMs = grid.startMs + d * DAY_MS;
    // EC2 as a real bill has it: one line per cluster node and day, named by its instance ID and
    // tagged with no namespace (a node serves many), at the spot price for spot nodes; the fleet
    // outside the cluster as lines per instance type without IDs.
    for (const n of [...nodes].sort((a, b) => a.instanceId.localeCompare(b.instanceId))) {
      const aliveSeconds = Math.max(0, Math.min(DAY_SECONDS, (d + 1) * DAY_SECONDS - n.startStep * grid.stepSeconds));
      if (aliveSeconds === 0) continue;
      const hrs = aliveSeconds / HOUR_SECONDS;
      const price = instancePrices[n.info.instanceType]!;
      const spot = n.info.capacityType === 'spot';
      lines.push(line({
        periodStartMs: dayMs, service: 'AmazonEC2', region: n.info.region, instanceType: n.info.instanceType, resourceId: n.instanceId, usageUnit: 'Hrs', usageQuantity: round6(hrs),
        pricingCategory: spot ? 'Dynamic' : 'Standard', billedCostUsd: round6(hrs * (spot ? price.spotHourlyUsd : price.onDemandHourlyUsd)), listCostUsd: round6(hrs * price.onDemandHourlyUsd),
      }));
    }
    for (const e of [...dailyHours.values()].filter((x) => !x.inCluster).sort((a, b) => `${a.region}${a.instanceType}`.localeCompare(`${b.region}${b.instanceType}`))) {
      const hrs = e.hours[d]!;
      if (hrs === 0) continue;
      const price = instancePrices[e.instanceType]!;
      lines.push(line({ periodStartMs: dayMs, service: 'AmazonEC2', region: e.region, instanceType: e.instanceType, usageUnit: 'Hrs', usageQuantity: round6(hrs), billedCostUsd: round6(hrs * price.onDemandHourlyUsd) }));
    }
    // EBS: PVCs by namespace, node root volumes unallocated.
    const pvcGbByNs = new Map<string, number>();
    for (const v of volumes) pvcGbByNs.set(v.namespace, (pvcGbByNs.get(v.namespace) ?? 0) + v.capacityBytes / GIB_BYTES);
    for (const [namespace, gb] of [...pvcGbByNs].sort(([a], [b]) => a.localeCompare(b))) {
      lines.push(line({ periodStartMs: dayMs, service: 'AmazonEBS', namespace, usageUnit: 'GB-Mo', usageQuantity: round6(gb / DAYS_PER_MONTH), billedCostUsd: round6((gb * EBS_GP3_USD_PER_GB_MONTH) / DAYS_PER_MONTH) }));
    }
    const nodesAlive = nodes.filter((n) => n.startStep * grid.stepSeconds < (d + 1) * DAY_SECONDS).length;
    lines.push(line({ periodStartMs: dayMs, service: 'AmazonEBS', usageUnit: 'GB-Mo', usageQuantity: round6((nodesAlive * ROOT_VOLUME_GB) / DAYS_PER_MONTH), billedCostUsd: round6((nodesAlive * ROOT_VOLUME_GB * EBS_GP3_USD_PER_GB_MONTH) / DAYS_PER_MONTH) }));
    // Data transfer out follows the shop's traffic: weekly cycle and growth.
    const rng = RandomStream.for(grid.seed, `billing/day/${Math.floor(dayMs / DAY_MS)}`);
    const daysToEnd = (grid.endMs - dayMs) / DAY_MS;
    const gbOut = 140 * (isWeekday(dayMs) ? 1 : 0.72) * (1 - 0.005 * daysToEnd) * (1 + 0.05 * rng.gaussian());
    lines.push(line({ periodStartMs: dayMs, service: 'AWSDataTransfer', usageUnit: 'GB', usageQuantity: round6(gbOut), billedCostUsd: round6(gbOut * DATA_TRANSFER_USD_PER_GB) }));
    lines.push(line({ periodStartMs: dayMs, service: 'AmazonEKS', usageUnit: 'Hrs', usageQuantity: 24, billedCostUsd: round6(24 * EKS_USD_PER_HOUR), resourceId: `arn:aws:eks:us-east-1:123456789012:cluster/${grid.cluster}` }));
    const s3Gb = 2400 + 15 * (30 - daysToEnd);
    lines.push(line({ periodStartMs: dayMs, service: 'AmazonS3', usageUnit: 'GB-Mo', usageQuantity: round6(s3Gb / DAYS_PER_MONTH), billedCostUsd: round6((s3Gb * S3_USD_PER_GB_MONTH) / DAYS_PER_MONTH + 0.4 + 0.05 * rng.next()) }));
    lines.push(line({ periodStartMs: dayMs, service: 'AmazonCloudWatch', usageUnit: 'Metrics', usageQuantity: 1100, billedCostUsd: round6(3.1 + 0.2 * rng.next()) }));
  }
  return { costLineItems: lines, instanceUsageHours };
}
