/**
 * Names the outside world sees — metric names, label names, rule-group prefixes, file markers —
 * live here and nowhere else, so that generators, collectors and the server agree.
 */

/** Metric names of the sources Headroom reads (cAdvisor, kube-state-metrics, node-exporter, kubelet). */
export const sourceMetrics = {
  containerCpuUsageSecondsTotal: 'container_cpu_usage_seconds_total',
  containerMemoryWorkingSetBytes: 'container_memory_working_set_bytes',
  containerCpuCfsPeriodsTotal: 'container_cpu_cfs_periods_total',
  containerCpuCfsThrottledPeriodsTotal: 'container_cpu_cfs_throttled_periods_total',
  kubePodContainerResourceRequests: 'kube_pod_container_resource_requests',
  kubePodContainerResourceLimits: 'kube_pod_container_resource_limits',
  kubePodContainerStatusRestartsTotal: 'kube_pod_container_status_restarts_total',
  kubePodContainerStatusLastTerminatedReason: 'kube_pod_container_status_last_terminated_reason',
  kubePodOwner: 'kube_pod_owner',
  kubePodInfo: 'kube_pod_info',
  kubeReplicasetOwner: 'kube_replicaset_owner',
  kubeJobOwner: 'kube_job_owner',
  kubeDeploymentSpecReplicas: 'kube_deployment_spec_replicas',
  kubeDeploymentStatusReplicas: 'kube_deployment_status_replicas',
  kubeHpaSpecMaxReplicas: 'kube_horizontalpodautoscaler_spec_max_replicas',
  kubeHpaSpecMinReplicas: 'kube_horizontalpodautoscaler_spec_min_replicas',
  kubeHpaSpecTargetMetric: 'kube_horizontalpodautoscaler_spec_target_metric',
  kubeHpaStatusCurrentReplicas: 'kube_horizontalpodautoscaler_status_current_replicas',
  kubeHpaInfo: 'kube_horizontalpodautoscaler_info',
  kubeNodeLabels: 'kube_node_labels',
  kubeNodeInfo: 'kube_node_info',
  kubePodLabels: 'kube_pod_labels',
  kubeNamespaceLabels: 'kube_namespace_labels',
  kubeNodeStatusAllocatable: 'kube_node_status_allocatable',
  kubeNodeStatusCapacity: 'kube_node_status_capacity',
  kubeResourceQuota: 'kube_resourcequota',
  kubePersistentVolumeClaimInfo: 'kube_persistentvolumeclaim_info',
  kubeletVolumeStatsCapacityBytes: 'kubelet_volume_stats_capacity_bytes',
  kubeletVolumeStatsUsedBytes: 'kubelet_volume_stats_used_bytes',
  kubeletVolumeStatsAvailableBytes: 'kubelet_volume_stats_available_bytes',
  nodeCpuSecondsTotal: 'node_cpu_seconds_total',
  nodeMemoryMemTotalBytes: 'node_memory_MemTotal_bytes',
  nodeMemoryMemAvailableBytes: 'node_memory_MemAvailable_bytes',
  nodeFilesystemSizeBytes: 'node_filesystem_size_bytes',
  nodeFilesystemAvailBytes: 'node_filesystem_avail_bytes',
  up: 'up',
} as const;

/**
 * Kubernetes node label keys Headroom reads, preferred first (current keys before deprecated
 * ones, AWS before other clouds). The Kubernetes collector reads them off Node objects; the
 * Prometheus collector reads them off `kube_node_labels` under kubeStateMetricsLabelName().
 */
export const nodeLabelKeys = {
  instanceType: ['node.kubernetes.io/instance-type', 'beta.kubernetes.io/instance-type'],
  zone: ['topology.kubernetes.io/zone', 'failure-domain.beta.kubernetes.io/zone'],
  region: ['topology.kubernetes.io/region', 'failure-domain.beta.kubernetes.io/region'],
  capacityType: ['karpenter.sh/capacity-type', 'eks.amazonaws.com/capacityType'],
  nodePool: ['eks.amazonaws.com/nodegroup', 'karpenter.sh/nodepool', 'cloud.google.com/gke-nodepool', 'kubernetes.azure.com/agentpool'],
} as const;

