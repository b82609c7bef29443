/**
 * $/core-hour and $/GiB-hour from node prices, OpenCost's way: a node's hourly price is split
 * between its vCPUs and its memory in a fixed CPU:RAM price ratio (OpenCost's default list prices,
 * $0.031611 per vCPU-hour and $0.004237 per GiB-hour, i.e. about 7.46 : 1).
 */
import type { NodeInfo } from '../../domain/workload.js';
import type { ResourcePrice } from '../../domain/recommendation.js';
import { GIB_BYTES } from '../../domain/units.js';

export const openCostDefaultCpuCoreHourUsd = 0.031611;
export const openCostDefaultMemoryGibHourUsd = 0.004237;
export const defaultCpuToMemoryPriceRatio = openCostDefaultCpuCoreHourUsd / openCostDefaultMemoryGibHourUsd;

/** What the caller knows about one instance type's price and shape. */
export interface InstanceTypePrice {
  instanceType: string;
  /** Effective hourly price of one node (billing with commitments applied, or the list price). */
  hourlyUsd: number;
  source: 'billing' | 'price-list';
  /** Capacity of the instance, when the price list knows it; else the node's allocatable is used. */
  vcpu: number | null;
  memoryGiB: number | null;
}

/** Splits a node's hourly price so that cores × cpuPrice + GiB × memoryPrice = price, cpuPrice = ratio × memoryPrice. */
export function splitNodeHourlyPrice(hourlyUsd: number, cpuCores: number, memoryGib: number, cpuToMemoryPriceRatio = defaultCpuToMemoryPriceRatio): { cpuCoreHourUsd: number; memoryGibHourUsd: number } {
  const memoryGibHourUsd = hourlyUsd / (cpuCores * cpuToMemoryPriceRatio + memoryGib);
  return { cpuCoreHourUsd: memoryGibHourUsd * cpuToMemoryPriceRatio, memoryGibHourUsd };
}

/**
 * The resource price for nodes of the given instance types (weighted by node count): the price a
 * workload pays where its pods run. Falls back to OpenCost's default prices when none is known.
 */
export function deriveResourcePrice(nodes: readonly NodeInfo[], prices: ReadonlyMap<string, InstanceTypePrice>, cpuToMemoryPriceRatio = defaultCpuToMemoryPriceRatio): ResourcePrice {
  let cpuSum = 0;
  let memorySum = 0;
  let weight = 0;
  let billing = 0;
  const counts = new Map<string, number>();
  for (const node of nodes) {
    const price = prices.get(node.instanceType);
    if (!price) continue;
    const cpuCores = price.vcpu ?? node.allocatableCpuCores;
    const memoryGib = price.memoryGiB ?? node.allocatableMemoryBytes / GIB_BYTES;
    if (!(cpuCores > 0) || !(memoryGib > 0)) continue;
    const split = splitNodeHourlyPrice(price.hourlyUsd, cpuCores, memoryGib, cpuToMemoryPriceRatio);
    cpuSum += split.cpuCoreHourUsd;
    memorySum += split.memoryGibHourUsd;
    weight++;
    if (price.source === 'billing') billing++;
    counts.set(node.instanceType, (counts.get(node.instanceType) ?? 0) + 1);
  }
  if (weight === 0) {
    return { cpuCoreHourUsd: openCostDefaultCpuCoreHourUsd, memoryGibHourUsd: openCostDefaultMemoryGibHourUsd, source: 'fallback', instanceType: null };
  }
  const instanceType = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0];
  return {
    cpuCoreHourUsd: cpuSum / weight,
    memoryGibHourUsd: memorySum / weight,
    source: billing * 2 >= weight ? 'billing' : 'price-list',
    instanceType,
  };
}
