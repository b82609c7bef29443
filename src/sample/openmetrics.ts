/**
 * Streams the sample as OpenMetrics for `promtool tsdb create-blocks-from openmetrics`: the series
 * cAdvisor, kube-state-metrics, the kubelet and node-exporter would have produced, with their real
 * metric and label names (src/domain/conventions.ts). Families are contiguous, each series' samples
 * in time order, timestamps in seconds, last line `# EOF`. A series exists only while its object
 * (pod, ReplicaSet, Job, node) lives. Each job (kubelet, kube-state-metrics, node-exporter) is
 * scraped at its own interval (scrape-intervals.ts), as in a real cluster.
 *
 * Memory stays bounded: series are regenerated family by family from their own random streams
 * (usage-model.ts) and written one series at a time, honouring the stream's backpressure.
 */
import type { Writable } from 'node:stream';
import { writeChunk } from './write-chunk.js';
import { kubeStateMetricsLabelName, sourceJobs, sourceLabels as L, sourceMetrics as M } from '../domain/conventions.js';
import { sampleNamespaceLabels } from './catalogue.js';
import { GIB_BYTES, MIB_BYTES } from '../domain/units.js';
import { InputError } from '../domain/errors.js';
import type { SampleCluster } from './types.js';
import { sampleModelOf, type SampleModel } from './generate.js';
import { generateContainerSeries, volumeUsedBytesAt, type ContainerSeries } from './usage-model.js';
import type { PodPlan } from './timeline.js';
import { RandomStream } from './prng.js';
import { defaultScrapeIntervalPreset, resolveScrapeStrides, scrapeJobOfFamily, type SampleScrapeJob, type ScrapeIntervalPreset, type ScrapeIntervals } from './scrape-intervals.js';

export interface OpenMetricsOptions {
  /** Write only the last `days` of the sample (default: all of it). */
  days?: number;
  /** Write every n-th sample so that samples are `stepSeconds` apart; a multiple of the sample's step (default: the sample's step). */
  stepSeconds?: number;
  /** Only these metric names (as in conventions.ts, e.g. `container_cpu_usage_seconds_total`); default all. */
  families?: string[];
  /** Only pods, owners, PVCs and workload series of these namespaces (node series are always written); default all. */
  namespaces?: string[];
  /**
   * Seconds between scrapes per job (`kubelet`, `kube-state-metrics`, `node-exporter`), or a preset
   * (scrape-intervals.ts); default `kube-prometheus`. Each job's samples are `stepSeconds` multiples apart.
   */
  scrapeIntervals?: ScrapeIntervals | ScrapeIntervalPreset;
  /** Labels added to every series, e.g. `{ cluster: 'sample' }` for multi-cluster backends. */
  externalLabels?: Record<string, string>;
  /** Called after each family with the families written so far and their total. */
  onProgress?: (familiesDone: number, familiesTotal: number) => void;
}

export interface OpenMetricsStats {
  families: number;
  series: number;
  samples: number;
  bytes: number;
}

/** Metric names the writer can emit, in output order. */
export const openMetricsFamilies = [
  M.containerCpuUsageSecondsTotal, M.containerMemoryWorkingSetBytes, M.containerCpuCfsPeriodsTotal, M.containerCpuCfsThrottledPeriodsTotal,
  M.kubePodInfo, M.kubePodLabels, M.kubePodOwner, M.kubeReplicasetOwner, M.kubeJobOwner, M.kubeNamespaceLabels,
  M.kubePodContainerResourceRequests, M.kubePodContainerResourceLimits, M.kubePodContainerStatusRestartsTotal, M.kubePodContainerStatusLastTerminatedReason,
  M.kubeDeploymentSpecReplicas, M.kubeDeploymentStatusReplicas,
  'kube_horizontalpodautoscaler_info', M.kubeHpaSpecMinReplicas, M.kubeHpaSpecMaxReplicas, M.kubeHpaSpecTargetMetric, M.kubeHpaStatusCurrentReplicas,
  M.kubeNodeInfo, M.kubeNodeLabels, M.kubeNodeStatusCapacity, M.kubeNodeStatusAllocatable,
  M.kubePersistentVolumeClaimInfo, 'kube_persistentvolumeclaim_resource_requests_storage_bytes',
  M.kubeletVolumeStatsCapacityBytes, M.kubeletVolumeStatsUsedBytes, M.kubeletVolumeStatsAvailableBytes,
  M.nodeCpuSecondsTotal, M.nodeMemoryMemTotalBytes, M.nodeMemoryMemAvailableBytes, M.nodeFilesystemSizeBytes, M.nodeFilesystemAvailBytes,
  M.up,
] as const;

const counters = new Set<string>([M.containerCpuUsageSecondsTotal, M.containerCpuCfsPeriodsTotal, M.containerCpuCfsThrottledPeriodsTotal, M.kubePodContainerStatusRestartsTotal, M.nodeCpuSecondsTotal]);

const CHUNK_BYTES = 1 << 22;
const PAUSE_IMAGE = '602401143452.dkr.ecr.us-east-1.amazonaws.com/eks/pause:3.10';
const PAUSE_CPU_CORES = 0.00002;
const PAUSE_MEMORY_BYTES = 430_080;
const NODE_FS_BYTES = 80 * GIB_BYTES;
const KSM_INSTANCE = '10.0.1.5:8080';
const NODE_CPU_MODES: [string, number][] = [['iowait', 0.03], ['softirq', 0.02], ['steal', 0.03], ['system', 0.2], ['user', 0.72]];

