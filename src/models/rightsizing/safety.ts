/**
 * Safety rules applied after any strategy. Each rule may only make a recommendation safer (raise
 * it) and says why; they run in a fixed order so the reasons read from most to least urgent.
 */
import type { ContainerUsageSummary } from '../../domain/usage.js';
import type { HpaSpec } from '../../domain/workload.js';
import { MIB_BYTES } from '../../domain/units.js';
import { reasons } from './messages.js';

/** Throttled periods above this share mean the container wanted more CPU than its limit allowed. */
export const throttlingRaiseThreshold = 0.1;
/** VPA's OOM bump: at least +100 MiB, at least ×1.2 of the memory it was killed at. */
export const oomBumpMinBytes = 100 * MIB_BYTES;
export const oomBumpRatio = 1.2;
/** CPU max this many times above p99 is a short spike (startup, burst), not steady demand. */
const shortSpikeFactor = 3;

export interface SafetyInput {
  summary: ContainerUsageSummary;
  hpa: HpaSpec | null;
  cpuRequestCores: number;
  memoryRequestBytes: number;
}

export interface SafetyOutput {
  cpuRequestCores: number;
  memoryRequestBytes: number;
  /**
   * Why the CPU / memory request, given the final (rounded) request, when a rule decided it (the
   * last rule that changed it; it replaces the strategy's reason: one reason per decision).
   */
  cpuReason: ((requestCores: number) => string) | null;
  memoryReason: ((requestBytes: number) => string) | null;
  /** Notes to show after the strategy's reasons. */
  notes: string[];
  oomRaised: boolean;
  throttled: boolean;
  hpaAdjusted: boolean;
}

/** The memory a container OOM-killed at `killedAtBytes` must at least get. */
export function bumpAfterOom(killedAtBytes: number): number {
  return Math.max(killedAtBytes + oomBumpMinBytes, killedAtBytes * oomBumpRatio);
}

export function applySafetyRules(input: SafetyInput): SafetyOutput {
  const { summary, hpa } = input;
  let cpu = input.cpuRequestCores;
  let memory = input.memoryRequestBytes;
  let cpuReason: SafetyOutput['cpuReason'] = null;
  let memoryReason: SafetyOutput['memoryReason'] = null;
  const notes: string[] = [];
  let oomRaised = false;
  let throttled = false;
  let hpaAdjusted = false;

  // 1. OOM kills: the limit it died at was too small; the new one must clear it by the VPA bump.
  if (summary.oomKills > 0) {
    const killedAt = summary.oomKilledAtMemoryLimitBytes ?? summary.current.memoryLimitBytes ?? summary.memoryPeakBytes;
    const bumped = bumpAfterOom(killedAt);
    if (memory < bumped) memory = bumped;
    memoryReason = (final) => reasons.oomRaised(summary.oomKills, killedAt, final);
    oomRaised = true;
  }

  // 2. Throttling: usage was capped by the limit, so observed usage understates demand.
  if (summary.cpuThrottlingRatio !== null && summary.cpuThrottlingRatio > throttlingRaiseThreshold) {
    const base = summary.current.cpuRequestCores ?? summary.current.cpuLimitCores ?? 0;
    const raised = Math.max(cpu, summary.cpuP99Cores, base * (1 + summary.cpuThrottlingRatio));
    cpu = raised;
    const ratio = summary.cpuThrottlingRatio;
    cpuReason = (final) => reasons.throttled(ratio, final);
    throttled = true;
  }

  // 3. HPA on CPU: the HPA compares usage with the request, so the request must keep p95 load at its target.
  if (hpa?.cpuTargetUtilizationPercent) {
    const target = hpa.cpuTargetUtilizationPercent / 100;
    const hpaCpu = summary.cpuP95Cores / target;
    // Throttled: the raise stands unless the HPA needs more (then the HPA decides).
    if (!throttled || hpaCpu >= cpu) {
      cpu = hpaCpu;
      const targetPercent = hpa.cpuTargetUtilizationPercent;
      cpuReason = (final) => reasons.hpaCpu(targetPercent, summary.cpuP95Cores, final);
    }
    hpaAdjusted = true;
  }
  if (hpa?.memoryTargetUtilizationPercent) {
    const target = hpa.memoryTargetUtilizationPercent / 100;
    const hpaMemory = summary.memoryP95Bytes / target;
    if (hpaMemory > memory) {
      memory = hpaMemory;
      const targetPercent = hpa.memoryTargetUtilizationPercent;
      memoryReason = (final) => reasons.hpaMemory(targetPercent, summary.memoryP95Bytes, final);
    }
    hpaAdjusted = true;
  }

  // 4. Never below the observed peak working set: that much was used, so less means an OOM kill.
  if (memory < summary.memoryPeakBytes) {
    memory = summary.memoryPeakBytes;
    memoryReason = (final) => reasons.memoryRaisedToPeak(summary.memoryPeakBytes, final);
  }

  // 5. Startup spikes: say that the maximum was seen and deliberately not used.
  if (summary.cpuMaxCores > shortSpikeFactor * summary.cpuP99Cores && summary.cpuMaxCores > cpu && summary.cpuMaxCores >= 0.05) {
    notes.push(reasons.shortSpike(summary.cpuMaxCores, summary.cpuP99Cores));
  }
  return { cpuRequestCores: cpu, memoryRequestBytes: memory, cpuReason, memoryReason, notes, oomRaised, throttled, hpaAdjusted };
}
