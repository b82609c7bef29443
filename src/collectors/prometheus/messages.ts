/** Every user-facing message of the Prometheus collector and doctor, in one place (tests assert on these). */
import { formatDuration } from '../../domain/units.js';

/** 5s, 2m — or 300ms when not whole seconds. */
const formatMs = (ms: number) => (ms % 1000 === 0 ? formatDuration(ms / 1000) : `${ms}ms`);

export const prometheusMessages = {
  unreachable: (url: string, reason: string) => `Prometheus at ${url} is not reachable (${reason})`,
  unreachableHint: 'check prometheus.url (or --prometheus-url) and that Prometheus is running',
  tlsRejected: (url: string, problem: 'untrusted' | 'expired' | 'wrongHost', code: string) =>
    `Prometheus at ${url} presented a TLS certificate this machine does not accept: ${
      { untrusted: 'not signed by a trusted CA', expired: 'expired or not yet valid', wrongHost: 'issued for another host name' }[problem]} (${code})`,
  tlsRejectedHint: {
    untrusted: 'name the CA that signed it in prometheus.tls.caFile of the config (a PEM file), or in NODE_EXTRA_CA_CERTS for every Node program',
    expired: "renew the server's certificate, or check this machine's clock",
    wrongHost: 'use the host name the certificate is issued for in the URL',
  },
  timedOut: (url: string, what: string, timeoutMs: number, attempts: number) =>
    `Prometheus at ${url} did not answer the ${what} query within ${formatMs(timeoutMs)} (${attempts} attempt${attempts === 1 ? '' : 's'})`,
  timedOutHint: 'raise prometheus.timeout (each attempt) or prometheus.retries, lower the history (--since/--history), or check the load on Prometheus',
  hung: (url: string, timeoutMs: number, attempts: number) =>
    `Prometheus at ${url} accepted the connection but did not answer vector(1) within ${formatMs(timeoutMs)} (${attempts} attempt${attempts === 1 ? '' : 's'}): it is hung or overloaded`,
  hungHint: 'check that Prometheus is healthy (its /-/ready page) and the URL points at it; the limit per attempt is min(prometheus.timeout, 5s) and prometheus.retries sets the attempts',
  deadline: (url: string, deadlineMs: number, answered: number) =>
    `stopped querying Prometheus at ${url}: the command's deadline of ${formatMs(deadlineMs)} passed (${answered} quer${answered === 1 ? 'y' : 'ies'} answered)`,
  deadlineHint: 'raise prometheus.deadline, lower the history (--since/--history), or check the load on Prometheus',
  serverError: (url: string, what: string, status: number, detail: string, attempts: number) =>
    `Prometheus at ${url} failed the ${what} query with HTTP ${status}${detail ? `: ${detail}` : ''} (${attempts} attempt${attempts === 1 ? '' : 's'})`,
  serverErrorHint: 'check the Prometheus logs; retry later',
  tooManyPoints: (url: string, what: string) => `Prometheus at ${url} refused the ${what} query: more than 11,000 points per series`,
  tooManyPointsHint: 'lower the resolution (a larger step) or the history; Headroom chunks its own range queries under this limit',
  unauthorized: (url: string, status: number) => `Prometheus at ${url} refused the credentials (HTTP ${status})`,
  unauthorizedHint: 'check prometheus.auth (basic or bearerToken) and prometheus.headers (e.g. X-Scope-OrgID)',
  badQuery: (url: string, what: string, detail: string) => `Prometheus at ${url} rejected the ${what} query: ${detail}`,
  badQueryHint: 'check that the backend speaks the Prometheus HTTP API (Prometheus, Thanos, Mimir, VictoriaMetrics)',
  notJson: (url: string, what: string) => `Prometheus at ${url} answered the ${what} query with something that is not Prometheus API JSON`,
  notJsonHint: 'check prometheus.url: it must be the API base (the part before /api/v1)',
  noUsage: (cluster: string) => `no container usage series (${'container_cpu_usage_seconds_total'}) for cluster ${cluster} in the window`,
  noUsageHint: 'run `headroom doctor` to check that cAdvisor and kube-state-metrics are scraped',
  hpasUnavailable: (detail: string) => `HPAs could not be read from kube-state-metrics (${detail}); rightsizing proceeds without HPA targets unless a kubeconfig is given`,
  hpaWithoutTarget: (names: string[]) =>
    `${names.length} HPA(s) whose target workload is unknown (no kube_horizontalpodautoscaler_info series, or a kind Headroom does not rightsize: ${names.slice(0, 5).join(', ')}${names.length > 5 ? ', …' : ''}); their targets are not considered`,
  nodeUsageUnavailable: (detail: string) => `node usage could not be read from node-exporter (${detail}); workload usage is unaffected`,
  nodeExporterUnmapped: (instances: string[]) =>
    `${instances.length} node-exporter target(s) could not be matched to a Kubernetes node (${instances.slice(0, 5).join(', ')}${instances.length > 5 ? ', …' : ''}): no node label, not a node name, and no kube_node_info internal_ip or kube_pod_info host_ip equal to their address; their usage is left out`,
  clusterNotOnBackend: (url: string, label: string, cluster: string, clusters: string[]) =>
    `--cluster ${cluster}: no series with ${label}="${cluster}" at ${url} (it has ${clusters.length} cluster(s))`,
  clusterNotOnBackendHint: (clusters: string[]) => `choose one of ${clusters.slice(0, 10).join(', ')}${clusters.length > 10 ? ', …' : ''}, or leave --cluster out to read every cluster`,
} as const;