function escapeLabel(v: string): string {
  return v.replace(/[\\"\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`));
}

/**
 * Buffered writer over a stream, one series at a time. Lines are assembled as bytes (label prefix
 * copied, numbers written digit by digit) because number-to-string conversion and string
 * concatenation would otherwise dominate; the stream's backpressure is honoured between series.
 */
class SeriesWriter {
  private buf = Buffer.allocUnsafe(CHUNK_BYTES);
  private off = 0;
  private pending: Buffer[] = [];
  bytes = 0;
  series = 0;
  samples = 0;
  /** Per step, ` <seconds>\n` as bytes (all the same length in this era). */
  private readonly ts: Uint8Array;
  private readonly tsLen: number;
  readonly from: number;
  /** Grid steps between this series' samples: the scrape interval of the job being written. */
  private stride = 1;
  readonly to: number;
  readonly extra: string;

  constructor(private readonly out: Writable, startSeconds: number, stepSeconds: number, steps: number, from: number, private readonly strides: Map<SampleScrapeJob, number>, externalLabels: Record<string, string>) {
    this.tsLen = ` ${startSeconds + (steps - 1) * stepSeconds}\n`.length;
    this.ts = new Uint8Array(steps * this.tsLen);
    for (let k = 0; k < steps; k++) {
      const line = ` ${startSeconds + k * stepSeconds}\n`.padStart(this.tsLen, ' ');
      for (let j = 0; j < this.tsLen; j++) this.ts[k * this.tsLen + j] = line.charCodeAt(j);
    }
    this.from = from;
    this.to = steps;
    this.extra = Object.entries(externalLabels).map(([k, v]) => `,${k}="${escapeLabel(v)}"`).join('');
  }

  /** Series written next are scraped by `job`, at its interval. */
  useJob(job: SampleScrapeJob): void {
    this.stride = this.strides.get(job)!;
  }

  /** `name{labels} ` with labels in the given order plus the external labels. */
  prefix(name: string, labels: [string, string][]): string {
    return `${name}{${labels.map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(',')}${this.extra}} `;
  }

  private first(startStep: number): number {
    const s = Math.max(startStep, this.from);
    const r = (s - this.from) % this.stride;
    return r === 0 ? s : s + this.stride - r;
  }

  private ensure(n: number): void {
    if (this.off + n <= this.buf.length) return;
    if (this.off > 0) this.pending.push(this.buf.subarray(0, this.off));
    this.buf = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, n));
    this.off = 0;
  }

  line(s: string): void {
    const bytes = Buffer.from(s, 'utf8');
    this.ensure(bytes.length);
    this.buf.set(bytes, this.off);
    this.off += bytes.length;
  }

  /** Writes a non-negative integer below 2^53. */
  private writeUint(n: number): void {
    const buf = this.buf;
    if (n < 10) {
      buf[this.off++] = 48 + n;
      return;
    }
    let len = 1;
    for (let p = 10; p <= n; p *= 10) len++;
    let at = this.off + len - 1;
    while (n >= 10) {
      const q = Math.floor(n / 10);
      buf[at--] = 48 + (n - q * 10);
      n = q;
    }
    buf[at] = 48 + n;
    this.off += len;
  }

  /**
   * Writes a number so that Prometheus parses back exactly the same double: integers and values
   * with up to 6 decimals digit by digit, anything else through JavaScript's shortest round-trip form.
   */
  private writeNumber(v: number): void {
    if (v >= 0 && v < 9e15) {
      if (Number.isInteger(v)) {
        this.writeUint(v);
        return;
      }
      const micro = Math.round(v * 1e6);
      if (micro / 1e6 === v && micro < 9e15) {
        const ip = Math.floor(micro / 1e6);
        let frac = micro - ip * 1e6;
        this.writeUint(ip);
        let digits = 6;
        while (frac % 10 === 0) {
          frac /= 10;
          digits--;
        }
        const buf = this.buf;
        buf[this.off++] = 46; // '.'
        for (let at = this.off + digits - 1; at >= this.off; at--) {
          const q = Math.floor(frac / 10);
          buf[at] = 48 + (frac - q * 10);
          frac = q;
        }
        this.off += digits;
        return;
      }
    }
    this.off += this.buf.write(String(v), this.off, 'latin1');
  }

  private sample(prefix: Uint8Array, value: number, k: number): void {
    this.ensure(prefix.length + 32 + this.tsLen);
    this.buf.set(prefix, this.off);
    this.off += prefix.length;
    this.writeNumber(value);
    const buf = this.buf;
    const base = k * this.tsLen;
    for (let j = 0; j < this.tsLen; j++) buf[this.off + j] = this.ts[base + j]!;
    this.off += this.tsLen;
    this.samples++;
  }

  /** A series whose value at step k is values[k − offset], for k in [startStep, endStep). */
  array(prefix: string, values: Float64Array, offset: number, startStep: number, endStep: number): void {
    const end = Math.min(endStep, this.to);
    let k = this.first(startStep);
    if (k >= end) return;
    this.series++;
    const p = Buffer.from(prefix, 'utf8');
    for (; k < end; k += this.stride) this.sample(p, values[k - offset]!, k);
  }

  /** A series with one value for k in [startStep, endStep). */
  constant(prefix: string, value: number, startStep: number, endStep: number): void {
    const end = Math.min(endStep, this.to);
    let k = this.first(startStep);
    if (k >= end) return;
    this.series++;
    // Prefix and value are the same on every line: copy them as one block.
    const head = Buffer.from(prefix + value, 'utf8');
    const tsLen = this.tsLen;
    for (; k < end; k += this.stride) {
      this.ensure(head.length + tsLen);
      const buf = this.buf;
      buf.set(head, this.off);
      this.off += head.length;
      const base = k * tsLen;
      for (let j = 0; j < tsLen; j++) buf[this.off + j] = this.ts[base + j]!;
      this.off += tsLen;
      this.samples++;
    }
  }

  /** A series whose value is computed per step. */
  computed(prefix: string, startStep: number, endStep: number, valueAt: (k: number) => number): void {
    const end = Math.min(endStep, this.to);
    let k = this.first(startStep);
    if (k >= end) return;
    this.series++;
    const p = Buffer.from(prefix, 'utf8');
    for (; k < end; k += this.stride) this.sample(p, valueAt(k), k);
  }

  async flush(force = false): Promise<void> {
    if (!force && this.off < CHUNK_BYTES / 2 && this.pending.length === 0) return;
    if (this.off > 0) {
      this.pending.push(this.buf.subarray(0, this.off));
      this.buf = Buffer.allocUnsafe(CHUNK_BYTES);
      this.off = 0;
    }
    const chunks = this.pending;
    this.pending = [];
    for (const chunk of chunks) {
      this.bytes += chunk.length;
      await writeChunk(this.out, chunk);
    }
  }
}

