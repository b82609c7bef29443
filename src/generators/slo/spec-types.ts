/**
 * The versioned SLO spec types Headroom reads: sloth's `prometheus/v1` (snake_case) and the
 * `sloth.slok.dev/v1` `PrometheusServiceLevel` CRD (camelCase). Both parse into `SloDefinition`.
 * Headroom adds one SLI kind sloth lacks, `latency` (from a histogram): `metric` is the histogram's
 * base name, `selector` its label matchers, `threshold` an `le` bucket bound in seconds.
 */
import { z } from 'zod';

const labels = z.record(z.string(), z.string());
const latencySli = (thresholdKey: 'threshold') => z.strictObject({ metric: z.string().min(1), selector: z.string().default(''), [thresholdKey]: z.number().positive() });

const alertTierV1 = z.strictObject({ disable: z.boolean().default(false), labels: labels.default({}), annotations: labels.default({}) });

/** sloth `prometheus/v1`. */
export const slothPrometheusV1Schema = z.strictObject({
  version: z.literal('prometheus/v1'),
  service: z.string().min(1),
  labels: labels.default({}),
  slos: z.array(z.strictObject({
    name: z.string().min(1),
    objective: z.number(),
    description: z.string().default(''),
    labels: labels.default({}),
    sli: z.strictObject({
      events: z.strictObject({ error_query: z.string().min(1), total_query: z.string().min(1) }).optional(),
      raw: z.strictObject({ error_ratio_query: z.string().min(1) }).optional(),
      latency: latencySli('threshold').optional(),
    }),
    alerting: z.strictObject({
      name: z.string().optional(),
      labels: labels.default({}),
      annotations: labels.default({}),
      page_alert: alertTierV1.prefault({}),
      ticket_alert: alertTierV1.prefault({}),
    }).prefault({}),
  })).min(1),
});

/** sloth `sloth.slok.dev/v1` `PrometheusServiceLevel`. */
export const slothCrdV1Schema = z.strictObject({
  apiVersion: z.literal('sloth.slok.dev/v1'),
  kind: z.literal('PrometheusServiceLevel'),
  metadata: z.object({ name: z.string().min(1), namespace: z.string().optional(), labels: labels.optional() }),
  spec: z.strictObject({
    service: z.string().min(1),
    labels: labels.default({}),
    slos: z.array(z.strictObject({
      name: z.string().min(1),
      objective: z.number(),
      description: z.string().default(''),
      labels: labels.default({}),
      sli: z.strictObject({
        events: z.strictObject({ errorQuery: z.string().min(1), totalQuery: z.string().min(1) }).optional(),
        raw: z.strictObject({ errorRatioQuery: z.string().min(1) }).optional(),
        latency: latencySli('threshold').optional(),
      }),
      alerting: z.strictObject({
        name: z.string().optional(),
        labels: labels.default({}),
        annotations: labels.default({}),
        pageAlert: alertTierV1.prefault({}),
        ticketAlert: alertTierV1.prefault({}),
      }).prefault({}),
    })).min(1),
  }),
});

export type SlothPrometheusV1 = z.infer<typeof slothPrometheusV1Schema>;
export type SlothCrdV1 = z.infer<typeof slothCrdV1Schema>;

/** The SLI of one SLO, normalised. Queries contain sloth's `{{.window}}` placeholder. */
export type SloSli =
  | { kind: 'events'; errorQuery: string; totalQuery: string }
  | { kind: 'raw'; errorRatioQuery: string }
  | { kind: 'latency'; metric: string; selector: string; thresholdSeconds: number };

export interface SloAlertTier {
  disable: boolean;
  labels: Record<string, string>;
  annotations: Record<string, string>;
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
  /** `prometheus/v1` or `sloth.slok.dev/v1`. */
  specVersion: string;
  /** Base name of the spec file, e.g. `checkout` for slos/checkout.yaml. */
  sourceName: string;
}
