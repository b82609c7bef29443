/**
 * SLI events for the example SLO specs (slos/checkout.yaml, slos/search.yaml), generated for the
 * embedded sample so the demo's report shows real error budgets without a Prometheus, and tests can
 * backfill the same counters into a real one and check the report against these counts.
 *
 * The story: checkout and search are mostly healthy; checkout's last rollout (its newest
 * ReplicaSet in the sample) goes bad for 2.5 hours — 5xx and slow responses — until it is rolled
 * back, burning most of its availability budget in the report week, and its burn-rate alerts fire.
 *
 * Counts are whole events per 5-minute step, from the sample seed (same seed → same counts).
 */
import { RandomStream } from '../prng.js';
import type { SampleCluster } from '../types.js';

const DAY_MS = 86_400_000;

export interface SampleCounterSeries {
  /** OpenMetrics family and its type. */
  family: string;
  type: 'counter' | 'histogram';
  /** Sample name as queried (`http_requests_total`, `http_request_duration_seconds_bucket`, …). */
  name: string;
  labels: Record<string, string>;
  /** Value added in each step: step i covers (startMs + i·step, startMs + (i+1)·step]. */
  increments: Float64Array;
}

/** An SLO's events per step, as its spec's SLI queries count them. */
export interface SampleSloEvents {
  /** `<service>-<name>`, as SLO ids are formed from the specs. */
  sloId: string;
  errorEvents: Float64Array;
  totalEvents: Float64Array;
}

/** One firing episode of an alert: an `ALERTS{alertstate="firing"}` sample every evaluation interval in [startMs, endMs). */
export interface SampleAlertEpisode {
  labels: Record<string, string>;
  startMs: number;
  endMs: number;
}

export interface SampleSlis {
  seed: number;
  startMs: number;
  endMs: number;
  stepSeconds: number;
  counters: SampleCounterSeries[];
  slos: SampleSloEvents[];
  incident: { service: string; workload: string; startMs: number; endMs: number; description: string };
  alerts: { evalIntervalSeconds: number; episodes: SampleAlertEpisode[] };
}

export interface SampleSliOptions {
  seed: number;
  /** End of the data, aligned to the step (the sample's end). */
  endMs: number;
  /** When checkout's bad rollout starts; default: its newest rollout in the sample, else 5.6 days before the end. */
  incidentStartMs?: number;
  /** Days of data; default 35 (a 30-day SLO window ending on the report week plus slack). */
  days?: number;
}

/** The start of checkout's newest ReplicaSet in the sample: the rollout that goes bad. */
export function findLatestRolloutMs(sample: Pick<SampleCluster, 'pods'>, namespace = 'shop', workload = 'checkout'): number | null {
  const firstPodMs = new Map<string, number>();
  for (const p of sample.pods) {
    if (p.namespace !== namespace || p.workload !== workload || !p.intermediateOwner) continue;
    firstPodMs.set(p.intermediateOwner, Math.min(firstPodMs.get(p.intermediateOwner) ?? Infinity, p.startMs));
  }
  const starts = [...firstPodMs.values()].sort((a, b) => a - b);
  // The first ReplicaSet existed before the window; only later ones are rollouts.
  return starts.length > 1 ? starts.at(-1)! : null;
}

/** Diurnal and weekly traffic shape, 1 on average: busier in European/US daytime, quieter at weekends. */
function trafficShape(tMs: number): number {
  const hour = (tMs % DAY_MS) / 3_600_000;
  const weekday = new Date(tMs).getUTCDay();
  const weekend = weekday === 0 || weekday === 6 ? 0.7 : 1.08;
  return weekend * (1 + 0.55 * Math.sin((2 * Math.PI * (hour - 9)) / 24));
}

const poissonish = (rng: RandomStream, mean: number) => Math.max(0, Math.round(mean + Math.sqrt(mean) * rng.gaussian()));

