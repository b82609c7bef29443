/**
 * Live checks against a Prometheus-API server (pint's `promql/series`): for every selector of every
 * rule and panel, does its metric have series now, did it within the look-back, do the labels its
 * matchers and `by (…)` name exist on it. This is what tells a user a panel will say "No data"
 * before Grafana does. Queries are cached and bounded by the client's concurrency.
 */
import { PrometheusClient } from '../../collectors/prometheus/client.js';
import { prometheusSourceFromUrl, type PrometheusSourceOptions } from '../../collectors/prometheus/source.js';
import { lintMessages as msg } from './messages.js';
import type { PromqlFacts, Selector } from './promql-facts.js';
import type { FilePosition, LintLevel } from './types.js';

export interface LiveTarget {
  file: string;
  where: string;
  facts: PromqlFacts;
  position(offset: number): FilePosition;
  fromVariable?(offset: number): boolean;
  /** How a `by` label of the query is used in the file, when not as `by (…)` (a variable's `label_values(…, label)`). */
  labelUse?: string | undefined;
}

export interface LiveServerFacts { scrapeIntervalSeconds: number | null; retentionSeconds: number | null }

type Report = (target: LiveTarget, position: FilePosition, message: string, level: LintLevel) => void;

const internalMetrics = new Set(['ALERTS', 'ALERTS_FOR_STATE']);

function parseSimpleDuration(s: string): number | null {
  const m = /^(\d+)(ms|s|m|h|d|w|y)$/.exec(s.trim());
  if (!m) return null;
  return Number(m[1]) * { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800, y: 31536000 }[m[2] as 'ms']!;
}

/** VictoriaMetrics' -retentionPeriod: a number of months (of 31 days) without a suffix, else a duration (`100y`, `2w`). */
function parseVictoriaMetricsRetention(s: string): number | null {
  if (/^\d+(\.\d+)?$/.test(s.trim())) return Number(s) * 31 * 86400;
  return parseSimpleDuration(s);
}

/** True when the matcher also selects series without the label (`=""`, `=~".*"`): then the label need not exist. */
function matchesEmpty(op: '=' | '=~', value: string): boolean {
  if (op === '=') return value === '';
  try {
    return new RegExp(`^(?:${value})$`).test('');
  } catch {
    return true;
  }
}

export class LiveSeriesChecker {
  private readonly client: PrometheusClient;
  private readonly cache = new Map<string, Promise<number>>();

  /** `source`: a URL (no auth or TLS settings; one retry, 30 s per query), or the connection the config describes. */
  constructor(source: string | PrometheusSourceOptions, readonly lookbackSeconds: number, readonly nowMs: number) {
    this.client = new PrometheusClient(typeof source === 'string' ? prometheusSourceFromUrl(source, { retries: 1, timeoutMs: 30_000 }) : source);
  }

