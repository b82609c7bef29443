/**
 * The hand-written sample cluster: its nodes and workloads, each with the usage behaviour it
 * exists to show (diurnal web traffic, HPA scaling, batch spikes, a leak that ends in OOM kills,
 * CPU throttling, idle over-provisioning, a two-day-old workload, …). `scaleCatalogue` adds
 * generated copies of these patterns for benchmarks.
 */
import type { ResourceSettings, WorkloadKind } from '../domain/workload.js';
import { GIB_BYTES, MIB_BYTES } from '../domain/units.js';

/** CPU demand of one container: base level shaped by day, week, growth, noise and bursts. */
export interface CpuProfile {
  /** Demand at the window's end before noise, cores. For HPA workloads: the whole workload's demand. */
  baseCores: number;
  /** Diurnal amplitude as a fraction of base (peak 15:00 UTC). */
  diurnal: number;
  /** Weekend dip as a fraction of base. */
  weekendDip: number;
  /** Linear growth per day as a fraction of the end level (demand is lower earlier). */
  growthPerDay: number;
  /** Standard deviation of the per-step noise, fraction of the shaped level. */
  noise: number;
  /** Random bursts: expected bursts per day, their multiplier and length in minutes. */
  burstsPerDay?: number;
  burstMultiplier?: number;
  burstMinutes?: number;
}

export type MemoryKind = 'flat' | 'sawtooth' | 'leak' | 'grow' | 'batch';

export interface MemoryProfile {
  kind: MemoryKind;
  baseBytes: number;
  /** Sawtooth: period and height (cache fills, then a GC/flush drops it). */
  periodHours?: number;
  amplitudeBytes?: number;
  /** Leak: bytes added per hour since the container started. */
  leakBytesPerHour?: number;
  /** Grow: linear growth per day as a fraction of the end level. */
  growthPerDay?: number;
  noise: number;
}

export interface ContainerSpec {
  name: string;
  image: string;
  resources: ResourceSettings;
  cpu: CpuProfile;
  memory: MemoryProfile;
}

export interface WorkloadSpec {
  namespace: string;
  kind: WorkloadKind;
  name: string;
  /** Behaviour class, copied into the truth ('web', 'hpa', 'batch', 'leak', 'oom', 'throttled', 'idle', 'new', …). */
  pattern: string;
  /** No trend, leak or bursts: rightsizing bounds apply strictly. */
  steady: boolean;
  replicas: number;
  /** Instance type of the node pool the pods run on; null = any general node. DaemonSets: every node. */
  pool: string | null;
  containers: ContainerSpec[];
  hpa?: { minReplicas: number; maxReplicas: number; cpuTargetUtilizationPercent: number };
  /** Rollouts (new ReplicaSet, new pods) every `everyDays`; the latest `phaseDays` before the window's end. */
  rollouts?: { everyDays: number; phaseDays: number };
  /** The workload was created this many days before the window's end. */
  createdDaysBeforeEnd?: number;
  /** CronJob schedule: a Job every `everyHours` at `offsetMinutes` past the period start, running `durationMinutes`. */
  cron?: { everyHours: number; offsetMinutes: number; durationMinutes: number };
  /** A plain Job runs once, at its creation, for this long. */
  runMinutes?: number;
  /** One PVC per replica (StatefulSets): capacity, fill 30 days before the window's end, fill per day. */
  volume?: { name: string; capacityBytes: number; usedAtStartBytes: number; growthBytesPerDay: number };
  labels: Record<string, string>;
}

export interface NodeSpec {
  instanceType: string;
  count: number;
  capacityType: 'on-demand' | 'spot';
  cpuCores: number;
  memoryBytes: number;
  allocatableCpuCores: number;
  allocatableMemoryBytes: number;
  /** Nodes of this group join this many days before the window's end (cluster-autoscaler growth); default: whole window. */
  addedDaysBeforeEnd?: number;
}

