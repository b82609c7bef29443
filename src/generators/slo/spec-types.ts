/**
 * The versioned SLO spec types Headroom reads: sloth's `prometheus/v1` (snake_case) and the
 * `sloth.slok.dev/v1` `PrometheusServiceLevel` CRD (camelCase), and OpenSLO (see openslo.ts). All
 * parse into `SloDefinition`.
 *
 * As sloth does, label and option values may be any YAML scalar (`objective: 90`,
 * `generated: true`) and are read as strings. Headroom adds one SLI kind sloth lacks, `latency`
 * (from a histogram): `metric` is the histogram's base name, `selector` its label matchers,
 * `threshold` an `le` bucket bound in seconds.
 */
import { z } from 'zod';

/** A YAML scalar read as the string sloth would write (`90`, `0.2`, `true`). */
const scalarString = z.union([z.string(), z.number(), z.boolean(), z.null()]).transform((v) => (v === null ? '' : String(v)));
const labels = z.record(z.string(), scalarString);
const latencySli = z.strictObject({ metric: z.string().min(1), selector: z.string().default(''), threshold: z.number().positive() });
const sliPlugin = z.strictObject({ id: z.string().min(1), options: labels.default({}) });

const alertTier = z.strictObject({ disable: z.boolean().default(false), labels: labels.default({}), annotations: labels.default({}) });

/** One entry of a sloth SLO plugin chain (`plugins`, `slo_plugins`, `sloPlugins`). */
const sloPluginRef = z.strictObject({ id: z.string().min(1), priority: z.number().default(0), config: z.unknown().optional() });
export const sloPluginChainSchema = z.strictObject({ overridePrevious: z.boolean().default(false), chain: z.array(sloPluginRef).default([]) });
export type SloPluginChain = z.infer<typeof sloPluginChainSchema>;
export type SloPluginRef = z.infer<typeof sloPluginRef>;

/** sloth `prometheus/v1`. */
export const slothPrometheusV1Schema = z.strictObject({
  version: z.literal('prometheus/v1'),
  service: z.string().min(1),
  labels: labels.default({}),
  slo_plugins: sloPluginChainSchema.optional(),
  slos: z.array(z.strictObject({
    name: z.string().min(1),
    objective: z.number(),
    description: z.string().default(''),
    labels: labels.default({}),
    plugins: sloPluginChainSchema.optional(),
    sli: z.strictObject({
      events: z.strictObject({ error_query: z.string().min(1), total_query: z.string().min(1) }).optional(),
      raw: z.strictObject({ error_ratio_query: z.string().min(1) }).optional(),
      plugin: sliPlugin.optional(),
      latency: latencySli.optional(),
    }),
    alerting: z.strictObject({
      name: z.string().optional(),
      labels: labels.default({}),
      annotations: labels.default({}),
      page_alert: alertTier.prefault({}),
      ticket_alert: alertTier.prefault({}),
    }).prefault({}),
  })).min(1),
});

/**
 * sloth `sloth.slok.dev/v1` `PrometheusServiceLevel`. Besides the CRD's `pageAlert`/`ticketAlert`,
 * the snake_case `page_alert`/`ticket_alert` that users copy from prometheus/v1 specs are read
 * too (sloth's Kubernetes decoder silently drops them; Headroom honours them).
 */
export const slothCrdV1Schema = z.strictObject({
  apiVersion: z.literal('sloth.slok.dev/v1'),
  kind: z.literal('PrometheusServiceLevel'),
  metadata: z.object({ name: z.string().min(1), namespace: z.string().optional(), labels: labels.optional(), annotations: labels.optional() }),
  spec: z.strictObject({
    service: z.string().min(1),
    labels: labels.default({}),
    sloPlugins: sloPluginChainSchema.optional(),
    slos: z.array(z.strictObject({
      name: z.string().min(1),
      objective: z.number(),
      description: z.string().default(''),
      labels: labels.default({}),
      plugins: sloPluginChainSchema.optional(),
      sli: z.strictObject({
        events: z.strictObject({ errorQuery: z.string().min(1), totalQuery: z.string().min(1) }).optional(),
        raw: z.strictObject({ errorRatioQuery: z.string().min(1) }).optional(),
        plugin: sliPlugin.optional(),
        latency: latencySli.optional(),
      }),
      alerting: z.strictObject({
        name: z.string().optional(),
        labels: labels.default({}),
        annotations: labels.default({}),
        pageAlert: alertTier.optional(),
        ticketAlert: alertTier.optional(),
        page_alert: alertTier.optional(),
        ticket_alert: alertTier.optional(),
      }).prefault({}),
    })).min(1),
  }),
});