type FamilyWriter = (w: SeriesWriter, m: SampleModel) => Promise<void>;

const quantize = (v: number, per: number) => Math.round(v * per) / per;

function podSeriesOf(m: SampleModel, pod: PodPlan): ContainerSeries[] {
  const wl = m.workloads[pod.workloadIndex]!;
  return wl.containers.map((c) => generateContainerSeries(m.grid, wl, c, pod, m.timeline.hpaReplicas.get(pod.workloadIndex) ?? null));
}

function cadvisorLabels(m: SampleModel, pod: PodPlan, container: string, image: string | null): [string, string][] {
  const wl = m.workloads[pod.workloadIndex]!;
  const node = m.timeline.nodes[pod.nodeIndex]!;
  const labels: [string, string][] = [[L.container, container]];
  if (image !== null) labels.push(['image', image]);
  labels.push([L.instance, `${node.internalIp}:10250`], [L.job, sourceJobs.cadvisor], ['metrics_path', '/metrics/cadvisor'], [L.namespace, wl.namespace], [L.node, node.info.node], [L.pod, pod.pod]);
  return labels;
}

function ksmLabels(...labels: [string, string][]): [string, string][] {
  return [...labels, [L.instance, KSM_INSTANCE], [L.job, sourceJobs.kubeStateMetrics]];
}

const podIndex = new WeakMap<PodPlan[], PodPlan[][]>();

/** The pods of one workload (indexed once per pod list: benchmarks have 100 k pods). */
function podsOfWorkload(m: SampleModel, workloadIndex: number): PodPlan[] {
  let index = podIndex.get(m.timeline.pods);
  if (!index) {
    index = m.workloads.map(() => []);
    for (const p of m.timeline.pods) index[p.workloadIndex]!.push(p);
    podIndex.set(m.timeline.pods, index);
  }
  return index[workloadIndex]!;
}

/** Per-step count of a workload's live pods. */
function podsPerStep(m: SampleModel, workloadIndex: number): Float64Array {
  const out = new Float64Array(m.grid.steps + 1);
  for (const p of podsOfWorkload(m, workloadIndex)) {
    out[p.startStep]! += 1;
    out[p.endStep]! -= 1;
  }
  let acc = 0;
  for (let k = 0; k <= m.grid.steps; k++) out[k] = acc += out[k]!;
  return out;
}

function workloadOwner(m: SampleModel, pod: PodPlan): [string, string] {
  const wl = m.workloads[pod.workloadIndex]!;
  if (wl.kind === 'Deployment') return ['ReplicaSet', pod.intermediateOwner!];
  if (wl.kind === 'CronJob' || wl.kind === 'Job') return ['Job', pod.intermediateOwner!];
  if (wl.kind === 'Pod') return ['<none>', '<none>'];
  return [wl.kind, wl.name];
}

