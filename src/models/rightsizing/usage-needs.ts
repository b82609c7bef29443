/**
 * The usage a rightsizing run reads: its strategy's figures plus the safety rules' (p95 for HPA
 * targets, p99 for throttling and spikes). A collection for rightsizing computes only these —
 * no capacity series, volumes, node usage or replica peaks — which at 10,000 containers is most
 * of Prometheus's work saved.
 */
import type { CpuPercentile, UsageParts } from '../../domain/usage.js';
import type { RightsizingStrategy } from './strategy.js';

/** Percentiles the safety rules read (HPA CPU target: p95; throttling raise and spike note: p99). */
const safetyCpuPercentiles: CpuPercentile[] = [95, 99];

export function usagePartsFor<S extends RightsizingStrategy>(strategy: S, settings: Parameters<S['needs']>[0]): UsageParts {
  const needs = strategy.needs(settings);
  const cpuPercentiles = [...new Set([...needs.cpuPercentiles, ...safetyCpuPercentiles])].sort((a, b) => a - b);
  return { cpuPercentiles, histories: needs.history, replicaPeaksAndRestarts: false, capacitySeries: false, volumes: false, nodeUsage: false };
}