export type SlothPrometheusV1 = z.infer<typeof slothPrometheusV1Schema>;
export type SlothCrdV1 = z.infer<typeof slothCrdV1Schema>;

/**
 * The SLI of one SLO, normalised. Queries contain sloth's `{{.window}}` placeholder. A raw SLI may
 * carry a `totalQuery` (its traffic in events per second, from an SLI plugin or the
 * `headroom.dev/min_traffic/v1` SLO plugin) so the minimum-traffic guard applies to it too.
 */
export type SloSli =
  | { kind: 'events'; errorQuery: string; totalQuery: string }
  | { kind: 'raw'; errorRatioQuery: string; totalQuery?: string }
  | { kind: 'latency'; metric: string; selector: string; thresholdSeconds: number };

export interface SloAlertTier {
  disable: boolean;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

/** What the SLO plugin chain asks of the generator (see slo-plugins.ts). */
export interface SloRuleOptions {
  /** Which rule groups are generated (sloth's core sli_rules, metadata_rules, alert_rules plugins). */
  generate: { sli: boolean; metadata: boolean; alerts: boolean };
  /** The query dialect the SLI is validated as; MetricsQL specs are generated but not PromQL-checked. */
  dialect: 'promql' | 'metricsql' | 'none';
  /** sloth.dev/contrib/denominator_corrected_rules/v1. */
  denominatorCorrected?: { disableOptimized: boolean };
  /** sloth.dev/contrib/info_labels/v1: extra labels on the info metric. */
  infoLabels: Record<string, string>;
  infoMetricName?: string;
  /** sloth.dev/contrib/rule_intervals/v1: rule group `interval:` per group kind. */
  intervals?: { sli?: string; metadata?: string; alerts?: string };
  /**
   * headroom.dev/min_traffic/v1: this SLO's minimum-traffic guard (events per second over 1 h;
   * 0 turns it off). Undefined: the configured default (`alerting.slo.minRequestsPerSecond`).
   */
  minEventsPerSecond?: number;
}

/** One SLO, whichever format it came from. */
export interface SloDefinition {
  /** `<service>-<name>`, the `sloth_id` label. */
  id: string;
  service: string;
  name: string;
  /** Target in percent, e.g. 99.9. */
  objectivePercent: number;
  description: string;
  /** Service labels merged with SLO labels. */
  labels: Record<string, string>;
  sli: SloSli;
  alerting: { name: string | undefined; labels: Record<string, string>; annotations: Record<string, string>; page: SloAlertTier; ticket: SloAlertTier };
  /** `prometheus/v1`, `sloth.slok.dev/v1`, `openslo/v1` or `openslo/v1alpha`. */
  specVersion: string;
  /** Base name of the spec file, e.g. `checkout` for slos/checkout.yaml. */
  sourceName: string;
  /** The SLO plugin chain's effect on the generated rules. */
  rules: SloRuleOptions;
  /**
   * The SLO's own period in seconds (OpenSLO `timeWindow`, a rolling window): its error budget and
   * burn-rate factors. Undefined: `alerting.slo.period`, as for sloth specs.
   */
  periodSeconds?: number;
  /** The PrometheusServiceLevel's metadata, so the rules can be written back as a PrometheusRule. */
  k8s?: { name: string; namespace?: string; labels: Record<string, string>; annotations: Record<string, string> };
}
