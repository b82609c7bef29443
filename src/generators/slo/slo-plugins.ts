/**
 * SLO plugins: sloth's `plugins` / `slo_plugins` / `sloPlugins` chains, resolved into the rule
 * options the generator reads. The chain starts from sloth's defaults (validate, SLI rules,
 * metadata rules, alert rules); each level (spec, then SLO) appends to it, or replaces everything
 * before it with `overridePrevious: true`. Entries run in `priority` order, as in sloth.
 *
 * Shipped: sloth's core plugins, the contrib plugins its examples use, and Headroom's
 * `headroom.dev/min_traffic/v1` (this SLO's minimum-traffic guard). An unknown id is an error that
 * lists the known ones.
 */
import { z } from 'zod';
import type { SloPluginChain, SloPluginRef, SloRuleOptions } from './spec-types.js';

const duration = z.string().regex(/^(\d+(ms|s|m|h|d|w|y))+$/, 'expected a Prometheus duration such as 5m');

interface SloPlugin {
  id: string;
  description: string;
  config: z.ZodType;
  apply: (options: SloRuleOptions, config: never) => void;
}

const none = z.unknown();

function plugin<C extends z.ZodType>(id: string, description: string, config: C, apply: (options: SloRuleOptions, config: z.infer<C>) => void): SloPlugin {
  return { id, description, config, apply: apply as SloPlugin['apply'] };
}

export const sloPluginIds = {
  validate: 'sloth.dev/core/validate/v1',
  sliRules: 'sloth.dev/core/sli_rules/v1',
  metadataRules: 'sloth.dev/core/metadata_rules/v1',
  alertRules: 'sloth.dev/core/alert_rules/v1',
  minTraffic: 'headroom.dev/min_traffic/v1',
} as const;

const plugins: SloPlugin[] = [
  plugin(sloPluginIds.validate, 'validates the SLI queries as PromQL', none, (o) => { o.dialect = 'promql'; }),
  plugin(sloPluginIds.sliRules, 'generates the SLI error-ratio recording rules', none, (o) => { o.generate.sli = true; }),
  plugin(sloPluginIds.metadataRules, 'generates the objective, budget, burn-rate and info recording rules', none, (o) => { o.generate.metadata = true; }),
  plugin(sloPluginIds.alertRules, 'generates the multi-window multi-burn-rate page and ticket alerts', none, (o) => { o.generate.alerts = true; }),
  plugin('sloth.dev/core/debug/v1', 'logs a message in sloth; no effect on the rules', z.object({ msg: z.string().optional() }).loose().optional(), () => {}),
  plugin('sloth.dev/core/noop/v1', 'does nothing', none, () => {}),
  plugin('sloth.dev/contrib/validate_victoria_metrics/v1', 'validates the SLI queries as MetricsQL (the rules are generated, not PromQL-checked)', none, (o) => { o.dialect = 'metricsql'; }),
  plugin('sloth.dev/contrib/denominator_corrected_rules/v1', 'weights errors by the window\'s share of the period\'s traffic (event SLIs)',
    z.strictObject({ disableOptimized: z.boolean().default(false) }).prefault({}),
    (o, c) => { o.denominatorCorrected = { disableOptimized: c.disableOptimized }; }),
  plugin('sloth.dev/contrib/info_labels/v1', 'adds labels to the SLO info metric',
    z.strictObject({ labels: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]).transform(String)), metricName: z.string().min(1).optional() }),
    // Prometheus refuses label names such as `plug-l1` that sloth passes through: they are written
    // with `_` for every character a label name cannot hold.
    (o, c) => { for (const [k, v] of Object.entries(c.labels)) o.infoLabels[sanitiseLabelName(k)] = v; if (c.metricName) o.infoMetricName = c.metricName; }),
  plugin('sloth.dev/contrib/rule_intervals/v1', 'sets the evaluation interval of the generated rule groups',
    z.strictObject({ interval: z.strictObject({ default: duration, sliError: duration.optional(), metadata: duration.optional(), alert: duration.optional() }) }),
    (o, c) => { o.intervals = { sli: c.interval.sliError ?? c.interval.default, metadata: c.interval.metadata ?? c.interval.default, alerts: c.interval.alert ?? c.interval.default }; }),
  plugin(sloPluginIds.minTraffic, 'Headroom: this SLO\'s minimum-traffic guard (requestsPerSecond over 1 h, 0 = off; totalQuery gives raw SLIs their traffic)',
    z.strictObject({ requestsPerSecond: z.number().min(0), totalQuery: z.string().min(1).optional() }),
    (o, c) => { o.minEventsPerSecond = c.requestsPerSecond; }),
];

const byId = new Map(plugins.map((p) => [p.id, p]));

function sanitiseLabelName(name: string): string {
  const clean = name.replace(/[^a-zA-Z0-9_]/g, '_');
  return /^[0-9]/.test(clean) ? `_${clean}` : clean;
}

/** Known SLO plugin ids, sorted. */
export function listSloPluginIds(): string[] {
  return [...byId.keys()].sort();
}

const defaultChain: SloPluginRef[] = [sloPluginIds.validate, sloPluginIds.sliRules, sloPluginIds.metadataRules, sloPluginIds.alertRules].map((id) => ({ id, priority: 0 }));

export interface ResolvedSloPlugins {
  options: SloRuleOptions;
  /** `headroom.dev/min_traffic/v1`'s traffic query for a raw SLI. */
  totalQuery?: string;
  /** `<path>: message`, one per problem. */
  problems: string[];
}

/**
 * Resolves the chain of one SLO from the levels that apply (spec-wide first, then the SLO's own).
 * `paths` name each level in problems (`slo_plugins`, `slos.0.plugins`).
 */
export function resolveSloPlugins(levels: { path: string; chain: SloPluginChain | undefined }[]): ResolvedSloPlugins {
  let entries: { ref: SloPluginRef; path: string }[] = defaultChain.map((ref) => ({ ref, path: '(defaults)' }));
  for (const level of levels) {
    if (!level.chain) continue;
    const own = level.chain.chain.map((ref, i) => ({ ref, path: `${level.path}.chain.${i}` }));
    entries = level.chain.overridePrevious ? own : [...entries, ...own];
  }
  // sloth runs lower priorities first; equal priorities keep their order.
  entries = entries.map((e, i) => ({ e, i })).sort((a, b) => a.e.ref.priority - b.e.ref.priority || a.i - b.i).map(({ e }) => e);
  const options: SloRuleOptions = { generate: { sli: false, metadata: false, alerts: false }, dialect: 'none', infoLabels: {} };
  const problems: string[] = [];
  let totalQuery: string | undefined;
  for (const { ref, path } of entries) {
    const p = byId.get(ref.id);
    if (!p) {
      problems.push(`${path}.id: unknown SLO plugin "${ref.id}"; known: ${listSloPluginIds().join(', ')}`);
      continue;
    }
    const config = p.config.safeParse(ref.config);
    if (!config.success) {
      problems.push(...config.error.issues.map((i) => `${[path, 'config', ...i.path.map(String)].join('.')}: ${i.message}`));
      continue;
    }
    p.apply(options, config.data as never);
    if (p.id === sloPluginIds.minTraffic) totalQuery = (config.data as { totalQuery?: string }).totalQuery;
  }
  return { options, totalQuery, problems };
}
