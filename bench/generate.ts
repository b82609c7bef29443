/**
 * `npm run bench:generate`: how long `headroom generate` takes to compile monitoring for a growing
 * number of SLOs, and how fast `headroom lint` parses what it wrote. Baseline in the same run: the
 * cluster rules and dashboards alone (0 SLOs); figures are medians of 5 runs.
 */
import { validateConfig } from '../src/config/index.js';
import { compileMonitoring, parseSloSpec, resolveMonitoringSettings, type SloDefinition } from '../src/generators/index.js';
import { lintText } from '../src/generators/lint/index.js';
import { describeMachine, peakRssBytes } from './machine.js';
import { median } from '../src/models/stats/index.js';

function buildSpec(count: number): string {
  const slos = Array.from({ length: count }, (_, i) => `  - name: endpoint-${i}
    objective: ${i % 2 ? 99.9 : 99.5}
    sli:
      events:
        error_query: sum(rate(http_requests_total{job="svc", handler="/h${i}", code=~"5.."}[{{.window}}]))
        total_query: sum(rate(http_requests_total{job="svc", handler="/h${i}"}[{{.window}}]))
    alerting:
      name: Endpoint${i}BudgetBurn
      page_alert: { labels: { severity: critical } }
      ticket_alert: { labels: { severity: warning } }`).join('\n');
  return `version: prometheus/v1\nservice: svc\nslos:\n${slos}\n`;
}

const settings = resolveMonitoringSettings(validateConfig({}));
console.log(`bench:generate on ${describeMachine()}`);
let baselineMs = 0;
for (const count of [0, 10, 100, 500]) {
  const slos: SloDefinition[] = count ? parseSloSpec('bench.yaml', buildSpec(count), 'bench').slos : [];
  const times: number[] = [];
  let result = compileMonitoring({ settings, slos });
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    result = compileMonitoring({ settings, slos });
    times.push(performance.now() - t0);
  }
  const ms = median(times);
  if (count === 0) baselineMs = ms;
  const bytes = result.files.reduce((n, f) => n + f.content.length, 0);
  const rules = result.files.filter((f) => /^(alerts\/[^/]+|slos\/rules\/[^/]+)\.yaml$/.test(f.path)).reduce((n, f) => n + (f.content.match(/^ {6}- (alert|record): /gm)?.length ?? 0), 0);
  const lintStart = performance.now();
  const findings = result.files.filter((f) => /\.(json|yaml)$/.test(f.path)).flatMap((f) => lintText(f.path, f.content, { severities: settings.severities }));
  const lintMs = performance.now() - lintStart;
  console.log(`${String(count).padStart(4)} SLOs: ${String(result.files.length).padStart(4)} files, ${String(rules).padStart(5)} rules, ${(bytes / 1e6).toFixed(2)} MB — compile ${ms.toFixed(0)} ms (${count ? `+${((ms - baselineMs) / count).toFixed(2)} ms per SLO over the 0-SLO baseline` : 'baseline'}), lint ${lintMs.toFixed(0)} ms (${(rules / (lintMs / 1000)).toFixed(0)} rules/s), ${findings.length} findings`);
}
console.log(`peak RSS ${(peakRssBytes() / 2 ** 20).toFixed(0)} MiB`);
