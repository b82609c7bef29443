/**
 * Data-quality checks of a Prometheus backend, each finding with its fix. Used by
 * `headroom doctor` (src/app/doctor.ts); every check is a handful of cheap aggregate queries.
 *
 *   reachability → newest data (old data: suggest --at, stop) → cAdvisor / kube-state-metrics /
 *   node-exporter presence → cluster label → scrape interval vs rate window, per job → container=""/POD
 *   series → staleness and gaps → retention vs history → series counts
 */
import { sourceLabels as L, sourceMetrics as M } from '../../domain/conventions.js';
import { HeadroomError } from '../../domain/errors.js';
import { formatDuration, HOUR_SECONDS, parseDurationSeconds } from '../../domain/units.js';
import type { PrometheusClient } from './client.js';
import { chooseRateWindowSeconds, detectJobScrapeIntervals, detectScrapeIntervalSeconds } from './collect-usage.js';
import { resolveNodeExporterTargets } from './collect-node-usage.js';
import { doctorMessages as dm } from './doctor-messages.js';
import { newestHourWithData, newestSampleTime, scopeMatchers, type QueryScope } from './queries.js';

export type FindingSeverity = 'ok' | 'info' | 'warning' | 'error';

export interface DoctorFinding {
  check: string;
  severity: FindingSeverity;
  message: string;
  /** How to fix it; empty for `ok`. */
  fix: string;
}

export interface DoctorOptions {
  /** History the user wants to analyse (rightsize --history, collect --since). */
  historySeconds: number;
  /** Evaluation time ("now" for a live Prometheus). */
  atMs: number;
  /** Above this many cAdvisor CPU series, queries are flagged as expensive. Default 50,000. */
  expensiveSeriesThreshold?: number;
}

const rawContainer = `${L.container}!="",${L.container}!="POD"`;

/** How far back doctor looks for the newest data when the last hour has none: 90 days. */
const NEWEST_DATA_LOOKBACK_SECONDS = 90 * 86_400;
/** Prometheus's default lookback (--query.lookback-delta): a series scraped less often vanishes between scrapes. */
const LOOKBACK_DELTA_SECONDS = 300;
/** Scrapes a rate() window should hold; under the hard minimum rate() has no value at some steps. */
const RATE_WINDOW_SCRAPES = 4;
const RATE_WINDOW_MIN_SCRAPES = 2;

export interface JobIntervalProblem {
  job: string;
  severity: 'warning' | 'error';
  message: string;
  fix: string;
}

/**
 * The rule, per scrape job: a job whose counters Headroom rates (the kubelet's cAdvisor, node-exporter)
 * needs the rate window to hold at least 4 of its scrapes (window ≥ 4 × interval; a warning below,
 * an error below 2 ×, where rate() returns nothing at some steps); every job needs an interval within
 * Prometheus's 5-minute lookback, or its series vanish between scrapes from instant queries and
 * per-step sums (a warning).
 */
export function judgeJobIntervals(intervals: { job: string; intervalSeconds: number; rated: boolean }[], rateWindowSeconds: number): JobIntervalProblem[] {
  const out: JobIntervalProblem[] = [];
  const d = formatDuration;
  for (const j of intervals) {
    const scrapes = Math.floor((rateWindowSeconds / j.intervalSeconds) * 10) / 10;
    if (j.rated && rateWindowSeconds < RATE_WINDOW_SCRAPES * j.intervalSeconds) {
      out.push({ job: j.job, severity: rateWindowSeconds < RATE_WINDOW_MIN_SCRAPES * j.intervalSeconds ? 'error' : 'warning',
        message: dm.rateWindowShort(j.job, d(j.intervalSeconds), d(rateWindowSeconds), scrapes), fix: dm.rateWindowShortFix(j.job, d(Math.floor(rateWindowSeconds / RATE_WINDOW_SCRAPES))) });
    }
    if (j.intervalSeconds > LOOKBACK_DELTA_SECONDS) out.push({ job: j.job, severity: 'warning', message: dm.beyondLookback(j.job, d(j.intervalSeconds)), fix: dm.beyondLookbackFix(j.job) });
  }
  return out;
}

