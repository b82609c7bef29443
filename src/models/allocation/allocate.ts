/**
 * The allocation formula, written once (OpenCost's):
 *
 *   per node and hour:  price = what the node cost that hour (priceNodes) ÷ the fraction it ran
 *                       price = cores × $/core-hour + GiB × $/GiB-hour (+ GPUs × $/GPU-hour),
 *                       $/core-hour = ratio × $/GiB-hour (the CPU:RAM ratio rightsizing uses)
 *   per container, node and hour:
 *                       cost = max(CPU request, CPU usage) × $/core-hour
 *                            + max(memory request, memory usage) × $/GiB-hour + GPU requests × $/GPU-hour
 *   idle (per node)    = what the node cost − what its containers paid
 *   unallocated        = bill spend that is no node's or PVC's (by service)
 *
 * so allocations + idle + unallocated = the window's total. Containers arrive in batches
 * (`add`), so 10,000 containers × 30 days never need to be in memory at once.
 */
import type { ContainerNodeHours } from '../../domain/allocation.js';
import type { ContainerRef } from '../../domain/workload.js';
import { GIB_BYTES, HOUR_SECONDS } from '../../domain/units.js';
import { defaultCpuToMemoryPriceRatio, splitNodeHourlyPrice } from '../rightsizing/resource-pricing.js';
import { priceNodes, type NodePricingInput, type PricedNodes, type UnallocatedSpend } from './price-nodes.js';
import { allocationMessages as msg } from './messages.js';

const HOUR_MS = HOUR_SECONDS * 1000;

export interface AllocationSettings {
  /** $/core-hour ÷ $/GiB-hour. Default: rightsizing's (OpenCost's default prices, ≈ 7.46). */
  cpuToMemoryPriceRatio?: number;
  /** $ per GPU-hour taken out of a GPU node's price before CPU and memory share the rest. Default 0.95 (OpenCost's default GPU price). */
  gpuHourUsd?: number;
}

export interface AllocationInput extends NodePricingInput {
  currency: string;
  settings?: AllocationSettings;
}

/** What one workload container paid on one node over the window. */
export interface ContainerAllocation {
  ref: ContainerRef;
  node: string;
  nodePool: string;
  cpuUsd: number;
  memoryUsd: number;
  gpuUsd: number;
  /** Usage alone priced at the same rates (the numerator of efficiency). */
  usedUsd: number;
  /** Core-hours and GiB-hours paid for (max of request and usage), so a reader can recompute. */
  cpuCoreHours: number;
  memoryGibHours: number;
  /** Cost per day of the window (CPU + memory + GPU). */
  dailyUsd: Float64Array;
}

export interface VolumeAllocation {
  cluster: string;
  namespace: string;
  persistentVolumeClaim: string;
  /** The StatefulSet whose claim template made the PVC, when one matches (`<template>-<statefulset>-<ordinal>`). */
  workload: string | null;
  storageUsd: number;
  dailyUsd: Float64Array;
}

export interface NodeCost {
  cluster: string;
  node: string;
  nodePool: string;
  pricedBy: PricedNodes['nodePricedBy'][number];
  costUsd: number;
  allocatedUsd: number;
  /** costUsd − allocatedUsd (negative when containers used more than the node's price covers). */
  idleUsd: number;
  dailyIdleUsd: Float64Array;
}

export interface CostAllocation {
  currency: string;
  windowStartMs: number;
  windowEndMs: number;
  priceSource: PricedNodes['priceSource'];
  totalUsd: number;
  containers: ContainerAllocation[];
  volumes: VolumeAllocation[];
  nodes: NodeCost[];
  idleUsd: number;
  unallocated: UnallocatedSpend[];
  unallocatedUsd: number;
  notes: string[];
}

export interface CostAllocator {
  /** Adds a batch of container-on-node series (any order; the same container and node twice adds up). */
  add(rows: Iterable<ContainerNodeHours>): void;
  finish(): CostAllocation;
}

