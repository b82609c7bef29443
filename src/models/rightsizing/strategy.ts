/**
 * A rightsizing strategy: a named, versioned, pure function from a container's usage to raw
 * requests, with typed settings (a zod object whose field descriptions become CLI help). Floors,
 * rounding, limits and safety rules are applied afterwards, the same for every strategy.
 */
import type { z } from 'zod';
import type { ContainerUsageHistory, ContainerUsageSummary, CpuPercentile } from '../../domain/usage.js';

export interface StrategyInput {
  summary: ContainerUsageSummary;
  /** Hourly history when collected; strategies that need it return 'none' without it. */
  history: ContainerUsageHistory | null;
}

/** Raw requests before floors, rounding, limits and safety; or "no recommendation" with a reason. */
export type StrategyOutput =
  | {
      kind: 'requests';
      cpuRequestCores: number;
      memoryRequestBytes: number;
      /** Why the CPU request, given the final (rounded) request: called only when no safety rule or floor decided it. */
      cpuReason: (requestCores: number) => string;
      /** Why the memory request, given the final (rounded) request. */
      memoryReason: (requestBytes: number) => string;
      /** Further notes (startup spikes ignored, …). */
      reasons: string[];
    }
  | { kind: 'none'; reason: string };

export interface RightsizingStrategy<S extends z.ZodType = z.ZodType> {
  /** Name used in config (`rightsizing.strategy`) and on the CLI (`--strategy`). */
  name: string;
  /** Bumped whenever results change for the same input, so stored runs say what produced them. */
  version: number;
  description: string;
  settingsSchema: S;
  /** The usage figures `recommend` reads, so a collection for it computes only those. */
  needs(settings: z.infer<S>): { cpuPercentiles: CpuPercentile[]; history: boolean };
  recommend(input: StrategyInput, settings: z.infer<S>): StrategyOutput;
}