/** RFC 3339 without milliseconds, as `--at` takes it. */
function formatAt(ms: number): string {
  return new Date(ms).toISOString().replace(/\.000Z$/, 'Z');
}

/** An age people read: days past two days, else Prometheus's duration notation. */
function formatAge(seconds: number): string {
  return seconds >= 2 * 86_400 ? `${(seconds / 86_400).toFixed(1)} days` : formatDuration(seconds);
}

export async function runPrometheusChecks(client: PrometheusClient, options: DoctorOptions): Promise<DoctorFinding[]> {
  const source = client.source;
  const findings: DoctorFinding[] = [];
  const add = (check: string, severity: FindingSeverity, message: string, fix = '') => findings.push({ check, severity, message, fix });
  const at = options.atMs;
  const scope: QueryScope = { clusterLabel: source.clusterLabel, cluster: source.cluster, namespace: null };
  const m = scopeMatchers(scope);
  const sel = (metric: string, extra = '') => `${metric}{${[m, extra].filter(Boolean).join(',')}}`;
  const scalar = async (what: string, promql: string, time = at) => (await client.query(what, promql, time))[0]?.value ?? 0;
  const lookbackSeconds = HOUR_SECONDS;
  const lookback = formatDuration(lookbackSeconds);

  // Reachability: everything else depends on it.
  try {
    await client.checkReachable();
    add('reachability', 'ok', dm.reachable(source.url));
  } catch (err) {
    add('reachability', 'error', err instanceof HeadroomError ? err.message : String(err), err instanceof HeadroomError ? err.hint ?? '' : '');
    return findings;
  }

  // Sources present.
  const count = (metric: string, extra = '') => scalar(`${metric} series`, `count(last_over_time(${sel(metric, extra)}[${lookback}]))`);
  const [cadvisorCpu, cadvisorMem, ksmOwner, ksmRequests, ksmRsOwner, ksmNodeLabels] = await Promise.all([
    count(M.containerCpuUsageSecondsTotal, rawContainer), count(M.containerMemoryWorkingSetBytes, rawContainer),
    count(M.kubePodOwner), count(M.kubePodContainerResourceRequests), count(M.kubeReplicasetOwner), count(M.kubeNodeLabels),
  ]);
  // Nothing from either source in the last hour: before saying "install them", see whether the
  // backend holds older data (a stopped scrape, or a copy of a cluster's history) and say how old.
  if (cadvisorMem === 0 && ksmOwner === 0) {
    const newestS = Math.max(...await Promise.all([M.containerMemoryWorkingSetBytes, M.kubePodOwner].map(async (metric) => {
      // The newest hour with data, then the newest sample within it.
      const hourEndS = await scalar('newest data', newestHourWithData(scope, metric, NEWEST_DATA_LOOKBACK_SECONDS));
      return hourEndS > 0 ? scalar('newest data', newestSampleTime(scope, metric, HOUR_SECONDS), hourEndS * 1000) : 0;
    })));
    if (newestS > 0) {
      const newest = formatAt(newestS * 1000);
      add('staleness', 'error', dm.staleData(formatAt(at), formatAge(at / 1000 - newestS), newest), dm.staleDataFix(newest));
      return findings;
    }
  }
  if (cadvisorCpu === 0 || cadvisorMem === 0) add('cadvisor', 'error', dm.noCadvisor(cadvisorCpu, cadvisorMem), dm.noCadvisorFix);
  else add('cadvisor', 'ok', dm.cadvisorOk(cadvisorCpu));
  if (ksmOwner === 0 || ksmRequests === 0) add('kube-state-metrics', 'error', dm.noKsm(ksmOwner, ksmRequests), dm.noKsmFix);
  else add('kube-state-metrics', 'ok', dm.ksmOk(ksmOwner));
  if (ksmOwner > 0 && ksmRsOwner === 0) add('owner chain', 'warning', dm.noReplicasetOwner, dm.noReplicasetOwnerFix);
  if (ksmNodeLabels === 0) add('node labels', 'warning', dm.noNodeLabels, dm.noNodeLabelsFix);

  // node-exporter: present, and every target matched to a node (how the collector reads node usage).
  const nodeExporter = await resolveNodeExporterTargets(client, scope, lookbackSeconds, at);
  if (nodeExporter.targets.length === 0) add('node-exporter', 'warning', dm.noNodeExporter, dm.noNodeExporterFix);
  else if (nodeExporter.unmapped.length > 0) add('node-exporter', 'warning', dm.nodeExporterUnmapped(nodeExporter.unmapped, nodeExporter.targets.length), dm.nodeExporterUnmappedFix);
  else add('node-exporter', 'ok', dm.nodeExporterOk(nodeExporter.targets.length, [...new Set([...nodeExporter.mapped.values()].map((m) => m.mappedBy))].sort()));

  // Cluster label on a multi-cluster backend.
  const clusters = (await client.query('clusters', `count by (${source.clusterLabel}) (last_over_time(${M.containerMemoryWorkingSetBytes}{${rawContainer}}[${lookback}]))`, at))
    .map((r) => r.metric[source.clusterLabel] ?? '');
  const named = clusters.filter(Boolean).sort();
  if (source.cluster !== null && !named.includes(source.cluster)) {
    add('cluster label', 'error', dm.clusterAbsent(source.clusterLabel, source.cluster, named), dm.clusterAbsentFix(source.clusterLabel));
  } else if (source.cluster === null && named.length > 1) {
    // Not an error: collect and rightsize split a multi-cluster backend by this label themselves.
    add('cluster label', 'info', dm.multiCluster(source.clusterLabel, named), dm.multiClusterFix);
  } else if (named.length > 0 && clusters.includes('')) {
    add('cluster label', 'warning', dm.partialClusterLabel(source.clusterLabel), dm.partialClusterLabelFix(source.clusterLabel));
  } else {
    add('cluster label', 'ok', named.length ? dm.clusterOk(source.clusterLabel, named) : dm.singleCluster(source.clusterLabel));
  }

  // Scrape interval vs rate window.
  const interval = cadvisorMem > 0 ? await detectScrapeIntervalSeconds(client, scope, at) : null;
  if (interval === null) {
    if (cadvisorMem > 0) add('scrape interval', 'warning', dm.intervalUnknown, dm.intervalUnknownFix);
  } else {
    const rateWindow = chooseRateWindowSeconds(interval);
    if (rateWindow > 300) add('scrape interval', 'warning', dm.slowScrape(interval, rateWindow), dm.slowScrapeFix);
    else add('scrape interval', 'ok', dm.intervalOk(interval, rateWindow));
    // Each job at its own interval, against the rate window chosen from the kubelet's.
    const jobs = await detectJobScrapeIntervals(client, scope, at);
    const problems = judgeJobIntervals(jobs, rateWindow);
    for (const p of problems) add('job intervals', p.severity, p.message, p.fix);
    if (problems.length === 0) add('job intervals', 'ok', dm.jobIntervalsOk(jobs.map((j) => `${j.job} ${formatDuration(j.intervalSeconds)}`).join(', '), formatDuration(rateWindow)));
  }

  // Pod-level cgroup and pause-container series, which double-count when not filtered.
  const [podLevel, pause] = await Promise.all([
    count(M.containerCpuUsageSecondsTotal, `${L.container}=""`),
    count(M.containerCpuUsageSecondsTotal, `${L.container}="POD"`),
  ]);
  if (podLevel + pause > 0) add('container filter', 'info', dm.unfilteredSeries(podLevel, pause), dm.unfilteredSeriesFix);
  else add('container filter', 'ok', dm.noUnfilteredSeries);

  if (cadvisorMem > 0) {
    // Staleness: the newest cAdvisor sample.
    const newestS = await scalar('staleness', newestSampleTime(scope, M.containerMemoryWorkingSetBytes, lookbackSeconds));
    const ageSeconds = Math.max(0, at / 1000 - newestS);
    const step = interval ?? 60;
    if (newestS === 0 || ageSeconds > Math.max(300, 5 * step)) add('staleness', 'warning', dm.stale(formatDuration(ageSeconds)), dm.staleFix);
    else add('staleness', 'ok', dm.fresh(formatDuration(ageSeconds)));

    // Gaps: steps of the history with no cAdvisor data at all (a scrape outage), at 5-minute resolution.
    const gapStep = Math.max(300, step);
    const expectedSteps = Math.floor(options.historySeconds / gapStep);
    const coveredSteps = await scalar('gaps', `count_over_time((count(last_over_time(${sel(M.containerMemoryWorkingSetBytes, rawContainer)}[${formatDuration(gapStep)}])) > 0)[${formatDuration(options.historySeconds)}:${formatDuration(gapStep)}])`);
    const missingSeconds = Math.max(0, expectedSteps - coveredSteps) * gapStep;

    // Retention and the start of the data.
    const retention = await readRetentionSeconds(client);
    const startMs = at - options.historySeconds * 1000;
    const atStart = await scalar('history start', `count(last_over_time(${sel(M.containerMemoryWorkingSetBytes, rawContainer)}[${formatDuration(gapStep)}]))`, startMs + gapStep * 1000);
    if (retention !== null && retention < options.historySeconds) {
      add('retention', 'error', dm.shortRetention(formatDuration(retention), formatDuration(options.historySeconds)), dm.shortRetentionFix);
    } else if (atStart === 0) {
      add('retention', 'warning', dm.historyStartsLate(formatDuration(options.historySeconds), formatDuration(Math.max(0, coveredSteps * gapStep))), dm.historyStartsLateFix);
    } else {
      add('retention', 'ok', dm.retentionOk(retention === null ? null : formatDuration(retention), formatDuration(options.historySeconds)));
    }
    if (atStart > 0 && missingSeconds > 0) add('gaps', 'warning', dm.gaps(formatDuration(missingSeconds), formatDuration(options.historySeconds)), dm.gapsFix);
    else if (atStart > 0) add('gaps', 'ok', dm.noGaps(formatDuration(options.historySeconds)));
  }

  // Series counts that make queries expensive.
  const threshold = options.expensiveSeriesThreshold ?? 50_000;
  const [biggestNamespace] = await client.query('largest namespace', `topk(1, count by (${L.namespace}) (last_over_time(${sel(M.containerCpuUsageSecondsTotal, rawContainer)}[${lookback}])))`, at);
  if (cadvisorCpu > threshold) add('series count', 'warning', dm.expensive(cadvisorCpu, threshold, biggestNamespace?.metric[L.namespace] ?? '?', biggestNamespace?.value ?? 0), dm.expensiveFix);
  else add('series count', 'ok', dm.seriesOk(cadvisorCpu, threshold));
  return findings;
}

/** Retention of a Prometheus (runtimeinfo or flags); null when the backend does not say (Thanos, Mimir). */
async function readRetentionSeconds(client: PrometheusClient): Promise<number | null> {
  try {
    const info = await client.status<{ storageRetention?: string }>('runtime info', '/api/v1/status/runtimeinfo');
    // e.g. "15d", "30d or 10GiB", "10GiB"
    const time = info.storageRetention?.split(' or ').find((part) => /^\d+[smhdwy]/.test(part.trim()));
    return time ? parseDurationSeconds(time.trim()) : null;
  } catch {
    return null;
  }
}
