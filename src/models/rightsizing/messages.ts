/**
 * Every sentence rightsizing shows a user (the `reasons` of a recommendation) lives here, so the
 * wording is consistent and tests assert against these functions rather than copied strings.
 */
import { HeadroomError, InputError } from '../../domain/errors.js';
import { MIB_BYTES } from '../../domain/units.js';

/** `0.25` → `250m`, `2` → `2 cores`: CPU as people read it. */
export function formatCpu(cores: number): string {
  if (cores >= 1) {
    const n = Number(cores.toFixed(2));
    return `${n} core${n === 1 ? '' : 's'}`;
  }
  return `${Math.round(cores * 1000)}m`;
}

/** Bytes → `512 MiB` / `1.5 GiB`. */
export function formatMemory(bytes: number): string {
  const mib = bytes / MIB_BYTES;
  if (mib >= 1024) return `${Number((mib / 1024).toFixed(2))} GiB`;
  return `${Math.round(mib)} MiB`;
}

function formatPercent(ratio: number): string {
  return `${Number((ratio * 100).toFixed(1))} %`;
}

function formatDays(seconds: number): string {
  const days = seconds / 86_400;
  return days >= 1 ? `${Number(days.toFixed(1))} days` : `${Number((seconds / 3600).toFixed(1))} hours`;
}

export const reasons = {
  insufficientData: (samples: number, historySeconds: number, minSamples: number, minHistorySeconds: number) =>
    `no recommendation: insufficient data (${samples} samples over ${formatDays(historySeconds)}; need at least ${minSamples} samples over ${formatDays(minHistorySeconds)})`,
  noHistory: (strategy: string) => `no recommendation: strategy ${strategy} needs the hourly usage history, which was not collected for this container`,
  percentileCpu: (percentile: number, usageCores: number, requestCores: number) => `CPU request ${formatCpu(requestCores)} from p${percentile} usage over the history (${formatCpu(usageCores)}), rounded up`,
  percentileMemory: (peakBytes: number, bufferRatio: number, requestBytes: number) => `memory request ${formatMemory(requestBytes)} from the peak working set ${formatMemory(peakBytes)} + ${formatPercent(bufferRatio)}, rounded up`,
  histogramCpu: (percentile: number, cpuCores: number, marginRatio: number, halfLifeHours: number, requestCores: number) =>
    `CPU request ${formatCpu(requestCores)} from p${Math.round(percentile * 100)} of a decaying histogram (half-life ${halfLifeHours} h) of ${formatCpu(cpuCores)} + ${formatPercent(marginRatio)} margin, rounded up`,
  histogramMemory: (percentile: number, bytes: number, marginRatio: number, requestBytes: number) =>
    `memory request ${formatMemory(requestBytes)} from p${Math.round(percentile * 100)} of daily peaks ${formatMemory(bytes)} + ${formatPercent(marginRatio)} margin, rounded up`,
  startupSpikesIgnored: (steps: number, spikeCores: number) =>
    `${steps} startup window${steps === 1 ? '' : 's'} (CPU up to ${formatCpu(spikeCores)} right after pods started) counted at their mean, not their spike`,
  shortSpike: (maxCores: number, p99Cores: number) =>
    `CPU peak ${formatCpu(maxCores)} is a short spike (startup or burst) far above p99 ${formatCpu(p99Cores)}; not used as the steady request`,
  memoryRaisedToPeak: (peakBytes: number, newBytes: number) => `memory raised to ${formatMemory(newBytes)}, the observed peak working set ${formatMemory(peakBytes)} rounded up: never recommend below what the container used`,
  oomRaised: (kills: number, killedAtBytes: number, newBytes: number) =>
    `OOM-killed ${kills} time${kills === 1 ? '' : 's'} at a ${formatMemory(killedAtBytes)} limit: memory raised to ${formatMemory(newBytes)} (max(+100 MiB, ×1.2))`,
  throttled: (ratio: number, newCores: number) =>
    `CPU throttled in ${formatPercent(ratio)} of periods (over 10 %): usage was capped by the limit, CPU raised to ${formatCpu(newCores)}`,
  throttlingLimitRemoved: () => 'CPU limit removed (policy: no CPU limit), which ends the throttling',
  hpaCpu: (targetPercent: number, p95Cores: number, newCores: number) =>
    `an HPA scales this workload on CPU at ${targetPercent} % of the request: changing the request changes the utilisation it sees, so the request is set to p95 ${formatCpu(p95Cores)} ÷ ${targetPercent} % = ${formatCpu(newCores)} to keep peak load at the HPA target`,
  hpaMemory: (targetPercent: number, peakBytes: number, newBytes: number) =>
    `an HPA scales this workload on memory at ${targetPercent} % of the request: the request is set to peak ${formatMemory(peakBytes)} ÷ ${targetPercent} % = ${formatMemory(newBytes)} so the HPA keeps seeing the same utilisation`,
  cpuFloor: (floorCores: number) => `CPU request raised to the floor of ${formatCpu(floorCores)}`,
  memoryFloor: (floorBytes: number) => `memory request raised to the floor of ${formatMemory(floorBytes)}`,
  noCurrentRequest: (resource: 'CPU' | 'memory') => `no ${resource} request is set today: the scheduler reserves nothing for it, so setting one adds cost but makes placement safe`,
  confidence: (level: string, historySeconds: number, samples: number) => `confidence ${level}: ${formatDays(historySeconds)} of history, ${samples} samples`,
  shortHistory: (historySeconds: number) => `only ${formatDays(historySeconds)} of history (under 3 days is never high confidence)`,
  unchanged: () => 'requests are already within a few percent of the recommendation',
  hasVpa: () => 'a VerticalPodAutoscaler manages this workload; apply changes through it, not the manifest',
} as const;