const families: Record<string, FamilyWriter> = {
  async [M.containerCpuUsageSecondsTotal](w, m) {
    for (const pod of m.timeline.pods) {
      await w.flush();
      const wl = m.workloads[pod.workloadIndex]!;
      const series = podSeriesOf(m, pod);
      const n = pod.endStep - pod.startStep;
      const podTotal = new Float64Array(n);
      const pause = new Float64Array(n);
      let acc = 0;
      for (let i = 0; i < n; i++) {
        let used = PAUSE_CPU_CORES;
        for (const s of series) used += s.cpuCores[i]!;
        acc += used * m.grid.stepSeconds;
        podTotal[i] = quantize(acc, 1e6);
        pause[i] = quantize((i + 1) * PAUSE_CPU_CORES * m.grid.stepSeconds, 1e6);
      }
      w.array(w.prefix(M.containerCpuUsageSecondsTotal, cadvisorLabels(m, pod, '', null)), podTotal, pod.startStep, pod.startStep, pod.endStep);
      w.array(w.prefix(M.containerCpuUsageSecondsTotal, cadvisorLabels(m, pod, 'POD', PAUSE_IMAGE)), pause, pod.startStep, pod.startStep, pod.endStep);
      for (const [ci, c] of wl.containers.entries()) w.array(w.prefix(M.containerCpuUsageSecondsTotal, cadvisorLabels(m, pod, c.name, c.image)), series[ci]!.cpuCounter, pod.startStep, pod.startStep, pod.endStep);
      await w.flush();
    }
  },
  async [M.containerMemoryWorkingSetBytes](w, m) {
    for (const pod of m.timeline.pods) {
      await w.flush();
      const wl = m.workloads[pod.workloadIndex]!;
      const series = podSeriesOf(m, pod);
      const n = pod.endStep - pod.startStep;
      const podTotal = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        let mem = PAUSE_MEMORY_BYTES;
        for (const s of series) mem += s.memoryBytes[i]!;
        podTotal[i] = mem;
      }
      w.array(w.prefix(M.containerMemoryWorkingSetBytes, cadvisorLabels(m, pod, '', null)), podTotal, pod.startStep, pod.startStep, pod.endStep);
      w.constant(w.prefix(M.containerMemoryWorkingSetBytes, cadvisorLabels(m, pod, 'POD', PAUSE_IMAGE)), PAUSE_MEMORY_BYTES, pod.startStep, pod.endStep);
      for (const [ci, c] of wl.containers.entries()) w.array(w.prefix(M.containerMemoryWorkingSetBytes, cadvisorLabels(m, pod, c.name, c.image)), series[ci]!.memoryBytes, pod.startStep, pod.startStep, pod.endStep);
      await w.flush();
    }
  },
  async [M.containerCpuCfsPeriodsTotal](w, m) {
    await writeCfs(w, m, 'periods');
  },
  async [M.containerCpuCfsThrottledPeriodsTotal](w, m) {
    await writeCfs(w, m, 'throttled');
  },
  async [M.kubePodInfo](w, m) {
    for (const pod of m.timeline.pods) {
      await w.flush();
      const wl = m.workloads[pod.workloadIndex]!;
      const node = m.timeline.nodes[pod.nodeIndex]!;
      const [kind, name] = workloadOwner(m, pod);
      w.constant(w.prefix(M.kubePodInfo, ksmLabels([L.namespace, wl.namespace], [L.pod, pod.pod], ['uid', pod.uid], ['host_ip', node.internalIp], ['pod_ip', pod.podIp], [L.node, node.info.node],
        ['created_by_kind', kind], ['created_by_name', name], ['priority_class', wl.namespace === 'kube-system' ? 'system-node-critical' : ''], ['host_network', 'false'])), 1, pod.startStep, pod.endStep);
    }
    await w.flush();
  },
  async [M.kubePodLabels](w, m) {
    for (const pod of m.timeline.pods) {
      await w.flush();
      const wl = m.workloads[pod.workloadIndex]!;
      const labels = Object.entries(wl.labels).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]): [string, string] => [kubeStateMetricsLabelName(k), v]);
      w.constant(w.prefix(M.kubePodLabels, ksmLabels([L.namespace, wl.namespace], [L.pod, pod.pod], ['uid', pod.uid], ...labels)), 1, pod.startStep, pod.endStep);
    }
    await w.flush();
  },
  async [M.kubeNamespaceLabels](w, m) {
    for (const namespace of [...new Set(m.workloads.map((x) => x.namespace))].sort()) {
      await w.flush();
      const labels = Object.entries(sampleNamespaceLabels[namespace] ?? {}).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]): [string, string] => [kubeStateMetricsLabelName(k), v]);
      w.constant(w.prefix(M.kubeNamespaceLabels, ksmLabels([L.namespace, namespace], ...labels)), 1, 0, m.grid.steps);
    }
    await w.flush();
  },
  async [M.kubePodOwner](w, m) {
    for (const pod of m.timeline.pods) {
      await w.flush();
      const wl = m.workloads[pod.workloadIndex]!;
      const [kind, name] = workloadOwner(m, pod);
      w.constant(w.prefix(M.kubePodOwner, ksmLabels([L.namespace, wl.namespace], [L.pod, pod.pod], ['uid', pod.uid], [L.ownerKind, kind], [L.ownerName, name], ['owner_is_controller', kind === '<none>' ? '<none>' : 'true'])), 1, pod.startStep, pod.endStep);
    }
    await w.flush();
  },
  async [M.kubeReplicasetOwner](w, m) {
    for (const rs of m.timeline.replicaSets) {
      await w.flush();
      const wl = m.workloads[rs.workloadIndex]!;
      w.constant(w.prefix(M.kubeReplicasetOwner, ksmLabels([L.namespace, wl.namespace], [L.replicaset, rs.name], [L.ownerKind, 'Deployment'], [L.ownerName, wl.name], ['owner_is_controller', 'true'])), 1, rs.startStep, rs.endStep);
    }
    await w.flush();
  },
  async [M.kubeJobOwner](w, m) {
    for (const job of m.timeline.jobs) {
      await w.flush();
      const wl = m.workloads[job.workloadIndex]!;
      const cron = wl.kind === 'CronJob';
      w.constant(w.prefix(M.kubeJobOwner, ksmLabels([L.namespace, wl.namespace], ['job_name', job.name], [L.ownerKind, cron ? 'CronJob' : '<none>'], [L.ownerName, cron ? wl.name : '<none>'], ['owner_is_controller', cron ? 'true' : '<none>'])), 1, job.startStep, job.endStep);
    }
    await w.flush();
  },
  async [M.kubePodContainerResourceRequests](w, m) {
    await writeResources(w, m, 'requests');
  },
  async [M.kubePodContainerResourceLimits](w, m) {
    await writeResources(w, m, 'limits');
  },
  async [M.kubePodContainerStatusRestartsTotal](w, m) {
    for (const pod of m.timeline.pods) {
      await w.flush();
      const wl = m.workloads[pod.workloadIndex]!;
      const hasLimit = wl.containers.some((c) => c.resources.memoryLimitBytes !== null);
      const series = hasLimit ? podSeriesOf(m, pod) : null;
      wl.containers.forEach((c, ci) => {
        const prefix = w.prefix(M.kubePodContainerStatusRestartsTotal, ksmLabels([L.namespace, wl.namespace], [L.pod, pod.pod], ['uid', pod.uid], [L.container, c.name]));
        if (series && series[ci]!.oomKills > 0) w.array(prefix, series[ci]!.restarts, pod.startStep, pod.startStep, pod.endStep);
        else w.constant(prefix, 0, pod.startStep, pod.endStep);
      });
      await w.flush();
    }
  },
  async [M.kubePodContainerStatusLastTerminatedReason](w, m) {
    for (const pod of m.timeline.pods) {
      await w.flush();
      const wl = m.workloads[pod.workloadIndex]!;
      if (!wl.containers.some((c) => c.resources.memoryLimitBytes !== null)) continue;
      const series = podSeriesOf(m, pod);
      wl.containers.forEach((c, ci) => {
        const s = series[ci]!;
        if (s.firstOomIndex < 0) return;
        // Visible from the restart after the first kill until the pod goes away.
        w.constant(w.prefix(M.kubePodContainerStatusLastTerminatedReason, ksmLabels([L.namespace, wl.namespace], [L.pod, pod.pod], ['uid', pod.uid], [L.container, c.name], [L.reason, 'OOMKilled'])), 1, pod.startStep + s.firstOomIndex + 1, pod.endStep);
      });
    }
    await w.flush();
  },
  async [M.kubeDeploymentSpecReplicas](w, m) {
    for (const [wi, wl] of m.workloads.entries()) {
      await w.flush();
      if (wl.kind !== 'Deployment') continue;
      const hpa = m.timeline.hpaReplicas.get(wi);
      const start = firstStepOf(m, wi);
      const prefix = w.prefix(M.kubeDeploymentSpecReplicas, ksmLabels([L.namespace, wl.namespace], ['deployment', wl.name]));
      if (hpa) w.computed(prefix, start, m.grid.steps, (k) => hpa[k]!);
      else w.constant(prefix, wl.replicas, start, m.grid.steps);
    }
    await w.flush();
  },
  async [M.kubeDeploymentStatusReplicas](w, m) {
    for (const [wi, wl] of m.workloads.entries()) {
      await w.flush();
      if (wl.kind !== 'Deployment') continue;
      const pods = podsPerStep(m, wi);
      w.array(w.prefix(M.kubeDeploymentStatusReplicas, ksmLabels([L.namespace, wl.namespace], ['deployment', wl.name])), pods, 0, firstStepOf(m, wi), m.grid.steps);
      await w.flush();
    }
  },
  async kube_horizontalpodautoscaler_info(w, m) {
    for (const [wi, wl] of hpaWorkloads(m)) {
      await w.flush();
      w.constant(w.prefix('kube_horizontalpodautoscaler_info', ksmLabels([L.namespace, wl.namespace], ['horizontalpodautoscaler', wl.name], ['scaletargetref_api_version', 'apps/v1'], ['scaletargetref_kind', wl.kind], ['scaletargetref_name', wl.name])), 1, firstStepOf(m, wi), m.grid.steps);
    }
    await w.flush();
  },
  async [M.kubeHpaSpecMinReplicas](w, m) {
    for (const [wi, wl] of hpaWorkloads(m)) {
      await w.flush();
      w.constant(w.prefix(M.kubeHpaSpecMinReplicas, ksmLabels([L.namespace, wl.namespace], ['horizontalpodautoscaler', wl.name])), wl.hpa!.minReplicas, firstStepOf(m, wi), m.grid.steps);
    }
    await w.flush();
  },
  async [M.kubeHpaSpecMaxReplicas](w, m) {
    for (const [wi, wl] of hpaWorkloads(m)) {
      await w.flush();
      w.constant(w.prefix(M.kubeHpaSpecMaxReplicas, ksmLabels([L.namespace, wl.namespace], ['horizontalpodautoscaler', wl.name])), wl.hpa!.maxReplicas, firstStepOf(m, wi), m.grid.steps);
    }
    await w.flush();
  },
  async [M.kubeHpaSpecTargetMetric](w, m) {
    for (const [wi, wl] of hpaWorkloads(m)) {
      await w.flush();
      w.constant(w.prefix(M.kubeHpaSpecTargetMetric, ksmLabels([L.namespace, wl.namespace], ['horizontalpodautoscaler', wl.name], ['metric_name', 'cpu'], ['metric_target_type', 'utilization'])), wl.hpa!.cpuTargetUtilizationPercent, firstStepOf(m, wi), m.grid.steps);
    }
    await w.flush();
  },
  async [M.kubeHpaStatusCurrentReplicas](w, m) {
    for (const [wi, wl] of hpaWorkloads(m)) {
      await w.flush();
      const r = m.timeline.hpaReplicas.get(wi)!;
      w.computed(w.prefix(M.kubeHpaStatusCurrentReplicas, ksmLabels([L.namespace, wl.namespace], ['horizontalpodautoscaler', wl.name])), firstStepOf(m, wi), m.grid.steps, (k) => r[k]!);
    }
    await w.flush();
  },
  async [M.kubeNodeInfo](w, m) {
    for (const n of m.timeline.nodes) {
      await w.flush();
      w.constant(w.prefix(M.kubeNodeInfo, ksmLabels([L.node, n.info.node], ['container_runtime_version', 'containerd://1.7.23'], ['internal_ip', n.internalIp], ['kernel_version', '6.1.115-126.197.amzn2023.x86_64'],
        ['kubelet_version', 'v1.31.2-eks-94953ac'], ['os_image', 'Amazon Linux 2023.6.20241121'], ['provider_id', `aws:///${n.info.zone}/${n.instanceId}`])), 1, n.startStep, m.grid.steps);
    }
    await w.flush();
  },
  async [M.kubeNodeLabels](w, m) {
    for (const n of m.timeline.nodes) {
      await w.flush();
      const spot = n.info.capacityType === 'spot';
      w.constant(w.prefix(M.kubeNodeLabels, ksmLabels([L.node, n.info.node], [L.eksCapacityType, spot ? 'SPOT' : 'ON_DEMAND'], [L.nodePool, n.info.nodePool], [L.capacityType, spot ? 'spot' : 'on-demand'],
        ['label_kubernetes_io_arch', 'amd64'], ['label_kubernetes_io_os', 'linux'], [L.instanceType, n.info.instanceType], [L.region, n.info.region], [L.zone, n.info.zone])), 1, n.startStep, m.grid.steps);
    }
    await w.flush();
  },
  async [M.kubeNodeStatusCapacity](w, m) {
    for (const n of m.timeline.nodes) {
      await w.flush();
      w.constant(w.prefix(M.kubeNodeStatusCapacity, ksmLabels([L.node, n.info.node], [L.resource, 'cpu'], [L.unit, 'core'])), n.cpuCores, n.startStep, m.grid.steps);
      w.constant(w.prefix(M.kubeNodeStatusCapacity, ksmLabels([L.node, n.info.node], [L.resource, 'memory'], [L.unit, 'byte'])), Math.round(n.memoryBytes * 0.97), n.startStep, m.grid.steps);
      w.constant(w.prefix(M.kubeNodeStatusCapacity, ksmLabels([L.node, n.info.node], [L.resource, 'pods'], [L.unit, 'integer'])), n.cpuCores > 4 ? 58 : 29, n.startStep, m.grid.steps);
    }
    await w.flush();
  },
  async [M.kubeNodeStatusAllocatable](w, m) {
    for (const n of m.timeline.nodes) {
      await w.flush();
      w.constant(w.prefix(M.kubeNodeStatusAllocatable, ksmLabels([L.node, n.info.node], [L.resource, 'cpu'], [L.unit, 'core'])), n.info.allocatableCpuCores, n.startStep, m.grid.steps);
      w.constant(w.prefix(M.kubeNodeStatusAllocatable, ksmLabels([L.node, n.info.node], [L.resource, 'memory'], [L.unit, 'byte'])), n.info.allocatableMemoryBytes, n.startStep, m.grid.steps);
      w.constant(w.prefix(M.kubeNodeStatusAllocatable, ksmLabels([L.node, n.info.node], [L.resource, 'pods'], [L.unit, 'integer'])), n.cpuCores > 4 ? 58 : 29, n.startStep, m.grid.steps);
    }
    await w.flush();
  },
  async [M.kubePersistentVolumeClaimInfo](w, m) {
    for (const v of m.volumes) {
      await w.flush();
      w.constant(w.prefix(M.kubePersistentVolumeClaimInfo, ksmLabels([L.namespace, v.namespace], [L.persistentVolumeClaim, v.persistentVolumeClaim], ['storageclass', 'gp3'], ['volumename', v.volumeName])), 1, 0, m.grid.steps);
    }
    await w.flush();
  },
  async kube_persistentvolumeclaim_resource_requests_storage_bytes(w, m) {
    for (const v of m.volumes) {
      await w.flush();
      w.constant(w.prefix('kube_persistentvolumeclaim_resource_requests_storage_bytes', ksmLabels([L.namespace, v.namespace], [L.persistentVolumeClaim, v.persistentVolumeClaim])), v.capacityBytes, 0, m.grid.steps);
    }
    await w.flush();
  },
  async [M.kubeletVolumeStatsCapacityBytes](w, m) {
    await writeVolumeStats(w, m, M.kubeletVolumeStatsCapacityBytes, (v) => v.capacityBytes);
  },
  async [M.kubeletVolumeStatsUsedBytes](w, m) {
    await writeVolumeStats(w, m, M.kubeletVolumeStatsUsedBytes, (v, tMs) => volumeUsedBytesAt(v.spec, v.replica, tMs, m.grid.endMs));
  },
  async [M.kubeletVolumeStatsAvailableBytes](w, m) {
    await writeVolumeStats(w, m, M.kubeletVolumeStatsAvailableBytes, (v, tMs) => v.capacityBytes - volumeUsedBytesAt(v.spec, v.replica, tMs, m.grid.endMs));
  },
  async [M.nodeCpuSecondsTotal](w, m) {
    for (const n of m.timeline.nodes) {
      await w.flush();
      const busy = m.nodeCpuCores[n.index]!;
      const rng = RandomStream.for(m.grid.seed, `node-cpu/${n.index}`);
      const skew = Array.from({ length: n.cpuCores }, (_, c) => (c === 0 ? 1.15 : 1) * (0.95 + 0.1 * rng.next()));
      const skewSum = skew.reduce((a, b) => a + b, 0);
      for (let cpu = 0; cpu < n.cpuCores; cpu++) {
        const share = skew[cpu]! / skewSum;
        const perMode = NODE_CPU_MODES.map(() => new Float64Array(m.grid.steps - n.startStep));
        const idle = new Float64Array(m.grid.steps - n.startStep);
        const acc = new Float64Array(NODE_CPU_MODES.length + 1);
        for (let k = n.startStep; k < m.grid.steps; k++) {
          // The kubelet, runtime and kernel use ~4 % of a core per CPU besides the pods.
          const b = Math.min(1, busy[k]! * share + 0.04);
          NODE_CPU_MODES.forEach(([, f], i) => {
            acc[i]! += b * f * m.grid.stepSeconds;
            perMode[i]![k - n.startStep] = quantize(acc[i]!, 100);
          });
          acc[NODE_CPU_MODES.length]! += (1 - b) * m.grid.stepSeconds;
          idle[k - n.startStep] = quantize(acc[NODE_CPU_MODES.length]!, 100);
        }
        const labels = (mode: string): [string, string][] => [['cpu', String(cpu)], [L.instance, n.info.node], [L.job, sourceJobs.nodeExporter], ['mode', mode]];
        w.array(w.prefix(M.nodeCpuSecondsTotal, labels('idle')), idle, n.startStep, n.startStep, m.grid.steps);
        for (const [i, [mode]] of NODE_CPU_MODES.entries()) w.array(w.prefix(M.nodeCpuSecondsTotal, labels(mode)), perMode[i]!, n.startStep, n.startStep, m.grid.steps);
        await w.flush();
      }
    }
  },
  async [M.nodeMemoryMemTotalBytes](w, m) {
    for (const n of m.timeline.nodes) {
      await w.flush();
      w.constant(w.prefix(M.nodeMemoryMemTotalBytes, [[L.instance, n.info.node], [L.job, sourceJobs.nodeExporter]]), Math.round(n.memoryBytes * 0.97), n.startStep, m.grid.steps);
    }
    await w.flush();
  },
  async [M.nodeMemoryMemAvailableBytes](w, m) {
    for (const n of m.timeline.nodes) {
      await w.flush();
      const mem = m.nodeMemoryBytes[n.index]!;
      const total = Math.round(n.memoryBytes * 0.97);
      w.computed(w.prefix(M.nodeMemoryMemAvailableBytes, [[L.instance, n.info.node], [L.job, sourceJobs.nodeExporter]]), n.startStep, m.grid.steps, (k) => Math.max(0, total - mem[k]! - 600 * MIB_BYTES));
      await w.flush();
    }
  },
  async [M.nodeFilesystemSizeBytes](w, m) {
    for (const n of m.timeline.nodes) {
      await w.flush();
      w.constant(w.prefix(M.nodeFilesystemSizeBytes, fsLabels(n.info.node)), NODE_FS_BYTES, n.startStep, m.grid.steps);
    }
    await w.flush();
  },
  async [M.nodeFilesystemAvailBytes](w, m) {
    const stepsPerDay = 86_400 / m.grid.stepSeconds;
    for (const n of m.timeline.nodes) {
      await w.flush();
      // Images and logs: 14 GiB at boot, +0.3 GiB/day, log rotation trims a day's growth nightly.
      w.computed(w.prefix(M.nodeFilesystemAvailBytes, fsLabels(n.info.node)), n.startStep, m.grid.steps,
        (k) => NODE_FS_BYTES - Math.round((14 + 0.3 * ((k - n.startStep) / stepsPerDay) * 0.5 + 0.3 * ((k % stepsPerDay) / stepsPerDay)) * GIB_BYTES / 4096) * 4096);
      await w.flush();
    }
  },
  async [M.up](w, m) {
    for (const n of m.timeline.nodes) {
      await w.flush();
      w.useJob(sourceJobs.cadvisor);
      w.constant(w.prefix(M.up, [[L.instance, `${n.internalIp}:10250`], [L.job, sourceJobs.cadvisor], ['metrics_path', '/metrics/cadvisor'], [L.node, n.info.node]]), 1, n.startStep, m.grid.steps);
      w.useJob(sourceJobs.nodeExporter);
      w.constant(w.prefix(M.up, [[L.instance, n.info.node], [L.job, sourceJobs.nodeExporter]]), 1, n.startStep, m.grid.steps);
    }
    w.useJob(sourceJobs.kubeStateMetrics);
    w.constant(w.prefix(M.up, [[L.instance, KSM_INSTANCE], [L.job, sourceJobs.kubeStateMetrics]]), 1, 0, m.grid.steps);
    await w.flush();
  },
};

