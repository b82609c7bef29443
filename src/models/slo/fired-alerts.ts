/**
 * Which alerts fired in a period, from the raw samples of Prometheus's `ALERTS{alertstate="firing"}`
 * series (one sample per rule evaluation while an alert fires). Pure: samples in, a summary per
 * alert name out.
 *
 * A series' evaluation interval is the median gap between its samples; a gap longer than twice
 * that ends a firing episode. Firing time is samples × interval, summed over label sets.
 */
import { median } from '../stats/index.js';

export interface AlertSeriesSamples {
  labels: Record<string, string>;
  /** Sample times within the period, any order. */
  timestampsMs: number[];
}

export interface FiredAlertSummary {
  alertname: string;
  /** Highest severity label seen (critical > warning > info > other), '' when none. */
  severity: string;
  /** Firing episodes, over all label sets. */
  firings: number;
  /** Label sets (series) that fired. */
  series: number;
  /** Time spent firing, summed over label sets. */
  firingSeconds: number;
  firstFiringMs: number;
  lastFiringMs: number;
}

const severityRank = (s: string) => ['info', 'warning', 'critical'].indexOf(s);

/**
 * Summarises firing alerts. `fallbackIntervalSeconds` is the evaluation interval assumed for a
 * series with a single sample when no other series shows one (Prometheus's default is 60 s).
 */
export function summariseFiredAlerts(series: AlertSeriesSamples[], fallbackIntervalSeconds = 60): FiredAlertSummary[] {
  const gapsAll: number[] = [];
  const prepared = series.filter((s) => s.timestampsMs.length > 0).map((s) => {
    const ts = [...s.timestampsMs].sort((a, b) => a - b);
    const gaps = ts.slice(1).map((t, i) => t - ts[i]!);
    gapsAll.push(...gaps);
    return { labels: s.labels, ts, gaps };
  });
  const globalIntervalMs = gapsAll.length ? median(gapsAll) : fallbackIntervalSeconds * 1000;
  const by = new Map<string, FiredAlertSummary>();
  for (const s of prepared) {
    const intervalMs = s.gaps.length ? median(s.gaps) : globalIntervalMs;
    const episodes = 1 + s.gaps.filter((g) => g > 2 * intervalMs).length;
    const name = s.labels.alertname ?? '';
    const severity = s.labels.severity ?? '';
    const e = by.get(name) ?? { alertname: name, severity, firings: 0, series: 0, firingSeconds: 0, firstFiringMs: s.ts[0]!, lastFiringMs: s.ts.at(-1)! };
    e.firings += episodes;
    e.series += 1;
    e.firingSeconds += (s.ts.length * intervalMs) / 1000;
    e.firstFiringMs = Math.min(e.firstFiringMs, s.ts[0]!);
    e.lastFiringMs = Math.max(e.lastFiringMs, s.ts.at(-1)!);
    if (severityRank(severity) > severityRank(e.severity)) e.severity = severity;
    by.set(name, e);
  }
  return [...by.values()].sort((a, b) => b.firingSeconds - a.firingSeconds || a.alertname.localeCompare(b.alertname));
}
