/**
 * The `headroom.yaml` schema. Every field documents its default; `headroom.example.yaml` shows
 * them all. Sections belong to the stage that reads them; secrets are never values here, only
 * the names of environment variables or files that hold them.
 */
import { z } from 'zod';

const url = (what: string) => z.string({ error: `expected ${what} URL` }).url({ error: 'expected a URL' });
const duration = z.string().regex(/^(\d+(ms|s|m|h|d|w|y))+$/, { error: 'expected a duration such as 30s, 5m, 14d' });
/** A secret: read from an environment variable or a file, never written in the config itself. */
const secretRef = z.strictObject({
  env: z.string().optional(),
  file: z.string().optional(),
}).refine((s) => Boolean(s.env) !== Boolean(s.file), { error: 'give exactly one of env or file' });

export const prometheusSchema = z.strictObject({
  /** Prometheus-API base URL (Prometheus, Thanos Querier, Mimir, Cortex, VictoriaMetrics). Default: none. */
  url: url('a Prometheus'),
  /** Label that separates clusters on a multi-cluster backend. Default: `cluster`. */
  clusterLabel: z.string().default('cluster'),
  /** Clusters to collect; empty means all values of the cluster label (or one unnamed cluster). */
  clusters: z.array(z.string()).default([]),
  /** Per-query timeout, each attempt. Default 60s. */
  timeout: duration.default('60s'),
  /** A command's whole budget for this backend; every request stops then. Default 30m. */
  deadline: duration.default('30m'),
  /** Queries in flight at once. Default 4, range 1..32. */
  concurrency: z.number().int().min(1).max(32).default(4),
  /** Retries for 5xx and timeouts, with exponential backoff. Default 3. */
  retries: z.number().int().min(0).max(10).default(3),
  auth: z.strictObject({
    basic: z.strictObject({ username: z.string(), password: secretRef }).optional(),
    bearerToken: secretRef.optional(),
  }).optional(),
  /** Extra HTTP headers, e.g. `X-Scope-OrgID` for Mimir/Cortex tenants. */
  headers: z.record(z.string(), z.string()).default({}),
  tls: z.strictObject({
    caFile: z.string().optional(),
    certFile: z.string().optional(),
    keyFile: z.string().optional(),
    insecureSkipVerify: z.boolean().default(false),
  }).optional(),
});

export const kubernetesSchema = z.strictObject({
  /** Path of a kubeconfig; default: $KUBECONFIG, ~/.kube/config, or in-cluster. */
  kubeconfig: z.string().optional(),
  /** Context names to read; default: the current one. */
  contexts: z.array(z.string()).default([]),
  /** Namespaces to skip. Default: kube-system. */
  excludeNamespaces: z.array(z.string()).default(['kube-system']),
});

export const awsSchema = z.strictObject({
  /** Cost Explorer endpoint override (tests, VPC endpoints). */
  endpoint: url('an AWS endpoint').optional(),
  /** Cost Explorer lives in us-east-1. */
  region: z.string().default('us-east-1'),
  /** Cost-allocation tag that holds the Kubernetes namespace. */
  namespaceTag: z.string().default('kubernetes.io/namespace'),
  /** Cache of Cost Explorer responses for settled windows (each request costs $0.01); null disables. Default `.headroom/cost-explorer-cache`. */
  cacheDir: z.string().nullable().default('.headroom/cost-explorer-cache'),
});

