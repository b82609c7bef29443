/**
 * Scrape intervals of the sample's OpenMetrics export, per scrape job. Real clusters scrape each
 * job at its own interval (one ServiceMonitor each): kube-state-metrics is often scraped less
 * often than the kubelet because its responses are large, node-exporter more often. A query that
 * divides one job's samples by another job's sample count is wrong by their ratio, and a sample
 * where every job shares one interval cannot show it; so the export writes each job on its own
 * interval, a whole multiple of the written step (the sample's values are on one grid).
 *
 * Presets:
 *   uniform          every job at the written step (the sample's own grid)
 *   kube-prometheus  kubelet (cAdvisor, volume stats) 1m, node-exporter 1m, kube-state-metrics 2m — the default
 *   exaggerated      kubelet 1m, node-exporter 2m, kube-state-metrics 4m: keeps interval bugs loud
 */
import { sourceJobs } from '../domain/conventions.js';
import { InputError } from '../domain/errors.js';
import { formatDuration, parseDurationSeconds } from '../domain/units.js';

/** Scrape jobs of the sample: `job` label values. */
export type SampleScrapeJob = (typeof sourceJobs)[keyof typeof sourceJobs];

export const sampleScrapeJobs: readonly SampleScrapeJob[] = [sourceJobs.cadvisor, sourceJobs.kubeStateMetrics, sourceJobs.nodeExporter];

/** Seconds between scrapes, per job; a job left out is scraped at the written step. */
export type ScrapeIntervals = Partial<Record<SampleScrapeJob, number>>;

export const scrapeIntervalPresets = {
  uniform: {},
  'kube-prometheus': { [sourceJobs.cadvisor]: 60, [sourceJobs.nodeExporter]: 60, [sourceJobs.kubeStateMetrics]: 120 },
  exaggerated: { [sourceJobs.cadvisor]: 60, [sourceJobs.nodeExporter]: 120, [sourceJobs.kubeStateMetrics]: 240 },
} as const satisfies Record<string, ScrapeIntervals>;

export type ScrapeIntervalPreset = keyof typeof scrapeIntervalPresets;

export const defaultScrapeIntervalPreset: ScrapeIntervalPreset = 'kube-prometheus';

/** The job that exposes a metric family (what its `job` label says). `up` is written per job. */
export function scrapeJobOfFamily(family: string): SampleScrapeJob {
  if (family.startsWith('kube_')) return sourceJobs.kubeStateMetrics;
  if (family.startsWith('node_')) return sourceJobs.nodeExporter;
  return sourceJobs.cadvisor;
}

/**
 * Parses `--scrape-intervals`: a preset name, or `job=duration` pairs separated by commas
 * (e.g. `kube-state-metrics=4m,kubelet=1m`). Every problem is reported at once.
 */
export function parseScrapeIntervals(text: string): ScrapeIntervals {
  const trimmed = text.trim();
  if (trimmed in scrapeIntervalPresets) return { ...scrapeIntervalPresets[trimmed as ScrapeIntervalPreset] };
  const out: ScrapeIntervals = {};
  const problems: string[] = [];
  for (const part of trimmed.split(',').map((p) => p.trim()).filter(Boolean)) {
    const [job, duration, ...rest] = part.split('=');
    if (!sampleScrapeJobs.includes(job as SampleScrapeJob) || duration === undefined || rest.length > 0) {
      problems.push(`"${part}" is not job=duration with job one of ${sampleScrapeJobs.join(', ')}`);
      continue;
    }
    try {
      out[job as SampleScrapeJob] = parseDurationSeconds(duration);
    } catch {
      problems.push(`"${duration}" of ${job} is not a duration`);
    }
  }
  if (problems.length > 0 || Object.keys(out).length === 0) {
    throw new InputError(`scrape intervals "${text}": ${problems.length ? problems.join('; ') : 'empty'}`, {
      hint: `pass a preset (${Object.keys(scrapeIntervalPresets).join(', ')}) or e.g. kube-state-metrics=4m,kubelet=1m`,
    });
  }
  return out;
}

/**
 * Per job, how many written steps lie between its scrapes. A preset's interval below the written
 * step, or not a multiple of it, is rounded up to one (a coarse export stays valid); an explicit
 * interval must be a whole multiple.
 */
export function resolveScrapeStrides(intervals: ScrapeIntervals | ScrapeIntervalPreset, writtenStepSeconds: number): Map<SampleScrapeJob, number> {
  const preset = typeof intervals === 'string';
  const seconds: ScrapeIntervals = preset ? scrapeIntervalPresets[intervals] : intervals;
  const strides = new Map<SampleScrapeJob, number>();
  const problems: string[] = [];
  for (const job of sampleScrapeJobs) {
    const s = seconds[job] ?? writtenStepSeconds;
    const stride = s / writtenStepSeconds;
    if (preset) strides.set(job, Math.max(1, Math.ceil(stride - 1e-9)));
    else if (!Number.isInteger(stride) || stride < 1) problems.push(`${job} every ${formatDuration(s)}`);
    else strides.set(job, stride);
  }
  if (problems.length > 0) {
    throw new InputError(`scrape intervals: ${problems.join(', ')} is not a whole multiple of the ${formatDuration(writtenStepSeconds)} step`, { hint: `use multiples of ${formatDuration(writtenStepSeconds)}, or a finer --step` });
  }
  return strides;
}
