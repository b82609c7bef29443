/**
 * SLI plugins: sloth's plugin contract — an id and string options in, an SLI out. sloth's own
 * plugins return a raw error-ratio query with the `{{.window}}` placeholder; Headroom's also
 * return the traffic (events per second) behind the ratio, so the minimum-traffic guard applies
 * to plugin SLIs as it does to event SLIs.
 *
 * Shipped: the example plugin of sloth's getting-started guide and the most used plugins of
 * sloth's common SLI plugin library (same ids, options and query semantics), written here from
 * their documented behaviour.
 */
import type { SloSli } from './spec-types.js';

export interface SliPluginContext {
  /** The SLO's merged labels (sloth passes them to plugins). */
  labels: Record<string, string>;
  options: Record<string, string>;
}

export interface SliPlugin {
  id: string;
  description: string;
  /** A raw SLI, or an error message naming the option to fix. */
  build: (ctx: SliPluginContext) => Extract<SloSli, { kind: 'raw' }> | { error: string };
}

/** sloth-common's filter: `a="x",b="y"` (braces and trailing commas trimmed); '' when unset. */
function readFilter(options: Record<string, string>): string | { error: string } {
  const raw = options.filter ?? '';
  if (raw === '') return '';
  const filter = raw.replace(/^[{},\s]+|[{},\s]+$/g, '');
  if (!/^([^=]+="[^=,"]+",)*([^=]+="[^=,"]+")$/.test(filter)) return { error: `invalid Prometheus filter ${JSON.stringify(raw)}: expected label="value" pairs separated by commas` };
  return filter;
}

function readBucket(options: Record<string, string>): string | { error: string } {
  const bucket = options.bucket ?? '';
  if (bucket === '') return { error: 'the "bucket" option is required (an le bound in seconds, e.g. "0.4")' };
  if (!Number.isFinite(Number(bucket))) return { error: `the "bucket" option must be a number, got ${JSON.stringify(bucket)}` };
  return bucket;
}

/** `{ a="x",extra }` with sloth-common's spacing. */
const sel = (...parts: string[]) => `{ ${parts.filter(Boolean).join(',')} }`;
const rateSum = (metric: string, selector: string) => `sum(rate(${metric}${selector}[{{.window}}]))`;

function raw(errorRatioQuery: string, totalQuery: string | undefined): Extract<SloSli, { kind: 'raw' }> {
  const sli: Extract<SloSli, { kind: 'raw' }> = { kind: 'raw', errorRatioQuery: errorRatioQuery.trim() };
  if (totalQuery) sli.totalQuery = totalQuery;
  return sli;
}

function ratioPlugin(id: string, description: string, metric: string, errorMatcher: (o: Record<string, string>) => string): SliPlugin {
  return {
    id,
    description,
    build: ({ options }) => {
      const f = readFilter(options);
      if (typeof f !== 'string') return f;
      const total = rateSum(metric, sel(f));
      return raw(`\n${rateSum(metric, sel(f, errorMatcher(options)))}\n/\n${total}\n`, total);
    },
  };
}