/** A node's placement and pricing facts, read from its labels. */
export interface NodeLabelFacts {
  instanceType: string;
  zone: string;
  region: string;
  capacityType: 'on-demand' | 'spot';
  nodePool: string;
}

/**
 * Instance type, zone, region, capacity type and node pool from a node's labels, preferred key
 * first; `labelOf(key)` reads one Kubernetes label key — from the API's `metadata.labels`, or from
 * `kube_node_labels` through kubeStateMetricsLabelName — so both collectors read nodes alike.
 * Without a region label the region is the zone minus its letter; without a pool label, the pool
 * is the instance type.
 */
export function nodeFactsFromLabels(labelOf: (key: string) => string | undefined): NodeLabelFacts {
  const pick = (field: keyof typeof nodeLabelKeys) => nodeLabelKeys[field].map(labelOf).find((v) => v !== undefined);
  const instanceType = pick('instanceType') ?? 'unknown';
  const zone = pick('zone') ?? '';
  return {
    instanceType,
    zone,
    region: pick('region') ?? zone.replace(/[a-z]$/, ''),
    capacityType: /spot/i.test(pick('capacityType') ?? '') ? 'spot' : 'on-demand',
    nodePool: pick('nodePool') ?? instanceType,
  };
}

/**
 * The Prometheus label kube-state-metrics v2 gives a Kubernetes label on `kube_*_labels`:
 * `label_` + the key with every character outside [a-zA-Z0-9_] replaced by `_`, then snake-cased
 * (`eks.amazonaws.com/capacityType` → `label_eks_amazonaws_com_capacity_type`).
 */
export function kubeStateMetricsLabelName(key: string): string {
  return `label_${key.replace(/[^a-zA-Z0-9_]/g, '_').replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase()}`;
}

/** Label names used by the sources (kube-prometheus defaults). */
export const sourceLabels = {
  namespace: 'namespace',
  pod: 'pod',
  container: 'container',
  node: 'node',
  instance: 'instance',
  job: 'job',
  resource: 'resource',
  unit: 'unit',
  ownerKind: 'owner_kind',
  ownerName: 'owner_name',
  replicaset: 'replicaset',
  reason: 'reason',
  persistentVolumeClaim: 'persistentvolumeclaim',
  /** kube-state-metrics v2 HPA labels. */
  hpa: 'horizontalpodautoscaler',
  scaleTargetRefKind: 'scaletargetref_kind',
  scaleTargetRefName: 'scaletargetref_name',
  metricName: 'metric_name',
  metricTargetType: 'metric_target_type',
  /** kube_node_labels names of the node label keys above (the preferred key of each). */
  instanceType: kubeStateMetricsLabelName(nodeLabelKeys.instanceType[0]),
  zone: kubeStateMetricsLabelName(nodeLabelKeys.zone[0]),
  region: kubeStateMetricsLabelName(nodeLabelKeys.region[0]),
  capacityType: kubeStateMetricsLabelName(nodeLabelKeys.capacityType[0]),
  eksCapacityType: kubeStateMetricsLabelName(nodeLabelKeys.capacityType[1]),
  nodePool: kubeStateMetricsLabelName(nodeLabelKeys.nodePool[0]),
  /** Default name of the label separating clusters on multi-cluster backends; configurable. */
  cluster: 'cluster',
  /** node-exporter labels. */
  cpu: 'cpu',
  mode: 'mode',
  mountpoint: 'mountpoint',
  device: 'device',
  fstype: 'fstype',
  /** `kube_node_info`: the node's internal IP; `kube_pod_info`: the IP of the pod's node. */
  internalIp: 'internal_ip',
  /** `kube_node_info`: the cloud's ID of the node (`aws:///us-east-1a/i-0abc…`), matched to the bill's ResourceId. */
  providerId: 'provider_id',
  hostIp: 'host_ip',
} as const;