export function generateSampleSlis(options: SampleSliOptions): SampleSlis {
  const stepSeconds = 300;
  const stepMs = stepSeconds * 1000;
  const days = options.days ?? 35;
  const endMs = options.endMs;
  const startMs = endMs - days * DAY_MS;
  const steps = (endMs - startMs) / stepMs;
  const incidentStartMs = options.incidentStartMs ?? endMs - 5.6 * DAY_MS;
  const incidentEndMs = incidentStartMs + 2.5 * 3_600_000;
  const inIncident = (tMs: number) => tMs > incidentStartMs && tMs <= incidentEndMs;

  const arr = () => new Float64Array(steps);
  const ok = arr(), e500 = arr(), e503 = arr(), fast = arr(), all = arr(), durationSum = arr();
  const searchTotal = arr(), searchFailed = arr();
  const checkoutRng = RandomStream.for(options.seed, 'sli/checkout');
  const searchRng = RandomStream.for(options.seed, 'sli/search');
  for (let i = 0; i < steps; i++) {
    const tMs = startMs + (i + 1) * stepMs;
    const shape = trafficShape(tMs);
    // checkout: ~120 requests/s on average; 0.02% server errors and 0.4% slower than 300 ms normally.
    const requests = poissonish(checkoutRng, 120 * stepSeconds * shape);
    const bad = inIncident(tMs);
    const errorRatio = bad ? 0.11 : 0.0002 * Math.exp(0.5 * checkoutRng.gaussian());
    const slowRatio = bad ? 0.2 : 0.004 * Math.exp(0.3 * checkoutRng.gaussian());
    const errors = Math.min(requests, poissonish(checkoutRng, requests * errorRatio));
    const slow = Math.min(requests, poissonish(checkoutRng, requests * slowRatio));
    const unavailable = Math.round(errors * (bad ? 0.25 : 0.5));
    e503[i] = unavailable;
    e500[i] = errors - unavailable;
    ok[i] = requests - errors;
    all[i] = requests;
    fast[i] = requests - slow;
    durationSum[i] = Math.round(((requests - slow) * 0.08 + slow * 0.65) * 1000) / 1000;
    // search: ~40 queries/s, 0.15% failing, unaffected by checkout's incident.
    const queries = poissonish(searchRng, 40 * stepSeconds * shape);
    searchTotal[i] = queries;
    searchFailed[i] = Math.min(queries, poissonish(searchRng, queries * 0.0015 * Math.exp(0.4 * searchRng.gaussian())));
  }
  const checkout = { job: 'checkout' };
  const histogram = (name: string, labels: Record<string, string>, increments: Float64Array): SampleCounterSeries => ({ family: 'http_request_duration_seconds', type: 'histogram', name, labels: { ...checkout, ...labels }, increments });
  const counters: SampleCounterSeries[] = [
    { family: 'http_requests', type: 'counter', name: 'http_requests_total', labels: { ...checkout, code: '200' }, increments: ok },
    { family: 'http_requests', type: 'counter', name: 'http_requests_total', labels: { ...checkout, code: '500' }, increments: e500 },
    { family: 'http_requests', type: 'counter', name: 'http_requests_total', labels: { ...checkout, code: '503' }, increments: e503 },
    histogram('http_request_duration_seconds_bucket', { le: '0.3' }, fast),
    histogram('http_request_duration_seconds_bucket', { le: '+Inf' }, all),
    histogram('http_request_duration_seconds_count', {}, all),
    histogram('http_request_duration_seconds_sum', {}, durationSum),
    { family: 'search_queries', type: 'counter', name: 'search_queries_total', labels: { job: 'search' }, increments: searchTotal },
    { family: 'search_queries_failed', type: 'counter', name: 'search_queries_failed_total', labels: { job: 'search' }, increments: searchFailed },
  ];
  const checkoutErrors = arr();
  const checkoutSlow = arr();
  for (let i = 0; i < steps; i++) {
    checkoutErrors[i] = e500[i]! + e503[i]!;
    checkoutSlow[i] = all[i]! - fast[i]!;
  }
  const slos: SampleSloEvents[] = [
    { sloId: 'checkout-requests-availability', errorEvents: checkoutErrors, totalEvents: all },
    { sloId: 'checkout-requests-latency', errorEvents: checkoutSlow, totalEvents: all },
    { sloId: 'search-query-errors', errorEvents: searchFailed, totalEvents: searchTotal },
  ];
  // The burn-rate alerts slos/checkout.yaml generates, as Prometheus would have fired them: the
  // page (1h/5m windows) a few minutes into the incident, the ticket (6h/30m) longer after it.
  const minute = 60_000;
  const sloLabels = (slo: string) => ({ sloth_service: 'checkout', sloth_slo: slo, sloth_id: `checkout-${slo}` });
  const episodes: SampleAlertEpisode[] = [
    { labels: { alertname: 'CheckoutAvailabilityBudgetBurn', severity: 'critical', routing_key: 'payments', category: 'availability', sloth_severity: 'page', ...sloLabels('requests-availability') }, startMs: incidentStartMs + 4 * minute, endMs: incidentEndMs + 6 * minute },
    { labels: { alertname: 'CheckoutAvailabilityBudgetBurn', severity: 'warning', category: 'availability', sloth_severity: 'ticket', ...sloLabels('requests-availability') }, startMs: incidentStartMs + 20 * minute, endMs: incidentEndMs + 3 * 60 * minute },
    { labels: { alertname: 'CheckoutLatencyBudgetBurn', severity: 'warning', category: 'latency', sloth_severity: 'ticket', ...sloLabels('requests-latency') }, startMs: incidentStartMs + 25 * minute, endMs: incidentEndMs + 45 * minute },
  ];
  return {
    seed: options.seed, startMs, endMs, stepSeconds, counters, slos,
    incident: { service: 'checkout', workload: 'shop/checkout', startMs: incidentStartMs, endMs: incidentEndMs, description: 'bad rollout of shop/checkout: 11% server errors and 20% slow responses until rolled back' },
    alerts: { evalIntervalSeconds: 60, episodes },
  };
}