function fsLabels(node: string): [string, string][] {
  return [['device', '/dev/nvme0n1p1'], ['fstype', 'xfs'], [L.instance, node], [L.job, sourceJobs.nodeExporter], ['mountpoint', '/']];
}

function hpaWorkloads(m: SampleModel): [number, SampleModel['workloads'][number]][] {
  return [...m.workloads.entries()].filter(([, wl]) => wl.hpa !== undefined);
}

function firstStepOf(m: SampleModel, workloadIndex: number): number {
  let first = m.grid.steps;
  for (const p of podsOfWorkload(m, workloadIndex)) if (p.startStep < first) first = p.startStep;
  return first;
}

async function writeCfs(w: SeriesWriter, m: SampleModel, which: 'periods' | 'throttled'): Promise<void> {
  const name = which === 'periods' ? M.containerCpuCfsPeriodsTotal : M.containerCpuCfsThrottledPeriodsTotal;
  for (const pod of m.timeline.pods) {
    await w.flush();
    const wl = m.workloads[pod.workloadIndex]!;
    if (!wl.containers.some((c) => c.resources.cpuLimitCores !== null)) continue;
    const series = podSeriesOf(m, pod);
    wl.containers.forEach((c, ci) => {
      const s = series[ci]!;
      const values = which === 'periods' ? s.cfsPeriods : s.cfsThrottledPeriods;
      if (values) w.array(w.prefix(name, cadvisorLabels(m, pod, c.name, c.image)), values, pod.startStep, pod.startStep, pod.endStep);
    });
    await w.flush();
  }
}