/** node-exporter values Headroom selects on. */
export const nodeExporterConventions = {
  /** `node_cpu_seconds_total{mode}` of time not spent on work; every other mode is busy. */
  idleMode: 'idle',
  /** Pseudo and container-runtime filesystems: not node disks. */
  ignoredFsTypes: ['tmpfs', 'ramfs', 'overlay', 'squashfs', 'nsfs', 'autofs', 'devtmpfs', 'fuse.lxcfs', 'rootfs'],
} as const;

/** Scrape-job names of the sample cluster (kube-prometheus defaults). */
export const sourceJobs = {
  cadvisor: 'kubelet',
  kubeStateMetrics: 'kube-state-metrics',
  nodeExporter: 'node-exporter',
} as const;

/** Metrics Headroom's own server exports (/metrics); alert rules are written against these. */
export const headroomMetrics = {
  prefix: 'headroom_',
  exhaustionDays: 'headroom_capacity_exhaustion_days',
  exhaustionDaysLower: 'headroom_capacity_exhaustion_days_lower',
  recommendedRequest: 'headroom_recommended_request',
  currentRequest: 'headroom_current_request',
  monthlySavingsUsd: 'headroom_monthly_savings_usd',
  dailyCostUsd: 'headroom_daily_cost_usd',
  /**
   * The same day's cost in each currency it was billed in (label `currency`), never converted nor
   * summed across currencies; `dailyCostUsd` is the USD view (other currencies at `billing.fx`).
   */
  dailyCost: 'headroom_daily_cost',
  dailyCostForecastUpperUsd: 'headroom_daily_cost_forecast_upper_usd',
  /** The same bound in the currency the forecast was made in (label `currency`), for a bill in another currency without a rate into USD. */
  dailyCostForecastUpper: 'headroom_daily_cost_forecast_upper',
  lastRunTimestampSeconds: 'headroom_last_run_timestamp_seconds',
  runFailuresTotal: 'headroom_run_failures_total',
} as const;

/**
 * Gauges the monitoring generators (dashboards) read besides `headroomMetrics`; the server should
 * export them with the labels in `headroomLabels`.
 */
export const headroomMonitoringMetrics = {
  commitmentCoverageRatio: 'headroom_commitment_coverage_ratio',
  commitmentUtilizationRatio: 'headroom_commitment_utilization_ratio',
  /** Latest allocation run: cost of each key over the run's window, and of its last day (labels `by`, `key`). */
  allocationCostUsd: 'headroom_allocation_cost_usd',
  allocationDailyCostUsd: 'headroom_allocation_daily_cost_usd',
  /** Used ÷ paid per key of the latest allocation run (labels `by`, `key`). */
  allocationEfficiencyRatio: 'headroom_allocation_efficiency_ratio',
  /** The latest allocation run's window: total, idle and unallocated cost (label `part`: allocated | idle | unallocated | total). */
  allocationWindowCostUsd: 'headroom_allocation_window_cost_usd',
} as const;

/** Label names on Headroom's own gauges. */
export const headroomLabels = {
  resource: 'resource',
  namespace: 'namespace',
  service: 'service',
  workload: 'workload',
  container: 'container',
  nodePool: 'node_pool',
  /** Allocation gauges: the grouping (`namespace`, `node-pool`, `label:team`, …) and its key. */
  allocationBy: 'by',
  allocationKey: 'key',
  allocationPart: 'part',
  /** ISO 4217 code of an amount on a gauge whose name carries no currency (`headroom_daily_cost`). */
  currency: 'currency',
} as const;

