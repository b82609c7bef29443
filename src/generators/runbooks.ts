/**
 * `alerts/runbooks.md`: one section per generated alert, so every `runbook_url`
 * (`<runbookBaseUrl>#<alertname in lower case>`) lands on what the alert means and what to do.
 * The runbook texts of Headroom's own alerts live here, in one place.
 */
import { generatedMarker, sloConventions as S } from '../domain/conventions.js';
import type { RuleFile } from './rules/types.js';

interface RunbookText {
  meaning: string;
  actions: string[];
}

const capacityCommon = 'Run `headroom capacity` for the forecast per node pool, and `headroom rightsize` to reclaim over-requested resources before adding nodes.';

const runbookTexts: Record<string, RunbookText> = {
  HeadroomCpuOvercommit: {
    meaning: 'The pods\' CPU requests no longer fit on the cluster if its largest node fails: requests exceed allocatable CPU minus the largest node (kubernetes-mixin\'s KubeCPUOvercommit).',
    actions: ['Add a node to the affected pool, or let the cluster autoscaler do so (check its max size).', capacityCommon],
  },
  HeadroomMemoryOvercommit: {
    meaning: 'The pods\' memory requests no longer fit on the cluster if its largest node fails.',
    actions: ['Add a node to the affected pool, or raise the autoscaler\'s max size.', capacityCommon],
  },
  HeadroomCpuRequestsNearAllocatable: {
    meaning: 'CPU requests are close to what the nodes can allocate; new or rescheduled pods may stay Pending.',
    actions: ['Look for Pending pods: `kubectl get pods -A --field-selector=status.phase=Pending`.', capacityCommon],
  },
  HeadroomMemoryRequestsNearAllocatable: {
    meaning: 'Memory requests are close to what the nodes can allocate; new or rescheduled pods may stay Pending.',
    actions: ['Look for Pending pods: `kubectl get pods -A --field-selector=status.phase=Pending`.', capacityCommon],
  },
  HeadroomQuotaAlmostFull: {
    meaning: 'A namespace ResourceQuota is nearly used up; the next deployment or scale-up in that namespace will be rejected.',
    actions: ['`kubectl describe resourcequota -n <namespace>` shows used and hard values.', 'Raise the quota with the namespace owner, or rightsize its workloads (`headroom rightsize`).'],
  },
  HeadroomPersistentVolumeFillingUp: {
    meaning: 'A PersistentVolumeClaim has less than 15% free and, at the last 6 hours\' rate, fills within the configured horizon.',
    actions: ['Find what writes: logs, WAL, caches. Clean up or set retention.', 'Expand the PVC if its StorageClass allows (`allowVolumeExpansion: true`).'],
  },
  HeadroomCapacityExhaustionSoon: {
    meaning: 'Headroom\'s forecast says requests will exceed allocatable for this resource and node pool within the planning horizon.',
    actions: ['Open the capacity dashboard (Forecast row) and `headroom capacity` for the date and the nodes needed.', 'Plan node-pool growth or commitments (`headroom commitments`) before the date.'],
  },
  HeadroomCapacityExhaustionImminent: {
    meaning: 'Headroom\'s forecast says this resource and node pool run out within days.',
    actions: ['Add capacity now; `headroom capacity` gives the node count that restores the target utilisation.', 'Rightsize the largest over-requesters (`headroom rightsize`).'],
  },
  HeadroomForecastsStale: {
    meaning: 'Headroom has not finished a run for more than a day, so forecasts, exhaustion alerts and cost anomalies are based on old data.',
    actions: ['Check the Headroom server log and `headroom doctor` for an unreachable Prometheus, Kubernetes API or billing source.'],
  },
  HeadroomRunsFailing: {
    meaning: 'Headroom recorded failed runs of a stage in the last 30 minutes.',
    actions: ['The server log names the stage and the error; `headroom doctor` checks every source.'],
  },
  HeadroomCpuThrottlingHigh: {
    meaning: 'A container spends a large share of CFS periods throttled: its CPU limit is below what it needs in bursts, which shows as latency.',
    actions: ['Raise or remove the CPU limit (many teams run without CPU limits); `headroom rightsize` proposes limits from usage.'],
  },
  HeadroomContainerOomKilled: {
    meaning: 'A container was killed for exceeding its memory limit.',
    actions: ['`kubectl describe pod` shows the last termination; compare the limit with the peak working set on the rightsizing dashboard.', 'Raise the memory limit, or fix a leak if the working set grows without bound.'],
  },
  HeadroomCpuUsageAboveRequests: {
    meaning: 'A container has used more CPU than it requests for a long time; the scheduler under-counts it and packs its node too tightly.',
    actions: ['Raise the CPU request to the recommendation of `headroom rightsize`.'],
  },
  HeadroomMemoryUsageAboveRequests: {
    meaning: 'A container has used more memory than it requests for a long time; its node can run out of memory and evict pods.',
    actions: ['Raise the memory request to the recommendation of `headroom rightsize`.'],
  },
  HeadroomDailyCostAboveForecast: {
    meaning: 'A day\'s cost of a service or namespace is above the upper bound of Headroom\'s cost forecast: more than normal variation explains.',
    actions: ['Open the cost dashboard; `headroom costs` breaks the day down by service and namespace.', 'Look for a runaway workload, a scaling change, or a pricing or commitment change.'],
  },
};

/** SLO burn alerts share one text; their dashboards and labels carry the specifics. */
const sloRunbook: RunbookText = {
  meaning: `An SLO is burning its error budget faster than its period allows. The \`${S.labelSeverity}\` label says the tier and its \`${S.annotationBurnWindow}\` annotation the window pairs that are firing: short pairs (1h/5m, 6h/30m) page, long pairs (1d/2h, 3d/6h) open a ticket.`,
  actions: ['Open the SLO\'s dashboard (Burn rates row) to see whether the burn is ongoing.', 'Check recent deploys and dependencies of the service; roll back if the burn started with a change.'],
};

/** The runbook page for every alert in `files`; throws for a Headroom alert without a text. */
export function renderRunbooks(files: RuleFile[]): string {
  const seen = new Set<string>();
  const sections: string[] = [];
  for (const rule of files.flatMap((f) => f.groups.flatMap((g) => g.rules))) {
    if (rule.kind !== 'alert' || seen.has(rule.alert)) continue;
    seen.add(rule.alert);
    const isSlo = rule.labels[S.labelSeverity] !== undefined;
    const text = isSlo ? sloRunbook : runbookTexts[rule.alert];
    if (!text) throw new Error(`no runbook text for alert ${rule.alert}`);
    sections.push(`## ${rule.alert}\n\n**Severity:** ${rule.labels.severity ?? 'none'}${isSlo ? ' (page tier)' : ''}. ${rule.annotations.summary.replace(/\{\{[^}]*\}\}\s*/g, '').trim()}\n\n${text.meaning}\n\n${text.actions.map((a) => `- ${a}`).join('\n')}\n`);
  }
  return `<!-- ${generatedMarker} -->\n# Runbooks\n\nOne section per alert Headroom generates; each alert's \`runbook_url\` points here.\n\n${sections.join('\n')}`;
}