  /** Scrape interval and retention as the server reports them (null when it does not say). */
  async serverFacts(): Promise<LiveServerFacts> {
    let scrapeIntervalSeconds: number | null = null;
    let retentionSeconds: number | null = null;
    try {
      const config = await this.client.status<{ yaml?: string }>('configuration', '/api/v1/status/config');
      const m = /^\s*scrape_interval:\s*(\S+)/m.exec(config.yaml ?? '');
      if (m) scrapeIntervalSeconds = parseSimpleDuration(m[1]!);
    } catch {
      // VictoriaMetrics and others do not serve the config; the configured interval stays.
    }
    try {
      const flags = await this.client.status<Record<string, string>>('flags', '/api/v1/status/flags');
      const r = flags['storage.tsdb.retention.time'];
      if (r && r !== '0s') retentionSeconds = parseSimpleDuration(r);
    } catch {
      // VictoriaMetrics lists its flags on a page of its own: `-retentionPeriod="100y"`.
      const m = /^-retentionPeriod="([^"]*)"/m.exec((await this.client.text('/flags')) ?? '');
      if (m) retentionSeconds = parseVictoriaMetricsRetention(m[1]!);
    }
    return { scrapeIntervalSeconds, retentionSeconds };
  }

  private count(promql: string): Promise<number> {
    let p = this.cache.get(promql);
    if (!p) {
      p = this.client.query('lint series', promql, this.nowMs).then((r) => (r[0] ? r[0].value : 0));
      this.cache.set(promql, p);
    }
    return p;
  }

  private async metricState(name: string): Promise<'now' | 'gone' | 'never'> {
    if ((await this.count(`count({__name__=${JSON.stringify(name)}})`)) > 0) return 'now';
    return (await this.count(`count(last_over_time({__name__=${JSON.stringify(name)}}[${Math.round(this.lookbackSeconds)}s]))`)) > 0 ? 'gone' : 'never';
  }

  private hasLabel(name: string, label: string): Promise<boolean> {
    return this.count(`count({__name__=${JSON.stringify(name)}, ${label}!=""})`).then((n) => n > 0);
  }

  /** Checks every target; `recorded` are metric names written by rules in this run (not expected on the server yet). */
  async check(targets: LiveTarget[], recorded: Set<string>, report: Report): Promise<void> {
    const lookback = `${Math.round(this.lookbackSeconds / 86400)}d`;
    // An unreachable or refusing server is one finding for the run (thrown), not one per query.
    await this.count('vector(1)');
    await Promise.all(targets.map((t) => this.checkTarget(t, recorded, lookback, report).catch((err: unknown) => {
      report(t, t.position(0), msg.liveSkipped(err instanceof Error ? err.message : String(err)), 'warning');
    })));
  }

  private async checkTarget(t: LiveTarget, recorded: Set<string>, lookback: string, report: Report): Promise<void> {
    {
      const fromVar = (o: number) => t.fromVariable?.(o) ?? false;
      const usable = (s: Selector) => s.name !== null && !recorded.has(s.name) && !internalMetrics.has(s.name) && !fromVar(s.from);
      const reportedMetrics = new Set<string>();
      for (const s of t.facts.selectors) {
        if (!usable(s) || reportedMetrics.has(s.name!)) continue;
        const state = await this.metricState(s.name!);
        if (state !== 'now') {
          reportedMetrics.add(s.name!);
          report(t, t.position(s.from), state === 'never' ? msg.seriesNeverSeen(s.name!, lookback) : msg.seriesGone(s.name!, lookback), state === 'never' ? 'error' : 'warning');
          continue;
        }
        const fixed = s.matchers.filter((m) => m.label !== '__name__' && !fromVar(m.from + m.label.length + 2) && !fromVar(m.to - 2));
        let labelsOk = true;
        for (const m of fixed) {
          if ((m.op === '=' || m.op === '=~') && !matchesEmpty(m.op, m.value) && !(await this.hasLabel(s.name!, m.label))) {
            labelsOk = false;
            report(t, t.position(m.from), msg.labelMissing(s.name!, m.label, `the matcher ${m.label}${m.op}"${m.value}"`), 'error');
          }
        }
        if (!labelsOk || fixed.length === 0) continue;
        const selector = `{__name__=${JSON.stringify(s.name)}, ${fixed.map((m) => `${m.label}${m.op}${JSON.stringify(m.value)}`).join(', ')}}`;
        if ((await this.count(`count(${selector})`)) === 0) report(t, t.position(s.from), msg.selectorEmpty(s.text), 'warning');
      }
      for (const agg of t.facts.aggregations) {
        if (!agg.by || agg.selectors.length === 0 || !agg.selectors.every(usable)) continue;
        for (const [i, label] of agg.by.entries()) {
          const labelAt = agg.labelOffsets[i] ?? agg.labelsFrom;
          if (fromVar(labelAt) || label === 'le' || t.facts.introducedLabels.has(label)) continue;
          const names = [...new Set(agg.selectors.map((s) => s.name!))];
          if (names.some((n) => reportedMetrics.has(n))) continue;
          const states = await Promise.all(names.map((n) => this.metricState(n)));
          if (states.some((s) => s !== 'now')) continue;
          const found = await Promise.all(names.map((n) => this.hasLabel(n, label)));
          if (!found.some(Boolean)) report(t, t.position(labelAt), msg.labelMissing(names.join('", "'), label, t.labelUse ?? 'by (…)'), 'error');
        }
      }
    }
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}