export const billingSchema = z.strictObject({
  /** FOCUS export files (CSV or Parquet, globs allowed). */
  focus: z.array(z.string()).default([]),
  /** AWS CUR 2.0 or legacy CUR export files (CSV, gzip or Parquet; a glob is the parts of one export). */
  cur: z.array(z.string()).default([]),
  /** Price list overriding the bundled estimate (format in DESIGN.md). */
  pricingFile: z.string().optional(),
  /**
   * Exchange rates into USD (`EUR: 1.08`: one EUR is 1.08 USD) for a bill in several currencies, read
   * by costs, report, capacity and commitments (and their scheduled runs) and by the server's
   * /metrics (the `…_usd` cost gauges); `--fx` overrides a code. When every
   * currency of the bill other than USD has a rate, amounts are converted to USD. Default none: a
   * bill in one currency is shown in it, a mix is refused.
   */
  fx: z.record(z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code such as EUR'), z.number().positive()).default({}),
});

export const rightsizingSchema = z.strictObject({
  /** Strategy name (`percentile` or `decaying-histogram`). Default `percentile`, chosen by evaluating both on the sample's ground truth. */
  strategy: z.string().optional(),
  /** History analysed, ending at `--at`. Default 14d. */
  history: duration.default('14d'),
  /** CPU limit policy: `none`, `ratio` (limit = ratio × request) or `guaranteed` (limit = request). */
  cpuLimitPolicy: z.enum(['none', 'ratio', 'guaranteed']).default('none'),
  cpuLimitRatio: z.number().min(1).default(2),
  memoryLimitPolicy: z.enum(['none', 'ratio', 'guaranteed']).default('guaranteed'),
  memoryLimitRatio: z.number().min(1).default(1.5),
  /** Settings passed to the strategy; keys are the strategy's own (see `headroom rightsize --help`). */
  settings: z.record(z.string(), z.unknown()).default({}),
  /** Price of a vCPU-hour ÷ price of a GiB-hour used to split node prices. Default OpenCost's, 0.031611 / 0.004237 ≈ 7.46. */
  cpuToMemoryPriceRatio: z.number().positive().optional(),
});

export const capacitySchema = z.strictObject({
  /** Target utilisation of allocatable used to size node counts, 0..1. Default 0.75. */
  targetUtilization: z.number().gt(0).max(1).default(0.75),
  /** Forecast horizon in weeks for capacity. Default 13. */
  horizonWeeks: z.number().int().min(1).max(104).default(13),
  /** Forecast method for capacity and cost series (`auto`, `ets`, `theta`, `mstl`, `seasonal-naive`). Default `auto`. */
  forecastMethod: z.string().default('auto'),
});

const receiverSchema = z.strictObject({
  name: z.string(),
  slack: z.strictObject({ webhookUrl: secretRef, channel: z.string().optional() }).optional(),
  email: z.strictObject({ to: z.string(), from: z.string().optional(), smarthost: z.string().optional() }).optional(),
  pagerduty: z.strictObject({ routingKey: secretRef }).optional(),
});

export const alertingSchema = z.strictObject({
  /** Base URL of runbooks; each alert links `<runbookBaseUrl>#<alertname in lower case>`. Default: the generated alerts/runbooks.md on GitHub. */
  runbookBaseUrl: url('a runbook').default('https://github.com/headroom-dev/headroom/blob/main/alerts/runbooks.md'),
  /** Emit PrometheusRule CRDs besides plain rule files. */
  prometheusRuleCrds: z.boolean().default(false),
  /** Severity → receiver name. */
  routes: z.record(z.string(), z.string()).default({}),
  receivers: z.array(receiverSchema).default([]),
  /** Thresholds used by generated capacity and workload alerts. */
  thresholds: z.strictObject({
    cpuThrottlingRatio: z.number().min(0).max(1).default(0.25),
    quotaUsedRatio: z.number().min(0).max(1).default(0.9),
    pvcFillHours: z.number().positive().default(96),
    exhaustionDays: z.number().positive().default(30),
    /** Cluster requests ÷ allocatable that alerts. Default 0.9. */
    requestsAllocatableRatio: z.number().gt(0).max(2).default(0.9),
    /** Container usage ÷ requests that, held for `usageAboveRequestsFor`, alerts. Default 1. */
    usageAboveRequestsRatio: z.number().gt(0).default(1),
    /** How long usage must stay above requests. Default 6h. */
    usageAboveRequestsFor: duration.default('6h'),
  }).prefault({}),
  /** Severities an alert may carry (lint reports others). Default critical, warning, info. */
  severities: z.array(z.string().min(1)).min(1).default(['critical', 'warning', 'info']),
  /** Multi-window multi-burn-rate SLO alerts. */
  slo: z.strictObject({
    /** SLO period; burn-rate factors derive from it (30d: 14.4, 6, 3, 1). Default 30d. */
    period: duration.default('30d'),
    /** `for:` of the page tier. Default 2m. */
    pageFor: duration.default('2m'),
    /** `for:` of the ticket tier. Default 15m. */
    ticketFor: duration.default('15m'),
    /** Burn alerts stay silent below this request rate (req/s over 1 h). Default 0.1. */
    minRequestsPerSecond: z.number().min(0).default(0.1),
    /**
     * `headroom` (default): `for:` on the tiers, the minimum-traffic guard, Headroom's annotations
     * (the firing window pair in the `burn_window` annotation). `sloth`: the alerts sloth writes —
     * no `for:`, sloth's labels and annotations, and no guard unless an SLO asks for one.
     */
    compat: z.enum(['headroom', 'sloth']).default('headroom'),
  }).prefault({}),
});

export const lintSchema = z.strictObject({
  /** Checks `headroom lint` skips (names as printed, e.g. promql/regexp; a prefix like alerts disables its group). Default none. */
  disable: z.array(z.string().min(1)).default([]),
  /** Lowest level that fails the run (exit 1): error, warning or info. Default error. */
  failOn: z.enum(['error', 'warning', 'info']).default('error'),
  /** Scrape interval rate ranges are checked against (live mode reads it from the server). Default 1m. */
  scrapeInterval: duration.default('1m'),
  /** Valid label, annotation and record names: legacy (Prometheus 2, or 3 with metric_name_validation_scheme: legacy) or utf8 (Prometheus 3's default). Default legacy. */
  nameValidation: z.enum(['legacy', 'utf8']).default('legacy'),
});

export const reportSchema = z.strictObject({
  /** Where published reports go (dated directories). */
  outDir: z.string().default('reports'),
  /** Public base URL under which reports are served, used in links. */
  publicBaseUrl: url('a public base').optional(),
  slack: z.strictObject({ webhookUrl: secretRef }).optional(),
  email: z.strictObject({
    to: z.array(z.string()).min(1),
    from: z.string(),
    smtp: z.strictObject({
      host: z.string(),
      port: z.number().int().min(1).max(65535).default(587),
      secure: z.boolean().default(false),
      username: z.string().optional(),
      password: secretRef.optional(),
    }),
  }).optional(),
});

export const serverSchema = z.strictObject({
  /** Address to bind. Default 127.0.0.1; set 0.0.0.0 deliberately to expose it. */
  host: z.string().default('127.0.0.1'),
  port: z.number().int().min(0).max(65535).default(9464),
  /** Bearer token for state-changing endpoints; wins over HEADROOM_TOKEN in the environment. Required to serve POST routes. */
  token: secretRef.optional(),
  /** Largest accepted request body, bytes. Default 1 MiB. */
  bodyLimitBytes: z.number().int().positive().default(1_048_576),
});

export const scheduleSchema = z.strictObject({
  /** Cron for collection. Default hourly at minute 5. */
  collect: z.string().default('5 * * * *'),
  /** Cron for the weekly report. Default Monday 06:00 UTC. */
  report: z.string().default('0 6 * * 1'),
  /** Cron for the capacity run (forecasts, exhaustion, cost forecast). Default daily 05:15 UTC, before the report. */
  capacity: z.string().default('15 5 * * *'),
  timezone: z.string().default('UTC'),
});

export const allocationSchema = z.strictObject({
  /**
   * Namespaces whose cost is spread over the others in proportion to their cost (OpenCost's shared
   * namespaces), e.g. kube-system and monitoring. Default: none (they are keys of their own).
   */
  sharedNamespaces: z.array(z.string()).default([]),
  /** Pod / namespace label keys stored with every allocation run (for `label:KEY`, the report and /metrics). Default: team, owner, cost-center. */
  labels: z.array(z.string().min(1)).default(['team', 'owner', 'cost-center']),
  /** The label the weekly report's "Cost by team" section and the dashboard group by. Default: team. */
  teamLabel: z.string().min(1).default('team'),
  /** $ per GPU-hour taken out of a GPU node's price before CPU and memory share the rest. Default 0.95 (OpenCost's default). */
  gpuHourUsd: z.number().nonnegative().default(0.95),
});

export const configSchema = z.strictObject({
  /** Name of the cluster when the backend has no cluster label. Default `default`. */
  cluster: z.string().default('default'),
  store: z.strictObject({ path: z.string().default('.headroom/headroom.duckdb') }).default({ path: '.headroom/headroom.duckdb' }),
  prometheus: prometheusSchema.optional(),
  kubernetes: kubernetesSchema.optional(),
  aws: awsSchema.optional(),
  billing: billingSchema.default({ focus: [], cur: [], fx: {} }),
  rightsizing: rightsizingSchema.prefault({}),
  capacity: capacitySchema.prefault({}),
  allocation: allocationSchema.prefault({}),
  alerting: alertingSchema.prefault({}),
  lint: lintSchema.prefault({}),
  /** Directory of SLO specs (sloth format). Default `slos`. */
  slosDir: z.string().default('slos'),
  report: reportSchema.prefault({}),
  server: serverSchema.prefault({}),
  schedule: scheduleSchema.prefault({}),
});

export type HeadroomConfig = z.infer<typeof configSchema>;
export type SecretRef = z.infer<typeof secretRef>;