async function writeResources(w: SeriesWriter, m: SampleModel, which: 'requests' | 'limits'): Promise<void> {
  const name = which === 'requests' ? M.kubePodContainerResourceRequests : M.kubePodContainerResourceLimits;
  for (const pod of m.timeline.pods) {
    await w.flush();
    const wl = m.workloads[pod.workloadIndex]!;
    const node = m.timeline.nodes[pod.nodeIndex]!;
    for (const c of wl.containers) {
      const cpu = which === 'requests' ? c.resources.cpuRequestCores : c.resources.cpuLimitCores;
      const mem = which === 'requests' ? c.resources.memoryRequestBytes : c.resources.memoryLimitBytes;
      const base: [string, string][] = [[L.namespace, wl.namespace], [L.pod, pod.pod], ['uid', pod.uid], [L.container, c.name], [L.node, node.info.node]];
      if (cpu !== null) w.constant(w.prefix(name, ksmLabels(...base, [L.resource, 'cpu'], [L.unit, 'core'])), cpu, pod.startStep, pod.endStep);
      if (mem !== null) w.constant(w.prefix(name, ksmLabels(...base, [L.resource, 'memory'], [L.unit, 'byte'])), mem, pod.startStep, pod.endStep);
    }
    await w.flush();
  }
}