/** On-demand Linux prices in us-east-1 (USD per hour, public list prices as of 2026). */
export const instancePrices: Record<string, { onDemandHourlyUsd: number; spotHourlyUsd: number; cpuCores: number; memoryBytes: number }> = {
  'm5.large': { onDemandHourlyUsd: 0.096, spotHourlyUsd: 0.037, cpuCores: 2, memoryBytes: 8 * GIB_BYTES },
  'm5.xlarge': { onDemandHourlyUsd: 0.192, spotHourlyUsd: 0.074, cpuCores: 4, memoryBytes: 16 * GIB_BYTES },
  'm5.2xlarge': { onDemandHourlyUsd: 0.384, spotHourlyUsd: 0.148, cpuCores: 8, memoryBytes: 32 * GIB_BYTES },
  'r5.xlarge': { onDemandHourlyUsd: 0.252, spotHourlyUsd: 0.081, cpuCores: 4, memoryBytes: 32 * GIB_BYTES },
  'c5.2xlarge': { onDemandHourlyUsd: 0.34, spotHourlyUsd: 0.131, cpuCores: 8, memoryBytes: 16 * GIB_BYTES },
};

function node(instanceType: string, count: number, capacityType: 'on-demand' | 'spot' = 'on-demand', addedDaysBeforeEnd?: number): NodeSpec {
  const p = instancePrices[instanceType]!;
  // EKS reserves ~80 m CPU and ~1.3 GiB (kube-reserved + eviction threshold) per node of this size.
  return {
    instanceType, count, capacityType, cpuCores: p.cpuCores, memoryBytes: p.memoryBytes,
    allocatableCpuCores: p.cpuCores - (p.cpuCores > 4 ? 0.09 : 0.08),
    allocatableMemoryBytes: Math.round(p.memoryBytes * 0.93 - 0.2 * GIB_BYTES),
    ...(addedDaysBeforeEnd === undefined ? {} : { addedDaysBeforeEnd }),
  };
}

export const sampleNodeSpecs: NodeSpec[] = [
  node('m5.xlarge', 3),
  node('m5.2xlarge', 3),
  node('m5.2xlarge', 1, 'on-demand', 9),
  node('r5.xlarge', 2),
  node('c5.2xlarge', 1),
  node('c5.2xlarge', 1, 'spot'),
];

const M = MIB_BYTES;
const G = GIB_BYTES;

function res(cpuRequestCores: number | null, cpuLimitCores: number | null, memoryRequestBytes: number | null, memoryLimitBytes: number | null): ResourceSettings {
  return { cpuRequestCores, cpuLimitCores, memoryRequestBytes, memoryLimitBytes };
}

const web = (baseCores: number, extra: Partial<CpuProfile> = {}): CpuProfile => ({ baseCores, diurnal: 0.45, weekendDip: 0.3, growthPerDay: 0.004, noise: 0.08, ...extra });
const flatCpu = (baseCores: number, extra: Partial<CpuProfile> = {}): CpuProfile => ({ baseCores, diurnal: 0, weekendDip: 0, growthPerDay: 0, noise: 0.05, ...extra });
const flatMem = (baseBytes: number, noise = 0.01): MemoryProfile => ({ kind: 'flat', baseBytes, noise });
const sawMem = (baseBytes: number, amplitudeBytes: number, periodHours: number): MemoryProfile => ({ kind: 'sawtooth', baseBytes, amplitudeBytes, periodHours, noise: 0.01 });

function c(name: string, image: string, resources: ResourceSettings, cpu: CpuProfile, memory: MemoryProfile): ContainerSpec {
  return { name, image, resources, cpu, memory };
}

const envoy = (cores: number) => c('envoy', 'envoyproxy/envoy:v1.31.2', res(0.1, 0.5, 128 * M, 256 * M), web(cores, { growthPerDay: 0.002 }), flatMem(70 * M));
const istio = (cores: number) => c('istio-proxy', 'istio/proxyv2:1.24.1', res(0.1, 2, 128 * M, 1 * G), web(cores, { growthPerDay: 0 }), flatMem(90 * M));