interface NodeRates {
  cpu: Float64Array;
  memory: Float64Array;
  gpu: Float64Array;
  allocated: Float64Array;
}

export function createCostAllocator(input: AllocationInput): CostAllocator {
  const ratio = input.settings?.cpuToMemoryPriceRatio ?? defaultCpuToMemoryPriceRatio;
  const gpuHourUsd = input.settings?.gpuHourUsd ?? 0.95;
  const priced = priceNodes(input);
  const { hours } = priced;
  const days = Math.max(1, Math.ceil(hours / 24));
  const nodeIndex = new Map(input.nodes.map((n, i) => [`${n.cluster}\u0000${n.node}`, i]));
  const rates: NodeRates[] = input.nodes.map((n, i) => {
    const cost = priced.nodeCostUsd[i]!;
    const r: NodeRates = { cpu: new Float64Array(hours), memory: new Float64Array(hours), gpu: new Float64Array(hours), allocated: new Float64Array(hours) };
    const up = new Float64Array(hours);
    for (let k = 0; k < n.up.length; k++) {
      const h = Math.round((n.startMs + k * n.stepSeconds * 1000 - input.windowStartMs) / HOUR_MS);
      if (h >= 0 && h < hours) up[h] = n.up[k]!;
    }
    const memoryGib = n.memoryBytes / GIB_BYTES;
    for (let h = 0; h < hours; h++) {
      if (!(up[h]! > 0) || cost[h] === 0) continue;
      const price = cost[h]! / up[h]!;
      const gpuPart = n.gpus > 0 ? Math.min(0.75 * price, n.gpus * gpuHourUsd) : 0;
      if (n.gpus > 0) r.gpu[h] = gpuPart / n.gpus;
      if (n.cpuCores > 0 && memoryGib > 0) {
        const split = splitNodeHourlyPrice(price - gpuPart, n.cpuCores, memoryGib, ratio);
        r.cpu[h] = split.cpuCoreHourUsd;
        r.memory[h] = split.memoryGibHourUsd;
      }
    }
    return r;
  });
  const entries = new Map<string, ContainerAllocation>();
  let unknownNodeHours = 0;

  function add(rows: Iterable<ContainerNodeHours>): void {
    for (const row of rows) {
      const ni = nodeIndex.get(`${row.ref.cluster}\u0000${row.node}`);
      const stepHours = row.stepSeconds / HOUR_SECONDS;
      const offset = Math.round((row.startMs - input.windowStartMs) / HOUR_MS);
      if (ni === undefined) {
        for (let k = 0; k < row.cpuUsageCores.length; k++) if (row.cpuUsageCores[k]! > 0 || row.memoryUsageBytes[k]! > 0) unknownNodeHours += stepHours;
        continue;
      }
      const key = `${row.ref.cluster}\u0000${row.ref.namespace}\u0000${row.ref.workloadKind}\u0000${row.ref.workload}\u0000${row.ref.container}\u0000${row.node}`;
      let e = entries.get(key);
      if (!e) {
        e = { ref: row.ref, node: row.node, nodePool: input.nodes[ni]!.nodePool, cpuUsd: 0, memoryUsd: 0, gpuUsd: 0, usedUsd: 0, cpuCoreHours: 0, memoryGibHours: 0, dailyUsd: new Float64Array(days) };
        entries.set(key, e);
      }
      const r = rates[ni]!;
      const { cpuRequestCores: cpuReq, cpuUsageCores: cpuUse, memoryRequestBytes: memReq, memoryUsageBytes: memUse, gpuRequest: gpu } = row;
      let cpuUsd = 0, memoryUsd = 0, gpuUsd = 0, usedUsd = 0, coreHours = 0, gibHours = 0;
      const n = cpuUse.length;
      for (let k = 0; k < n; k++) {
        const h = offset + k;
        if (h < 0 || h >= hours) continue;
        const cu = cpuUse[k]! > 0 ? cpuUse[k]! : 0;
        const cr = cpuReq[k]! > 0 ? cpuReq[k]! : 0;
        const mu = memUse[k]! > 0 ? memUse[k]! / GIB_BYTES : 0;
        const mr = memReq[k]! > 0 ? memReq[k]! / GIB_BYTES : 0;
        const cpuPaid = (cu > cr ? cu : cr) * stepHours;
        const memPaid = (mu > mr ? mu : mr) * stepHours;
        const g = gpu !== null && gpu[k]! > 0 ? gpu[k]! * stepHours : 0;
        const c = cpuPaid * r.cpu[h]!;
        const m = memPaid * r.memory[h]!;
        const gu = g * r.gpu[h]!;
        cpuUsd += c;
        memoryUsd += m;
        gpuUsd += gu;
        usedUsd += (cu * r.cpu[h]! + mu * r.memory[h]!) * stepHours + gu;
        coreHours += cpuPaid;
        gibHours += memPaid;
        r.allocated[h]! += c + m + gu;
        e.dailyUsd[Math.floor(h / 24)]! += c + m + gu;
      }
      e.cpuUsd += cpuUsd;
      e.memoryUsd += memoryUsd;
      e.gpuUsd += gpuUsd;
      e.usedUsd += usedUsd;
      e.cpuCoreHours += coreHours;
      e.memoryGibHours += gibHours;
    }
  }

  function finish(): CostAllocation {
    const statefulSets = new Map<string, string[]>();
    for (const e of entries.values()) {
      if (e.ref.workloadKind !== 'StatefulSet') continue;
      const k = `${e.ref.cluster}\u0000${e.ref.namespace}`;
      const list = statefulSets.get(k) ?? [];
      if (!list.includes(e.ref.workload)) list.push(e.ref.workload);
      statefulSets.set(k, list);
    }
    const volumes: VolumeAllocation[] = input.volumes.map((v, j) => {
      const cost = priced.volumeCostUsd[j]!;
      const dailyUsd = new Float64Array(days);
      let storageUsd = 0;
      for (let h = 0; h < hours; h++) { storageUsd += cost[h]!; dailyUsd[Math.floor(h / 24)]! += cost[h]!; }
      const owners = (statefulSets.get(`${v.cluster}\u0000${v.namespace}`) ?? []).filter((s) => new RegExp(`-${escapeRegex(s)}-\\d+$`).test(v.persistentVolumeClaim));
      const workload = owners.sort((a, b) => b.length - a.length)[0] ?? null;
      return { cluster: v.cluster, namespace: v.namespace, persistentVolumeClaim: v.persistentVolumeClaim, workload, storageUsd, dailyUsd };
    });
    const nodes: NodeCost[] = input.nodes.map((n, i) => {
      const cost = priced.nodeCostUsd[i]!;
      const allocated = rates[i]!.allocated;
      const dailyIdleUsd = new Float64Array(days);
      let costUsd = 0, allocatedUsd = 0;
      for (let h = 0; h < hours; h++) {
        costUsd += cost[h]!;
        allocatedUsd += allocated[h]!;
        dailyIdleUsd[Math.floor(h / 24)]! += cost[h]! - allocated[h]!;
      }
      return { cluster: n.cluster, node: n.node, nodePool: n.nodePool, pricedBy: priced.nodePricedBy[i]!, costUsd, allocatedUsd, idleUsd: costUsd - allocatedUsd, dailyIdleUsd };
    });
    const notes = [...priced.notes];
    if (unknownNodeHours > 0) notes.push(msg.containersOnUnknownNodes(unknownNodeHours));
    return {
      currency: input.currency,
      windowStartMs: input.windowStartMs,
      windowEndMs: input.windowEndMs,
      priceSource: priced.priceSource,
      totalUsd: priced.totalUsd,
      containers: [...entries.values()],
      volumes,
      nodes,
      idleUsd: nodes.reduce((a, n) => a + n.idleUsd, 0),
      unallocated: priced.unallocated,
      unallocatedUsd: priced.unallocated.reduce((a, u) => a + u.costUsd, 0),
      notes,
    };
  }

  return { add, finish };
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
