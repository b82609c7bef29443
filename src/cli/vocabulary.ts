/**
 * Every option name a `headroom` command may show in `--help`, with what it means. One name per
 * meaning across all commands: README "Options" documents the shared ones, and
 * test/integration/cli-vocabulary.test.ts fails when a command's help shows a name missing here.
 * A new option: reuse a name below when the meaning is the same; add it here (and to the README
 * when it is shared) when it is new.
 */
export interface VocabularyEntry {
  readonly meaning: string;
  /** Used by several commands: documented in the README's options table. */
  readonly shared?: true;
}

export const optionVocabulary: Readonly<Record<string, VocabularyEntry>> = {
  // Global and shared — the README's options table.
  '--config': { meaning: 'config file (headroom.yaml); the defaults need none', shared: true },
  '--log-level': { meaning: 'trace, debug, info, warn, error or silent; debug also logs errors as JSON', shared: true },
  '--window': { meaning: 'length of the history read, ending at --at (14d, 36h, 1w); old names --since, --history, --lookback, --days N', shared: true },
  '--at': { meaning: 'end of the window: RFC 3339 (2026-11-16T00:00:00Z) or Unix seconds; default now', shared: true },
  '--store': { meaning: 'the DuckDB store file; default store.path of the config', shared: true },
  '--format': { meaning: 'output format: table, json or csv, plus a command\'s own (markdown, …)', shared: true },
  '--output': { meaning: 'a FILE to write (atomically) instead of stdout; its directory must exist', shared: true },
  '--out-dir': { meaning: 'a DIRectory the command writes several files into; created when missing; old name --out', shared: true },
  '--prometheus-url': { meaning: 'Prometheus-API base URL (Prometheus, Thanos, Mimir, VictoriaMetrics); default prometheus.url', shared: true },
  '--cluster': { meaning: 'the cluster label value to read or plan', shared: true },
  '--chart': { meaning: 'also write a chart to this FILE', shared: true },
  '--pricing': { meaning: 'price list JSON instead of the bundled, dated estimate', shared: true },
  '--save': { meaning: 'record the run in the store', shared: true },
  '--by': { meaning: 'what to group by (namespace, workload, node, label:KEY, provider, …)', shared: true },
  '--help': { meaning: 'usage and examples', shared: true },
  '--version': { meaning: 'the version', shared: true },

  // Command-specific.
  '--alerts-dir': { meaning: 'report: generated alert rule files to list' },
  '--apply-to': { meaning: 'rightsize: edit manifests and Helm values below DIR in place' },
  '--containers': { meaning: 'sample: scale to about this many workload containers' },
  '--cost-explorer': { meaning: 'import: from AWS Cost Explorer' },
  '--cpu-limit-policy': { meaning: 'rightsize: CPU limits none, ratio or guaranteed' },
  '--cur': { meaning: 'import: AWS CUR 2.0 export' },
  '--existing': { meaning: 'commitments: commitments you own, from a file' },
  '--fail-on': { meaning: 'lint: the lowest severity that fails the run' },
  '--disable': { meaning: 'lint: checks to skip, comma-separated' },
  '--share': { meaning: 'costs --by (allocation): namespaces whose cost is spread over the others' },
  '--promtool': { meaning: 'lint: cross-check rule files with promtool' },
  '--scrape-interval': { meaning: 'lint: the scrape interval rate ranges are checked against' },
  '--scrape-intervals': { meaning: 'sample: each scrape job\'s interval (a preset or job=duration,…)' },
  '--min-change-baseline': { meaning: 'costs: smallest previous-week cost a percent change is computed against' },
  '--families': { meaning: 'sample: metric names to write' },
  '--focus': { meaning: 'import: FOCUS export' },
  '--frequency': { meaning: 'a schedule or sampling frequency' },
  '--from': { meaning: 'import: Cost Explorer window start' },
  '--from-store': { meaning: 'rightsize: use usage collected into the store' },
  '--fx': { meaning: 'import: currency exchange rates to USD' },
  '--horizon': { meaning: 'forecast, backtest: steps to forecast' },
  '--host': { meaning: 'serve: address to bind' },
  '--input': { meaning: 'forecast, backtest: input CSV series,timestamp,value' },
  '--kind': { meaning: 'commitments: reserved-instance, savings-plan or both' },
  '--kubeconfig': { meaning: 'rightsize: read HPAs, VPAs and replicas from this cluster' },
  '--levels': { meaning: 'forecast, backtest: interval levels in percent' },
  '--limit': { meaning: 'rightsize: table rows to show' },
  '--memory-limit-policy': { meaning: 'rightsize: memory limits none, ratio or guaranteed' },
  '--method': { meaning: 'forecast, capacity: forecast method' },
  '--methods': { meaning: 'backtest: methods to compare' },
  '--namespaces': { meaning: 'sample: namespaces whose pods to write' },
  '--no-billed-commitments': { meaning: 'commitments: ignore commitments the imported bill shows' },
  '--no-pdf': { meaning: 'report: skip report.pdf' },
  '--no-publish': { meaning: 'report: skip Slack and e-mail' },
  '--no-schedule': { meaning: 'serve: run nothing on a schedule' },
  '--openmetrics': { meaning: 'sample: write OpenMetrics to this FILE' },
  '--origins': { meaning: 'backtest: rolling origins per series' },
  '--patches': { meaning: 'rightsize: write strategic-merge patches into DIR' },
  '--payment': { meaning: 'commitments, import: no-upfront, partial-upfront or all-upfront' },
  '--port': { meaning: 'serve: port' },
  '--replace-smaller': { meaning: 'import: replace an earlier, smaller import of the same bill' },
  '--sample': { meaning: 'rightsize: the embedded sample cluster instead of Prometheus' },
  '--seasonal-periods': { meaning: 'forecast: seasonal periods in steps' },
  '--seed': { meaning: 'sample, demo: random seed' },
  '--set': { meaning: 'rightsize: a strategy setting key=value' },
  '--slos': { meaning: 'generate: directory of SLO specs' },
  '--slos-dir': { meaning: 'report: SLO specs to list' },
  '--source': { meaning: 'costs: billing source to read' },
  '--step': { meaning: 'sample: sample interval' },
  '--strategy': { meaning: 'rightsize: percentile or decaying-histogram' },
  '--target': { meaning: 'capacity: target utilisation of allocatable for node counts' },
  '--term': { meaning: 'commitments, import: 1y or 3y' },
  '--test': { meaning: 'backtest: held-out CSV to score against' },
  '--to': { meaning: 'import: Cost Explorer window end' },
  '--truth': { meaning: 'sample: write the ground truth CSV' },
  '--usage': { meaning: 'commitments: hourly on-demand usage CSV' },
  '--usage-includes-existing': { meaning: 'commitments: usage counts hours existing commitments covered' },
  '--week': { meaning: 'report: ISO week YYYY-Www' },
  '--weeks': { meaning: 'capacity: forecast horizon in weeks' },
};