/** The sample's SLIs for the embedded sample cluster: its seed, its end, checkout's newest rollout. */
export function generateSampleSlisFor(sample: Pick<SampleCluster, 'seed' | 'endMs' | 'pods'>): SampleSlis {
  return generateSampleSlis({ seed: sample.seed, endMs: sample.endMs, incidentStartMs: findLatestRolloutMs(sample) ?? undefined });
}

/** Events of one SLO in (fromMs, toMs] (step-aligned), as `increase()` over that range counts them; null when outside the data. */
export function countSloEvents(slis: SampleSlis, sloId: string, fromMs: number, toMs: number): { errorEvents: number; totalEvents: number } | null {
  const slo = slis.slos.find((s) => s.sloId === sloId);
  const stepMs = slis.stepSeconds * 1000;
  if (!slo || fromMs < slis.startMs || toMs > slis.endMs) return null;
  const from = Math.round((fromMs - slis.startMs) / stepMs);
  const to = Math.round((toMs - slis.startMs) / stepMs);
  let errorEvents = 0;
  let totalEvents = 0;
  for (let i = from; i < to; i++) {
    errorEvents += slo.errorEvents[i]!;
    totalEvents += slo.totalEvents[i]!;
  }
  return { errorEvents, totalEvents };
}

/** `ALERTS{alertstate="firing"}` sample times per series within [fromMs, toMs). */
export function listAlertSamples(slis: SampleSlis, fromMs: number, toMs: number): { labels: Record<string, string>; timestampsMs: number[] }[] {
  const intervalMs = slis.alerts.evalIntervalSeconds * 1000;
  return slis.alerts.episodes.map((e) => {
    const timestampsMs: number[] = [];
    for (let t = e.startMs; t < e.endMs; t += intervalMs) if (t >= fromMs && t < toMs) timestampsMs.push(t);
    return { labels: { ...e.labels, alertstate: 'firing' }, timestampsMs };
  }).filter((s) => s.timestampsMs.length > 0);
}