/** Labels of the sample's namespaces (`kube_namespace_labels`): who pays for what runs there. */
export const sampleNamespaceLabels: Record<string, Record<string, string>> = {
  auth: { 'cost-center': 'cc-1200', owner: 'identity' },
  data: { 'cost-center': 'cc-1300', owner: 'data-platform' },
  'kube-system': { 'cost-center': 'cc-1000', owner: 'platform' },
  ml: { 'cost-center': 'cc-1300', owner: 'data-platform' },
  monitoring: { 'cost-center': 'cc-1000', owner: 'platform' },
  shop: { 'cost-center': 'cc-1100', owner: 'storefront' },
};

function w(spec: Omit<WorkloadSpec, 'labels' | 'steady'> & { steady?: boolean; labels?: Record<string, string> }): WorkloadSpec {
  return { steady: false, labels: { 'app.kubernetes.io/name': spec.name, team: spec.namespace }, ...spec };
}

/** The hand-written catalogue: 44 workloads in 7 namespaces. */
export const sampleWorkloadSpecs: WorkloadSpec[] = [
  // shop: customer traffic, diurnal and weekly, growing.
  w({ namespace: 'shop', kind: 'Deployment', name: 'frontend', pattern: 'web', replicas: 3, pool: null, rollouts: { everyDays: 7, phaseDays: 3.4 },
    containers: [c('frontend', 'shop/frontend:2.14.0', res(0.5, 1, 512 * M, 1 * G), web(0.32), sawMem(260 * M, 80 * M, 6)), envoy(0.05)] }),
  w({ namespace: 'shop', kind: 'Deployment', name: 'checkout', pattern: 'hpa', replicas: 2, pool: null, hpa: { minReplicas: 2, maxReplicas: 10, cpuTargetUtilizationPercent: 70 }, rollouts: { everyDays: 9, phaseDays: 5.6 },
    containers: [c('checkout', 'shop/checkout:4.2.1', res(0.5, 1, 384 * M, 768 * M), web(1.6, { diurnal: 0.6, growthPerDay: 0.006 }), flatMem(210 * M, 0.03))] }),
  w({ namespace: 'shop', kind: 'Deployment', name: 'cart', pattern: 'sawtooth', replicas: 2, pool: null,
    containers: [c('cart', 'shop/cart:1.9.3', res(0.2, 0.5, 512 * M, 1 * G), web(0.12), sawMem(300 * M, 180 * M, 4))] }),
  w({ namespace: 'shop', kind: 'Deployment', name: 'catalog', pattern: 'growth', replicas: 2, pool: null, rollouts: { everyDays: 14, phaseDays: 9.1 },
    containers: [c('catalog', 'shop/catalog:3.0.7', res(0.3, null, 768 * M, 768 * M), web(0.22, { growthPerDay: 0.012 }), { kind: 'grow', baseBytes: 520 * M, growthPerDay: 0.008, noise: 0.01 })] }),
  w({ namespace: 'shop', kind: 'Deployment', name: 'search', pattern: 'web', replicas: 3, pool: 'm5.2xlarge',
    containers: [c('search', 'shop/search:5.1.0', res(1, 2, 2 * G, 3 * G), web(0.85, { burstsPerDay: 3, burstMultiplier: 1.8, burstMinutes: 8 }), flatMem(1.6 * G))] }),
  w({ namespace: 'shop', kind: 'Deployment', name: 'recommendations', pattern: 'leak', replicas: 2, pool: null, rollouts: { everyDays: 4, phaseDays: 1.3 },
    containers: [c('recommendations', 'shop/recs:0.33.2', res(0.3, 1, 1 * G, 2 * G), web(0.2), { kind: 'leak', baseBytes: 400 * M, leakBytesPerHour: 9 * M, noise: 0.01 })] }),
  w({ namespace: 'shop', kind: 'Deployment', name: 'payments', pattern: 'steady', steady: true, replicas: 2, pool: null,
    containers: [c('payments', 'shop/payments:7.0.0', res(0.25, 0.5, 256 * M, 512 * M), flatCpu(0.08), flatMem(150 * M)), istio(0.02)] }),
  w({ namespace: 'shop', kind: 'Deployment', name: 'image-resizer', pattern: 'hpa', replicas: 1, pool: 'c5.2xlarge', hpa: { minReplicas: 1, maxReplicas: 6, cpuTargetUtilizationPercent: 60 },
    containers: [c('image-resizer', 'shop/resizer:1.2.0', res(0.5, 2, 256 * M, 1 * G), web(0.7, { diurnal: 0.7, noise: 0.15, burstsPerDay: 4, burstMultiplier: 2.5, burstMinutes: 15 }), flatMem(180 * M, 0.05))] }),
  w({ namespace: 'shop', kind: 'StatefulSet', name: 'shop-db', pattern: 'database', replicas: 1, pool: 'r5.xlarge',
    volume: { name: 'data', capacityBytes: 200 * G, usedAtStartBytes: 96 * G, growthBytesPerDay: 1.9 * G },
    containers: [c('postgres', 'postgres:16.4', res(1, null, 4 * G, 8 * G), web(0.6, { diurnal: 0.35 }), { kind: 'grow', baseBytes: 3.1 * G, growthPerDay: 0.004, noise: 0.005 }), c('postgres-exporter', 'prometheuscommunity/postgres-exporter:v0.16.0', res(0.05, 0.2, 64 * M, 128 * M), flatCpu(0.01), flatMem(28 * M))] }),
  w({ namespace: 'shop', kind: 'StatefulSet', name: 'redis-cart', pattern: 'steady', steady: true, replicas: 1, pool: 'r5.xlarge',
    containers: [c('redis', 'redis:7.4.1', res(0.2, 0.5, 1 * G, 1 * G), flatCpu(0.05), flatMem(610 * M))] }),
  w({ namespace: 'shop', kind: 'CronJob', name: 'order-export', pattern: 'batch', replicas: 1, pool: null, cron: { everyHours: 1, offsetMinutes: 5, durationMinutes: 12 },
    containers: [c('export', 'shop/export:1.0.4', res(0.5, 1, 512 * M, 1 * G), flatCpu(0.7, { noise: 0.1 }), { kind: 'batch', baseBytes: 380 * M, noise: 0.02 })] }),

  // monitoring
  w({ namespace: 'monitoring', kind: 'StatefulSet', name: 'prometheus-k8s', pattern: 'growth', replicas: 1, pool: 'r5.xlarge',
    volume: { name: 'prometheus-k8s-db', capacityBytes: 100 * G, usedAtStartBytes: 41 * G, growthBytesPerDay: 0.9 * G },
    containers: [c('prometheus', 'quay.io/prometheus/prometheus:v2.55.1', res(0.5, null, 4 * G, 8 * G), flatCpu(0.45, { burstsPerDay: 12, burstMultiplier: 2.2, burstMinutes: 3, growthPerDay: 0.003 }), sawMem(2.8 * G, 0.9 * G, 2)), c('config-reloader', 'quay.io/prometheus-operator/prometheus-config-reloader:v0.78.2', res(0.01, 0.1, 25 * M, 50 * M), flatCpu(0.002), flatMem(18 * M))] }),
  w({ namespace: 'monitoring', kind: 'Deployment', name: 'grafana', pattern: 'idle', replicas: 1, pool: null,
    containers: [c('grafana', 'grafana/grafana:11.3.0', res(0.5, 1, 512 * M, 1 * G), web(0.03), flatMem(140 * M))] }),
  w({ namespace: 'monitoring', kind: 'StatefulSet', name: 'alertmanager-main', pattern: 'steady', steady: true, replicas: 2, pool: null,
    containers: [c('alertmanager', 'quay.io/prometheus/alertmanager:v0.27.0', res(0.1, 0.2, 128 * M, 256 * M), flatCpu(0.006), flatMem(42 * M))] }),
  w({ namespace: 'monitoring', kind: 'DaemonSet', name: 'node-exporter', pattern: 'steady', steady: true, replicas: 1, pool: null,
    containers: [c('node-exporter', 'quay.io/prometheus/node-exporter:v1.8.2', res(0.1, 0.25, 180 * M, 180 * M), flatCpu(0.02), flatMem(24 * M)), c('kube-rbac-proxy', 'quay.io/brancz/kube-rbac-proxy:v0.18.1', res(0.01, 0.02, 20 * M, 40 * M), flatCpu(0.001), flatMem(16 * M))] }),
  w({ namespace: 'monitoring', kind: 'Deployment', name: 'kube-state-metrics', pattern: 'steady', steady: true, replicas: 1, pool: null,
    containers: [c('kube-state-metrics', 'registry.k8s.io/kube-state-metrics/kube-state-metrics:v2.14.0', res(0.1, 0.2, 190 * M, 250 * M), flatCpu(0.03), flatMem(95 * M))] }),
  w({ namespace: 'monitoring', kind: 'StatefulSet', name: 'loki', pattern: 'growth', replicas: 1, pool: null,
    volume: { name: 'storage', capacityBytes: 50 * G, usedAtStartBytes: 18 * G, growthBytesPerDay: 0.85 * G },
    containers: [c('loki', 'grafana/loki:3.3.0', res(0.5, 1, 1 * G, 2 * G), web(0.25, { diurnal: 0.3 }), sawMem(620 * M, 240 * M, 3))] }),
  w({ namespace: 'monitoring', kind: 'DaemonSet', name: 'promtail', pattern: 'web', replicas: 1, pool: null,
    containers: [c('promtail', 'grafana/promtail:3.3.0', res(0.05, 0.2, 128 * M, 256 * M), web(0.03, { diurnal: 0.3 }), flatMem(70 * M))] }),

  // kube-system
  w({ namespace: 'kube-system', kind: 'Deployment', name: 'coredns', pattern: 'web', replicas: 2, pool: null,
    containers: [c('coredns', 'registry.k8s.io/coredns/coredns:v1.11.3', res(0.1, null, 70 * M, 170 * M), web(0.02), flatMem(32 * M))] }),
  w({ namespace: 'kube-system', kind: 'DaemonSet', name: 'aws-node', pattern: 'steady', steady: true, replicas: 1, pool: null,
    containers: [c('aws-node', 'amazon-k8s-cni:v1.19.0', res(0.025, null, null, null), flatCpu(0.004), flatMem(45 * M)), c('aws-eks-nodeagent', 'aws-network-policy-agent:v1.1.5', res(0.025, null, null, null), flatCpu(0.002), flatMem(30 * M))] }),
  w({ namespace: 'kube-system', kind: 'DaemonSet', name: 'kube-proxy', pattern: 'steady', steady: true, replicas: 1, pool: null,
    containers: [c('kube-proxy', 'kube-proxy:v1.31.2-eksbuild.3', res(0.1, null, null, null), flatCpu(0.003), flatMem(22 * M))] }),
  w({ namespace: 'kube-system', kind: 'DaemonSet', name: 'ebs-csi-node', pattern: 'steady', steady: true, replicas: 1, pool: null,
    containers: [c('ebs-plugin', 'aws-ebs-csi-driver:v1.37.0', res(0.01, null, 40 * M, 256 * M), flatCpu(0.001), flatMem(20 * M)), c('node-driver-registrar', 'csi-node-driver-registrar:v2.12.0', res(0.01, null, 40 * M, 256 * M), flatCpu(0.0005), flatMem(9 * M)), c('liveness-probe', 'livenessprobe:v2.14.0', res(0.01, null, 40 * M, 256 * M), flatCpu(0.0005), flatMem(10 * M))] }),
  w({ namespace: 'kube-system', kind: 'Deployment', name: 'cluster-autoscaler', pattern: 'idle', replicas: 1, pool: null,
    containers: [c('cluster-autoscaler', 'registry.k8s.io/autoscaling/cluster-autoscaler:v1.31.0', res(0.5, 1, 600 * M, 600 * M), flatCpu(0.015), flatMem(75 * M))] }),
  w({ namespace: 'kube-system', kind: 'Deployment', name: 'metrics-server', pattern: 'steady', steady: true, replicas: 1, pool: null,
    containers: [c('metrics-server', 'registry.k8s.io/metrics-server/metrics-server:v0.7.2', res(0.1, null, 200 * M, null), flatCpu(0.01), flatMem(38 * M))] }),
  w({ namespace: 'kube-system', kind: 'Deployment', name: 'aws-load-balancer-controller', pattern: 'idle', replicas: 2, pool: null,
    containers: [c('controller', 'aws-load-balancer-controller:v2.10.1', res(0.1, 0.2, 200 * M, 500 * M), flatCpu(0.003), flatMem(40 * M))] }),

  // data: streams, batch and the under-provisioned and OOM-killed workloads.
  w({ namespace: 'data', kind: 'StatefulSet', name: 'kafka', pattern: 'sawtooth', replicas: 3, pool: 'r5.xlarge',
    volume: { name: 'data', capacityBytes: 500 * G, usedAtStartBytes: 150 * G, growthBytesPerDay: 6 * G },
    containers: [c('kafka', 'bitnami/kafka:3.8.1', res(0.5, null, 3 * G, 4 * G), web(0.35, { diurnal: 0.3 }), sawMem(2.1 * G, 0.6 * G, 8))] }),
  w({ namespace: 'data', kind: 'StatefulSet', name: 'zookeeper', pattern: 'steady', steady: true, replicas: 3, pool: null,
    containers: [c('zookeeper', 'bitnami/zookeeper:3.9.3', res(0.25, 0.5, 512 * M, 1 * G), flatCpu(0.02), flatMem(230 * M))] }),
  w({ namespace: 'data', kind: 'CronJob', name: 'etl-nightly', pattern: 'batch', replicas: 1, pool: 'c5.2xlarge', cron: { everyHours: 24, offsetMinutes: 120, durationMinutes: 75 },
    containers: [c('etl', 'data/etl:2026.11.1', res(2, 4, 4 * G, 6 * G), flatCpu(3.1, { noise: 0.12 }), { kind: 'batch', baseBytes: 3.8 * G, noise: 0.03 })] }),
  w({ namespace: 'data', kind: 'CronJob', name: 'report-builder', pattern: 'batch', replicas: 1, pool: null, cron: { everyHours: 6, offsetMinutes: 30, durationMinutes: 20 },
    containers: [c('builder', 'data/reports:1.4.2', res(0.5, 1, 1 * G, 2 * G), flatCpu(0.8, { noise: 0.15 }), { kind: 'batch', baseBytes: 900 * M, noise: 0.03 })] }),
  w({ namespace: 'data', kind: 'Deployment', name: 'warehouse-loader', pattern: 'throttled', replicas: 1, pool: null,
    containers: [c('loader', 'data/loader:0.9.8', res(0.25, 0.5, 512 * M, 1 * G), web(0.52, { diurnal: 0.25, weekendDip: 0.1, growthPerDay: 0, noise: 0.12 }), flatMem(330 * M))] }),
  w({ namespace: 'data', kind: 'Deployment', name: 'stream-processor', pattern: 'hpa', replicas: 2, pool: 'm5.2xlarge', hpa: { minReplicas: 2, maxReplicas: 8, cpuTargetUtilizationPercent: 75 },
    containers: [c('processor', 'data/stream:3.3.0', res(0.5, 1.5, 1 * G, 2 * G), web(1.9, { diurnal: 0.5, growthPerDay: 0.01 }), sawMem(620 * M, 200 * M, 1))] }),
  w({ namespace: 'data', kind: 'Deployment', name: 'analytics-api', pattern: 'oom', replicas: 2, pool: null,
    containers: [c('api', 'data/analytics-api:1.17.0', res(0.2, 1, 512 * M, 768 * M), web(0.12), { kind: 'leak', baseBytes: 300 * M, leakBytesPerHour: 7.5 * M, noise: 0.01 })] }),

  // ml: over-provisioned idle services, spiky training, a bare pod and the two-day-old workload.
  w({ namespace: 'ml', kind: 'Deployment', name: 'model-server', pattern: 'idle', replicas: 2, pool: 'm5.2xlarge',
    containers: [c('server', 'ml/model-server:0.8.1', res(2, 4, 6 * G, 8 * G), web(0.12, { growthPerDay: 0 }), flatMem(2.2 * G, 0.005))] }),
  w({ namespace: 'ml', kind: 'Deployment', name: 'feature-store', pattern: 'idle', replicas: 1, pool: null,
    containers: [c('feature-store', 'ml/feature-store:2.0.3', res(1, 2, 2 * G, 4 * G), flatCpu(0.04), flatMem(310 * M))] }),
  w({ namespace: 'ml', kind: 'CronJob', name: 'training', pattern: 'batch', replicas: 1, pool: 'c5.2xlarge', cron: { everyHours: 24, offsetMinutes: 240, durationMinutes: 150 },
    containers: [c('trainer', 'ml/trainer:5.5.0', res(3, 6, 6 * G, 10 * G), flatCpu(4.2, { noise: 0.2, burstsPerDay: 20, burstMultiplier: 1.4, burstMinutes: 5 }), { kind: 'batch', baseBytes: 7.1 * G, noise: 0.02 })] }),
  w({ namespace: 'ml', kind: 'Pod', name: 'notebook-ana', pattern: 'bare-pod', replicas: 1, pool: null,
    containers: [c('notebook', 'jupyter/scipy-notebook:2024-10-07', res(0.5, 2, 1 * G, 4 * G), web(0.1, { burstsPerDay: 2, burstMultiplier: 10, burstMinutes: 30, weekendDip: 0.9, growthPerDay: 0 }), sawMem(900 * M, 700 * M, 24))] }),
  w({ namespace: 'ml', kind: 'Deployment', name: 'embeddings-api', pattern: 'new', replicas: 2, pool: null, createdDaysBeforeEnd: 2,
    containers: [c('embeddings', 'ml/embeddings:0.1.0', res(1, 2, 2 * G, 3 * G), web(0.42, { growthPerDay: 0 }), flatMem(1.3 * G))] }),
  w({ namespace: 'ml', kind: 'Deployment', name: 'labeling-ui', pattern: 'web', replicas: 1, pool: null,
    containers: [c('ui', 'ml/labeling-ui:1.2.2', res(0.1, 0.5, 256 * M, 512 * M), web(0.04, { weekendDip: 0.8 }), flatMem(120 * M))] }),

  // auth
  w({ namespace: 'auth', kind: 'Deployment', name: 'auth', pattern: 'web', replicas: 2, pool: null, rollouts: { everyDays: 10, phaseDays: 6.7 },
    containers: [c('auth', 'auth/server:3.8.0', res(0.25, 0.5, 256 * M, 512 * M), web(0.11), flatMem(160 * M)), envoy(0.02)] }),
  w({ namespace: 'auth', kind: 'StatefulSet', name: 'session-store', pattern: 'steady', steady: true, replicas: 1, pool: 'r5.xlarge',
    containers: [c('redis', 'redis:7.4.1', res(0.2, 0.5, 512 * M, 1 * G), flatCpu(0.04), flatMem(380 * M))] }),
  w({ namespace: 'auth', kind: 'Deployment', name: 'admin-portal', pattern: 'idle', replicas: 2, pool: null,
    containers: [c('portal', 'auth/admin-portal:0.19.4', res(0.5, 1, 1 * G, 1 * G), web(0.01, { weekendDip: 0.9 }), flatMem(190 * M))] }),
  w({ namespace: 'auth', kind: 'CronJob', name: 'key-rotation', pattern: 'batch', replicas: 1, pool: null, cron: { everyHours: 24, offsetMinutes: 180, durationMinutes: 6 },
    containers: [c('rotate', 'auth/rotate:1.0.1', res(0.1, 0.2, 64 * M, 128 * M), flatCpu(0.15), { kind: 'batch', baseBytes: 40 * M, noise: 0.02 })] }),
  w({ namespace: 'auth', kind: 'Job', name: 'db-migrate-0042', pattern: 'batch', replicas: 1, pool: null, createdDaysBeforeEnd: 11.2, runMinutes: 9,
    containers: [c('migrate', 'auth/migrate:0042', res(0.2, 0.5, 128 * M, 256 * M), flatCpu(0.3), { kind: 'batch', baseBytes: 90 * M, noise: 0.02 })] }),
];