async function writeVolumeStats(w: SeriesWriter, m: SampleModel, name: string, valueAt: (v: SampleModel['volumes'][number], tMs: number) => number): Promise<void> {
  const stepMs = m.grid.stepSeconds * 1000;
  for (const v of m.volumes) {
    await w.flush();
    // The PVC is mounted on the node of the StatefulSet replica's newest pod.
    const wl = m.workloads[v.workloadIndex]!;
    const pods = podsOfWorkload(m, v.workloadIndex).filter((p) => p.pod === `${wl.name}-${v.replica}`);
    for (const pod of pods) {
      await w.flush();
      const node = m.timeline.nodes[pod.nodeIndex]!;
      w.computed(w.prefix(name, [[L.instance, `${node.internalIp}:10250`], [L.job, sourceJobs.cadvisor], ['metrics_path', '/metrics'], [L.namespace, v.namespace], [L.node, node.info.node], [L.persistentVolumeClaim, v.persistentVolumeClaim]]),
        pod.startStep, pod.endStep, (k) => valueAt(v, m.grid.startMs + k * stepMs));
    }
    await w.flush();
  }
}

/** A view of the model without the objects of other namespaces (their workloads become inert bare pods without pods). */
function scopeToNamespaces(m: SampleModel, namespaces: string[] | undefined): SampleModel {
  if (!namespaces) return m;
  const keep = new Set(namespaces);
  const unknown = namespaces.filter((n) => !m.workloads.some((w) => w.namespace === n));
  if (unknown.length > 0) throw new InputError(`openmetrics namespaces: no namespace ${unknown.join(', ')} in the sample`, { hint: `choose from ${[...new Set(m.workloads.map((w) => w.namespace))].join(', ')}` });
  const inScope = (wi: number) => keep.has(m.workloads[wi]!.namespace);
  return {
    ...m,
    workloads: m.workloads.map((w) => (keep.has(w.namespace) ? w : { ...w, kind: 'Pod' as const, hpa: undefined })),
    timeline: { ...m.timeline, pods: m.timeline.pods.filter((p) => inScope(p.workloadIndex)), replicaSets: m.timeline.replicaSets.filter((r) => inScope(r.workloadIndex)), jobs: m.timeline.jobs.filter((j) => inScope(j.workloadIndex)) },
    volumes: m.volumes.filter((v) => keep.has(v.namespace)),
  };
}