/**
 * Errors of `headroom rightsize`, each a HeadroomError with its message and the hint that fixes
 * it (exit 2: USAGE for the command line, INPUT_INVALID for settings and files), ready to throw;
 * and the two warnings, as text.
 */
export const rightsizeErrors = {
  badLimit: (value: string | undefined) => new HeadroomError('USAGE', `--limit ${value}: expected a whole number ≥ 1`, { hint: 'e.g. --limit 20' }),
  badSetting: (pair: string) => new InputError(`--set ${pair}: expected key=value`, { hint: 'e.g. --set cpuPercentile=99 (see --help for each strategy\'s settings)' }),
  unknownStrategy: (name: string, known: string[]) => new InputError(`unknown rightsizing strategy "${name}"`, { hint: `use one of: ${known.join(', ')}` }),
  badSettings: (strategy: string, problems: string[]) => new InputError(`settings of strategy ${strategy}: ${problems.join('; ')}`, { hint: 'see `headroom rightsize --help` for each setting, its default and range' }),
  atBeforeStoredUsage: (at: string, storePath: string, earliestMs: number) => new HeadroomError('USAGE',
    `--at ${at}: no usage collection in the store ${storePath} ends at or before it; the earliest ends ${new Date(earliestMs).toISOString()}`,
    { hint: `give --at ${new Date(earliestMs).toISOString()} or later, or collect that history first: headroom collect --at TIME` }),
  noStoredUsage: (storePath: string) => new HeadroomError('USAGE', `no usage in the store ${storePath}`, { hint: 'collect first (headroom collect), or pass --prometheus-url URL or --sample' }),
  noPrometheus: () => new HeadroomError('USAGE', 'no Prometheus to read usage from', { hint: 'pass --prometheus-url URL, set prometheus.url in headroom.yaml, or use --sample' }),
  applyToUnreadable: (dir: string, cause: unknown) => new InputError(`--apply-to ${dir}: cannot be read (${(cause as { code?: string }).code ?? 'error'})`, { hint: 'pass a directory of Kubernetes manifests or Helm values files', cause }),
  kubernetesUnavailable: (detail: string) => `Kubernetes inventory unavailable (${detail}); HPA targets not considered`,
  noPrice: (instanceType: string, region: string, priceListLabel: string) => `no price for ${instanceType} in ${region} (neither billing data nor ${priceListLabel}); its nodes are priced at OpenCost's default rates`,
} as const;
