/**
 * The sample's SLI counters and alert history as OpenMetrics for `promtool tsdb create-blocks-from
 * openmetrics`: families contiguous, each series' samples in time order, timestamps in seconds,
 * `# EOF` last. Counters are cumulative from 0 at the data's start, one sample per step.
 */
import type { SampleSlis } from './generate-slis.js';

export interface SliOpenMetricsOptions {
  /** Labels added to every series (e.g. `{ cluster: 'sample' }`). */
  externalLabels?: Record<string, string>;
  /** Also write a `pending` ALERTS series before each firing episode (it must not count as firing). Default true. */
  pendingAlerts?: boolean;
}

const escapeLabel = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
const formatLabels = (labels: Record<string, string>) => `{${Object.entries(labels).map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(',')}}`;

export function formatSliOpenMetrics(slis: SampleSlis, options: SliOpenMetricsOptions = {}): string {
  const ext = options.externalLabels ?? {};
  const out: string[] = [];
  const stepSeconds = slis.stepSeconds;
  const startSeconds = slis.startMs / 1000;
  const families = [...new Set(slis.counters.map((c) => c.family))];
  for (const family of families) {
    const series = slis.counters.filter((c) => c.family === family);
    out.push(`# TYPE ${family} ${series[0]!.type}`);
    for (const s of series) {
      const prefix = `${s.name}${formatLabels({ ...ext, ...s.labels })}`;
      let value = 0;
      out.push(`${prefix} 0 ${startSeconds}`);
      for (let i = 0; i < s.increments.length; i++) {
        value += s.increments[i]!;
        // Sums of durations carry float noise; counts stay whole numbers.
        out.push(`${prefix} ${Number.isInteger(value) ? value : Number(value.toFixed(3))} ${startSeconds + (i + 1) * stepSeconds}`);
      }
    }
  }
  out.push('# TYPE ALERTS gauge');
  const intervalMs = slis.alerts.evalIntervalSeconds * 1000;
  for (const e of slis.alerts.episodes) {
    if (options.pendingAlerts ?? true) {
      const pending = formatLabels({ ...ext, ...e.labels, alertstate: 'pending' });
      for (let t = e.startMs - 3 * intervalMs; t < e.startMs; t += intervalMs) out.push(`ALERTS${pending} 1 ${t / 1000}`);
    }
    const firing = formatLabels({ ...ext, ...e.labels, alertstate: 'firing' });
    for (let t = e.startMs; t < e.endMs; t += intervalMs) out.push(`ALERTS${firing} 1 ${t / 1000}`);
  }
  out.push('# EOF');
  return `${out.join('\n')}\n`;
}