/** Writes the sample (or the last `days` of it) as OpenMetrics to `out`; does not end the stream. */
export async function writeOpenMetrics(sample: SampleCluster, out: Writable, options: OpenMetricsOptions = {}): Promise<OpenMetricsStats> {
  const m = scopeToNamespaces(sampleModelOf(sample), options.namespaces);
  const { grid } = m;
  const sampleDays = Math.round((grid.endMs - grid.startMs) / 86_400_000);
  const days = options.days ?? sampleDays;
  if (!Number.isInteger(days) || days < 1 || days > sampleDays) throw new InputError(`openmetrics days ${days}: expected a whole number from 1 to ${sampleDays} (the sample's length)`, { hint: 'generate a longer sample or pass fewer days' });
  const stepSeconds = options.stepSeconds ?? grid.stepSeconds;
  if (!Number.isInteger(stepSeconds / grid.stepSeconds) || stepSeconds < grid.stepSeconds) {
    throw new InputError(`openmetrics step ${stepSeconds}s: expected a multiple of the sample's ${grid.stepSeconds}s step`, { hint: `pass --step ${grid.stepSeconds}s or a multiple of it` });
  }
  const selected = options.families ?? [...openMetricsFamilies];
  const unknown = selected.filter((f) => !(f in families));
  if (unknown.length > 0) throw new InputError(`openmetrics families: unknown metric ${unknown.join(', ')}`, { hint: `choose from ${openMetricsFamilies.join(', ')}` });
  const from = grid.steps - (days * 86_400) / grid.stepSeconds;
  const strides = new Map([...resolveScrapeStrides(options.scrapeIntervals ?? defaultScrapeIntervalPreset, stepSeconds)].map(([job, n]) => [job, n * (stepSeconds / grid.stepSeconds)]));
  const w = new SeriesWriter(out, grid.startMs / 1000, grid.stepSeconds, grid.steps, from, strides, options.externalLabels ?? {});
  const ordered = openMetricsFamilies.filter((f) => selected.includes(f));
  let done = 0;
  for (const name of ordered) {
    const typeName = counters.has(name) ? name.replace(/_total$/, '') : name;
    w.line(`# TYPE ${typeName} ${counters.has(name) ? 'counter' : 'gauge'}\n`);
    w.useJob(scrapeJobOfFamily(name));
    await families[name]!(w, m);
    await w.flush(true);
    options.onProgress?.(++done, ordered.length);
  }
  w.line('# EOF\n');
  await w.flush(true);
  return { families: ordered.length, series: w.series, samples: w.samples, bytes: w.bytes };
}