/** Recording rules Headroom generates so that dashboards stay cheap (level:metric:operations). */
export const headroomRecords = {
  namespaceCpuUsageCores: 'namespace:headroom_cpu_usage_cores:sum_rate5m',
  namespaceMemoryWorkingSetBytes: 'namespace:headroom_memory_working_set_bytes:sum',
  namespaceCpuRequestsCores: 'namespace:headroom_cpu_requests_cores:sum',
  namespaceMemoryRequestsBytes: 'namespace:headroom_memory_requests_bytes:sum',
  clusterCpuAllocatableCores: 'cluster:headroom_cpu_allocatable_cores:sum',
  clusterMemoryAllocatableBytes: 'cluster:headroom_memory_allocatable_bytes:sum',
  clusterCpuRequestsCores: 'cluster:headroom_cpu_requests_cores:sum',
  clusterMemoryRequestsBytes: 'cluster:headroom_memory_requests_bytes:sum',
  clusterCpuUsageCores: 'cluster:headroom_cpu_usage_cores:sum_rate5m',
  clusterMemoryWorkingSetBytes: 'cluster:headroom_memory_working_set_bytes:sum',
  containerCpuUsageCores: 'namespace_pod_container:headroom_cpu_usage_cores:rate5m',
  containerCpuThrottledRatio: 'namespace_pod_container:headroom_cpu_throttled:ratio_rate5m',
} as const;

/** Names in SLO rules (sloth-compatible, so sloth dashboards keep working). */
export const sloConventions = {
  errorRatioPrefix: 'slo:sli_error:ratio_rate',
  totalRatePrefix: 'slo:sli_total:rate',
  /** sloth.dev/contrib/denominator_corrected_rules/v1: a window's share of the period's traffic. */
  numeratorCorrectionPrefix: 'slo:numerator_correction:ratio',
  /** The inner expression of an SLI's window subquery, recorded once per evaluation (hoist-subqueries.ts). */
  subqueryStep: 'slo:sli_subquery:step',
  /** Which of an SLO's recorded subquery expressions a `subqueryStep` series is. */
  labelSubquery: 'sloth_subquery',
  objectiveRatio: 'slo:objective:ratio',
  errorBudgetRatio: 'slo:error_budget:ratio',
  timePeriodDays: 'slo:time_period:days',
  currentBurnRateRatio: 'slo:current_burn_rate:ratio',
  periodBurnRateRatio: 'slo:period_burn_rate:ratio',
  periodErrorBudgetRemainingRatio: 'slo:period_error_budget_remaining:ratio',
  infoMetric: 'sloth_slo_info',
  labelId: 'sloth_id',
  labelService: 'sloth_service',
  labelSlo: 'sloth_slo',
  labelWindow: 'sloth_window',
  labelSeverity: 'sloth_severity',
  labelMode: 'sloth_mode',
  labelSpec: 'sloth_spec',
  labelVersion: 'sloth_version',
  labelObjective: 'sloth_objective',
  /**
   * Which window pairs are firing (e.g. `1h/5m`) — asked for by sloth and pyrra users. An
   * annotation, not a label: a label would make Alertmanager see a new alert when the pair changes.
   */
  annotationBurnWindow: 'burn_window',
  groupPrefix: 'sloth-slo',
} as const;

/** Prefix of every rule group and recording rule Headroom generates. */
export const rulePrefixes = {
  group: 'headroom',
  record: 'headroom',
  sloRecord: 'slo',
} as const;

/** First line of every generated file. */
export const generatedMarker = 'Generated by Headroom — do not edit; change the spec and run `headroom generate`.';
/** First line of every patch `headroom rightsize --patches` writes (they come from a run, not a spec). */
export const rightsizePatchMarker = 'Generated by `headroom rightsize --patches` from its recommendations — review, then apply with kustomize; re-run rightsize to refresh.';

/** Default locations. */
export const defaultPaths = {
  storeFile: '.headroom/headroom.duckdb',
  configFile: 'headroom.yaml',
  demoOutDir: 'headroom-demo',
} as const;