const plugins: SliPlugin[] = [
  {
    id: 'getting_started_availability',
    description: 'sloth\'s getting-started example: HTTP 5xx and 429 of http_request_duration_seconds_count for a job (options: job, filter; labels owner and tier required)',
    build: ({ labels, options }) => {
      const job = options.job;
      if (!job) return { error: 'the "job" option is required' };
      for (const k of ['owner', 'tier']) if (!labels[k]) return { error: `the SLO needs a non-empty "${k}" label` };
      let filter = options.filter ?? '';
      if (filter !== '') {
        filter = `${filter.replace(/^[{}]+|[{}]+$/g, '').replace(/^,+|,+$/g, '')},`;
        if (!/([^=]+="[^=,"]+",)+/.test(filter)) return { error: `invalid Prometheus filter ${JSON.stringify(options.filter)}` };
      }
      const total = `sum(rate(http_request_duration_seconds_count{ ${filter}job="${job}" }[{{.window}}]))`;
      return raw(`\nsum(rate(http_request_duration_seconds_count{ ${filter}job="${job}",code=~"(5..|429)" }[{{.window}}]))\n/\n${total}`, total);
    },
  },
  ratioPlugin('sloth-common/kubernetes/apiserver/availability', 'Kubernetes API server requests answered with 5xx or 429 (option: filter)', 'apiserver_request_total', () => 'code=~"(5..|429)"'),
  {
    id: 'sloth-common/kubernetes/apiserver/latency',
    description: 'Kubernetes API server non-WATCH requests slower than a bucket (options: bucket, filter)',
    build: ({ options }) => {
      const b = readBucket(options);
      if (typeof b !== 'string') return b;
      const f = readFilter(options);
      if (typeof f !== 'string') return f;
      const count = rateSum('apiserver_request_duration_seconds_count', sel(f, 'verb!="WATCH"'));
      const fast = rateSum('apiserver_request_duration_seconds_bucket', sel(f, `le="${b}"`, 'verb!="WATCH"'));
      return raw(`\n(\n  ${count}\n  -\n  ${fast}\n)\n/\n${count}\n`, count);
    },
  },
  {
    id: 'sloth-common/coredns/availability',
    description: 'CoreDNS responses with a failing rcode, SERVFAIL by default (options: filter, custom_rcode_regex)',
    build: ({ options }) => {
      const f = readFilter(options);
      if (typeof f !== 'string') return f;
      const rcode = options.custom_rcode_regex || 'SERVFAIL';
      const total = rateSum('coredns_dns_responses_total', sel(f));
      return raw(`\n${rateSum('coredns_dns_responses_total', sel(f, `rcode=~"${rcode}"`))}\n/\n(${total} > 0)\n`, total);
    },
  },
  {
    id: 'sloth-common/coredns/latency',
    description: 'CoreDNS requests slower than a bucket (options: bucket, filter)',
    build: ({ options }) => {
      const b = readBucket(options);
      if (typeof b !== 'string') return b;
      const f = readFilter(options);
      if (typeof f !== 'string') return f;
      const total = rateSum('coredns_dns_request_duration_seconds_count', sel(f));
      return raw(`\n1 - ((\n  ${rateSum('coredns_dns_request_duration_seconds_bucket', sel(f, `le="${b}"`))}\n  /\n  (${total} > 0)\n) OR on() vector(1))\n`, total);
    },
  },
  ratioPlugin('sloth-common/slok-go-http-metrics/availability', 'go-http-metrics requests answered with 5xx or 429 (option: filter)', 'http_request_duration_seconds_count', () => 'code=~"(5..|429)"'),
  {
    id: 'sloth-common/slok-go-http-metrics/latency',
    description: 'go-http-metrics requests slower than a bucket (options: bucket, filter, exclude_errors)',
    build: ({ options }) => {
      const b = readBucket(options);
      if (typeof b !== 'string') return b;
      const f = readFilter(options);
      if (typeof f !== 'string') return f;
      const exclude = options.exclude_errors === 'true' ? 'code!~"(5..|429)"' : '';
      const count = rateSum('http_request_duration_seconds_count', sel(f, exclude));
      return raw(`\n1 - (\n  ${rateSum('http_request_duration_seconds_bucket', sel(f, exclude, `le="${b}"`))}\n  /\n  ${count}\n)\n`, count);
    },
  },
  {
    id: 'sloth-common/prometheus/targets/availability',
    description: 'Prometheus scrape targets down (option: filter)',
    build: ({ options }) => {
      const f = readFilter(options);
      if (typeof f !== 'string') return f;
      // Scrapes are not traffic: no total for the minimum-traffic guard.
      return raw(`\nsum(count_over_time((up${sel(f)} == 0)[{{.window}}:])) or vector(0)\n/\nsum(count_over_time((up${sel(f)})[{{.window}}:]))\n`, undefined);
    },
  },
];

const byId = new Map(plugins.map((p) => [p.id, p]));

/** Known SLI plugin ids, sorted. */
export function listSliPluginIds(): string[] {
  return [...byId.keys()].sort();
}

export function findSliPlugin(id: string): SliPlugin | undefined {
  return byId.get(id);
}
