/**
 * Live SLO and alert status for the weekly report, read from a Prometheus-API backend:
 *
 *   SLO specs (sloth) ─► SLI queries with {{.window}} = SLO window, 1w, 1h (the generator's own
 *     buildSliQueries) ─► instant queries at the week's end ─► event counts per period
 *   ALERTS{alertstate="firing"}[1w] (raw samples) ─► firing episodes and time per alert
 *
 * Nothing here fails the report: a Prometheus that is down, slow or rejects a query becomes a
 * problem line (the section is then `partial`) and every other section is written as usual.
 */
import { parser } from '@prometheus-io/lezer-promql';
import { buildSliQueries, resolveSloPeriodSeconds, type SloDefinition } from '../generators/slo/index.js';
import { formatDurationSeconds } from '../generators/format.js';
import type { PrometheusClient } from '../collectors/prometheus/index.js';
import { summariseFiredAlerts, type SliObservation } from '../models/slo/index.js';
import type { IsoWeek, LiveAlertData, LiveSli } from '../reports/index.js';

export const liveSloMessages = {
  unreadable: (url: string, reason: string) => `${reason.includes(url) ? reason : `Prometheus at ${url} could not be read (${reason})`}; SLO budgets and fired alerts are unknown this week`,
  sloFailed: (id: string, reason: string) => `SLO ${id}: ${reason}`,
  alertsFailed: (reason: string) => `alert history (ALERTS) could not be read: ${reason}`,
};

const perSecondFunctions = new Set(['rate', 'irate']);

/**
 * Whether a query's value is per second (it takes `rate`/`irate`, as sloth's examples do) rather
 * than a count (`increase`, raw counters): per-second values × the window are event counts.
 */
export function isPerSecondQuery(promql: string): boolean {
  let perSecond = false;
  parser.parse(promql).iterate({
    enter: (node) => {
      if (node.type.name === 'FunctionIdentifier' && perSecondFunctions.has(promql.slice(node.from, node.to))) perSecond = true;
    },
  });
  return perSecond;
}

export interface ReadLiveSloOptions {
  client: PrometheusClient;
  slos: SloDefinition[];
  week: IsoWeek;
  /** The configured SLO window (alerting.slo.period), e.g. 30 days; an SLO whose spec sets its own period is read over that. */
  windowSeconds: number;
  /** The short period at the week's end for the current burn rate. Default 1 h. */
  recentSeconds?: number;
}

const sumOf = (samples: { value: number }[]) => (samples.length ? samples.reduce((a, s) => a + s.value, 0) : null);

/** One SLI over one period, as an observation the error-budget model takes. */
async function readSliPeriod(client: PrometheusClient, slo: SloDefinition, seconds: number, atMs: number): Promise<SliObservation | null> {
  const w = formatDurationSeconds(seconds);
  const q = buildSliQueries(slo.sli, w);
  if (q.total === undefined) {
    const ratio = sumOf(await client.query(`SLI ${slo.id} error ratio over ${w}`, q.errorRatio, atMs));
    return ratio === null || !Number.isFinite(ratio) ? null : { errorRatio: ratio };
  }
  const [ratioSamples, totalSamples] = await Promise.all([
    client.query(`SLI ${slo.id} error ratio over ${w}`, q.errorRatio, atMs),
    client.query(`SLI ${slo.id} events over ${w}`, q.total, atMs),
  ]);
  const total = sumOf(totalSamples);
  if (total === null) return null;
  const totalEvents = isPerSecondQuery(q.total) ? total * seconds : total;
  // No error series at all (nothing ever failed) makes the ratio query empty: zero errors.
  const ratio = sumOf(ratioSamples);
  const errorRatio = ratio !== null && Number.isFinite(ratio) ? ratio : 0;
  return { errorEvents: errorRatio * totalEvents, totalEvents };
}

async function readFiredAlerts(client: PrometheusClient, week: IsoWeek) {
  // Raw samples of the week: the range is closed, so evaluate 1 ms before the week ends to leave
  // the next week's first sample out. An instant query of a range vector returns a matrix, which
  // the client's GET passthrough (`status`) hands back as is.
  const weekSeconds = (week.endMs - week.startMs) / 1000;
  const params = new URLSearchParams({ query: `ALERTS{alertstate="firing"}[${formatDurationSeconds(weekSeconds)}]`, time: ((week.endMs - 1) / 1000).toFixed(3) });
  const data = await client.status<{ resultType?: string; result?: { metric: Record<string, string>; values: [number, string][] }[] }>('fired alerts', `/api/v1/query?${params.toString()}`);
  if (data.resultType !== 'matrix' || !Array.isArray(data.result)) throw new Error(`expected a matrix, got ${String(data.resultType)}`);
  const series = data.result.map((r) => ({ labels: r.metric, timestampsMs: r.values.map(([t]) => Math.round(t * 1000)) }));
  return summariseFiredAlerts(series);
}

const reasonOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** SLI counts for every SLO and the week's fired alerts, from Prometheus; failures become problems. */
export async function readLiveSloStatus(options: ReadLiveSloOptions): Promise<LiveAlertData> {
  const { client, week, windowSeconds } = options;
  const recentSeconds = options.recentSeconds ?? 3600;
  const weekSeconds = (week.endMs - week.startMs) / 1000;
  const atMs = week.endMs;
  const slis: LiveAlertData['slis'] = {};
  const base = { source: { kind: 'prometheus' as const, origin: client.source.url }, windowSeconds, weekSeconds, recentSeconds };
  // The alert history goes first and doubles as a probe: a backend that is down or too slow
  // answers no SLI query either, so one failure (after its retry) ends the reading at once.
  let firedAlerts: LiveAlertData['firedAlerts'] = null;
  let alertsError: unknown = null;
  try {
    firedAlerts = await readFiredAlerts(client, week);
  } catch (err) {
    alertsError = err;
    const code = (err as { code?: string }).code;
    if (code === 'SOURCE_UNAVAILABLE' || code === 'SOURCE_TIMEOUT') {
      return { ...base, slis, firedAlerts: null, problems: [liveSloMessages.unreadable(client.source.url, reasonOf(err))] };
    }
  }
  const failures: { id: string; err: unknown }[] = [];
  await Promise.all(options.slos.map(async (slo) => {
    try {
      const sloWindowSeconds = resolveSloPeriodSeconds(slo, windowSeconds);
      const [win, wk, recent] = await Promise.all([
        readSliPeriod(client, slo, sloWindowSeconds, atMs),
        readSliPeriod(client, slo, weekSeconds, atMs),
        readSliPeriod(client, slo, recentSeconds, atMs),
      ]);
      if (win && wk) slis[slo.id] = { windowSeconds: sloWindowSeconds, window: win, week: wk, recent } satisfies LiveSli;
    } catch (err) {
      failures.push({ id: slo.id, err });
      slis[slo.id] = { error: reasonOf(err) };
    }
  }));
  const problems: string[] = [];
  const everythingFailed = alertsError !== null && failures.length === options.slos.length;
  if (everythingFailed) {
    // One line, not one per query: the backend is down or unreachable.
    problems.push(liveSloMessages.unreadable(client.source.url, reasonOf(alertsError)));
  } else {
    for (const f of failures.sort((a, b) => a.id.localeCompare(b.id))) problems.push(liveSloMessages.sloFailed(f.id, reasonOf(f.err)));
    if (alertsError !== null) problems.push(liveSloMessages.alertsFailed(reasonOf(alertsError)));
  }
  return { ...base, slis, firedAlerts, problems };
}
