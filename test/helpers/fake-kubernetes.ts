/**
 * A local Kubernetes API server for tests (no real API server can run here): plain HTTP on
 * 127.0.0.1, answering list endpoints (`/api/v1/pods`, `/apis/apps/v1/deployments`, …) with JSON
 * shaped like the real API — `kind: XList`, `metadata.continue` paging through `limit`/`continue`
 * query parameters — and failures as `kind: Status` objects (401, 403, 404, 410). It writes a
 * kubeconfig pointing at itself with a bearer token, and records every request.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';

export interface FakeKubernetesOptions {
  /** Objects per list path, e.g. `{ '/api/v1/pods': [pod, …] }`. Paths absent answer 404. */
  objects: Record<string, object[]>;
  /** Status failures per path (`{ '/apis/apps/v1/deployments': 403 }`). */
  failures?: Record<string, 401 | 403 | 404 | 410 | 500>;
  /** Paths whose first continue token expires (410), forcing the client to restart the list. */
  expireFirstContinue?: string[];
  /** Bearer token the server accepts. Default `test-token`. */
  token?: string;
  /** Token written into the kubeconfig. Default: the accepted one (set another to test 401). */
  clientToken?: string;
}

export interface FakeKubernetes {
  url: string;
  kubeconfigPath: string;
  requests: { path: string; limit: string | null; continueToken: string | null; authorization: string | undefined }[];
  stop(): Promise<void>;
}

const reasons: Record<number, string> = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'NotFound', 410: 'Expired', 500: 'InternalError' };

function status(res: ServerResponse, code: number, message: string): void {
  res.writeHead(code, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: reasons[code], code }));
}

/** `/apis/apps/v1/deployments` → `DeploymentList`; `/apis/autoscaling.k8s.io/v1/verticalpodautoscalers` → `VerticalPodAutoscalerList`. */
function listKind(path: string, items: object[]): string {
  const first = items[0] as { kind?: string } | undefined;
  if (first?.kind) return `${first.kind}List`;
  const plural = path.split('/').pop() ?? 'Object';
  return `${plural[0]!.toUpperCase()}${plural.slice(1).replace(/ies$/, 'y').replace(/ses$/, 's').replace(/s$/, '')}List`;
}

function apiVersionOf(path: string): string {
  if (path.startsWith('/api/v1/')) return 'v1';
  const [, , group, version] = path.split('/');
  return `${group}/${version}`;
}

export async function startFakeKubernetes(options: FakeKubernetesOptions): Promise<FakeKubernetes> {
  const token = options.token ?? 'test-token';
  const requests: FakeKubernetes['requests'] = [];
  const expired = new Set<string>();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname;
    const limit = url.searchParams.get('limit');
    const continueToken = url.searchParams.get('continue');
    requests.push({ path, limit, continueToken, authorization: req.headers.authorization });
    if (req.headers.authorization !== `Bearer ${token}`) return status(res, 401, 'Unauthorized');
    const failure = options.failures?.[path];
    if (failure) return status(res, failure, failure === 403 ? `${path.split('/').pop()} is forbidden: User "system:serviceaccount:headroom:collector" cannot list resource "${path.split('/').pop()}" at the cluster scope` : `${reasons[failure]}`);
    const items = options.objects[path];
    if (!items) return status(res, 404, 'the server could not find the requested resource');
    let offset = 0;
    if (continueToken) {
      if (options.expireFirstContinue?.includes(path) && !expired.has(path)) {
        expired.add(path);
        return status(res, 410, 'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.');
      }
      offset = Number(Buffer.from(continueToken, 'base64').toString('utf8'));
    }
    const pageSize = limit ? Number(limit) : items.length;
    const page = items.slice(offset, offset + pageSize);
    const next = offset + pageSize < items.length ? Buffer.from(String(offset + pageSize)).toString('base64') : undefined;
    const body = {
      kind: listKind(path, items),
      apiVersion: apiVersionOf(path),
      metadata: { resourceVersion: '4242', ...(next ? { continue: next, remainingItemCount: items.length - offset - pageSize } : {}) },
      items: page,
    };
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const dir = await mkdtemp(join(tmpdir(), 'headroom-fake-k8s-'));
  const kubeconfigPath = join(dir, 'kubeconfig.yaml');
  await writeFile(kubeconfigPath, [
    'apiVersion: v1', 'kind: Config', 'current-context: fake',
    // client-node 1.x refuses plain HTTP unless TLS verification is explicitly off for the cluster.
    'clusters:', '- name: fake', '  cluster:', `    server: ${url}`, '    insecure-skip-tls-verify: true',
    'users:', '- name: fake', '  user:', `    token: ${options.clientToken ?? token}`,
    'contexts:', '- name: fake', '  context:', '    cluster: fake', '    user: fake',
    '- name: other', '  context:', '    cluster: fake', '    user: fake',
  ].join('\n'));
  return {
    url,
    kubeconfigPath,
    requests,
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A small cluster in real API shapes: every workload kind, an HPA, a VPA, nodes, a quota, a PVC. */
export function fakeClusterObjects(): Record<string, object[]> {
  const meta = (namespace: string | null, name: string, extra: object = {}) => ({ name, ...(namespace ? { namespace } : {}), uid: `uid-${name}`, resourceVersion: '100', creationTimestamp: '2026-11-01T00:00:00Z', ...extra });
  const container = (name: string, requests: Record<string, string>, limits: Record<string, string> = {}) => ({ name, image: `registry.example/${name}:1.0`, resources: { requests, limits }, terminationMessagePath: '/dev/termination-log', imagePullPolicy: 'IfNotPresent' });
  const template = (containers: object[]) => ({ metadata: { labels: { app: 'x' } }, spec: { containers, restartPolicy: 'Always', dnsPolicy: 'ClusterFirst' } });
  const node = (name: string, type: string, zone: string, capacity: string, cpu: string, memory: string) => ({
    kind: 'Node', apiVersion: 'v1',
    metadata: meta(null, name, { labels: { 'kubernetes.io/hostname': name, 'node.kubernetes.io/instance-type': type, 'topology.kubernetes.io/zone': zone, 'topology.kubernetes.io/region': 'us-east-1', 'eks.amazonaws.com/capacityType': capacity, 'eks.amazonaws.com/nodegroup': `ng-${type.replace('.', '-')}` } }),
    spec: { providerID: `aws:///${zone}/i-0${name}` },
    status: { capacity: { cpu: '4', memory: '16110448Ki', pods: '58' }, allocatable: { cpu, memory, pods: '58' }, conditions: [{ type: 'Ready', status: 'True' }] },
  });
  const pod = (namespace: string, name: string, owner: { kind: string; name: string } | null, containers: object[], phase = 'Running') => ({
    kind: 'Pod', apiVersion: 'v1',
    metadata: meta(namespace, name, owner ? { ownerReferences: [{ apiVersion: owner.kind === 'Job' ? 'batch/v1' : 'apps/v1', kind: owner.kind, name: owner.name, uid: `uid-${owner.name}`, controller: true, blockOwnerDeletion: true }] } : {}),
    spec: { containers, nodeName: 'ip-10-0-1-10' },
    status: { phase, qosClass: 'Burstable' },
  });
  const shopApi = [container('api', { cpu: '500m', memory: '512Mi' }, { cpu: '1', memory: '1Gi' }), container('envoy', { cpu: '100m', memory: '64Mi' })];
  return {
    '/api/v1/namespaces': ['default', 'shop', 'ops', 'kube-system'].map((n) => ({ kind: 'Namespace', apiVersion: 'v1', metadata: meta(null, n), spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } })),
    '/api/v1/nodes': [
      node('ip-10-0-1-10', 'm5.xlarge', 'us-east-1a', 'ON_DEMAND', '3920m', '15153904Ki'),
      node('ip-10-0-2-20', 'c5.2xlarge', 'us-east-1b', 'SPOT', '7910m', '14918436Ki'),
    ],
    '/api/v1/pods': [
      pod('shop', 'api-7d9f8b6c5-abcde', { kind: 'ReplicaSet', name: 'api-7d9f8b6c5' }, shopApi),
      pod('shop', 'api-7d9f8b6c5-fghij', { kind: 'ReplicaSet', name: 'api-7d9f8b6c5' }, shopApi),
      pod('shop', 'db-0', { kind: 'StatefulSet', name: 'db' }, [container('postgres', { cpu: '2', memory: '4Gi' }, { memory: '4Gi' })]),
      pod('ops', 'debug-shell', null, [container('sh', { cpu: '10m', memory: '16Mi' })]),
      pod('ops', 'old-debug', null, [container('sh', {})], 'Succeeded'),
      pod('kube-system', 'coredns-5d78c9869d-q2x7z', { kind: 'ReplicaSet', name: 'coredns-5d78c9869d' }, [container('coredns', { cpu: '100m', memory: '70Mi' }, { memory: '170Mi' })]),
    ],
    '/apis/apps/v1/deployments': [
      { kind: 'Deployment', apiVersion: 'apps/v1', metadata: meta('shop', 'api', { labels: { app: 'api', team: 'checkout' } }), spec: { replicas: 2, selector: { matchLabels: { app: 'api' } }, template: template(shopApi) }, status: { replicas: 2, readyReplicas: 2 } },
      { kind: 'Deployment', apiVersion: 'apps/v1', metadata: meta('kube-system', 'coredns'), spec: { replicas: 2, selector: { matchLabels: { k8s: 'dns' } }, template: template([container('coredns', { cpu: '100m', memory: '70Mi' })]) }, status: { replicas: 2 } },
    ],
    '/apis/apps/v1/statefulsets': [
      { kind: 'StatefulSet', apiVersion: 'apps/v1', metadata: meta('shop', 'db'), spec: { replicas: 1, serviceName: 'db', selector: { matchLabels: { app: 'db' } }, template: template([container('postgres', { cpu: '2', memory: '4Gi' }, { memory: '4Gi' })]) }, status: { replicas: 1 } },
    ],
    '/apis/apps/v1/daemonsets': [
      { kind: 'DaemonSet', apiVersion: 'apps/v1', metadata: meta('ops', 'node-agent'), spec: { selector: { matchLabels: { app: 'agent' } }, template: template([container('agent', { cpu: '50m', memory: '100M' }, { cpu: '200m', memory: '200M' })]) }, status: { desiredNumberScheduled: 2, currentNumberScheduled: 2, numberReady: 2, numberMisscheduled: 0 } },
    ],
    '/apis/batch/v1/cronjobs': [
      { kind: 'CronJob', apiVersion: 'batch/v1', metadata: meta('ops', 'backup'), spec: { schedule: '0 3 * * *', jobTemplate: { spec: { template: template([container('backup', { cpu: '1500m', memory: '2Gi' })]) } } }, status: {} },
    ],
    '/apis/batch/v1/jobs': [
      { kind: 'Job', apiVersion: 'batch/v1', metadata: meta('ops', 'backup-29400000', { ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'backup', uid: 'uid-backup', controller: true }] }), spec: { parallelism: 1, template: template([container('backup', { cpu: '1500m', memory: '2Gi' })]) }, status: { succeeded: 1 } },
      { kind: 'Job', apiVersion: 'batch/v1', metadata: meta('ops', 'migrate-schema'), spec: { parallelism: 3, template: template([container('migrate', { cpu: '250m', memory: '256Mi' })]) }, status: { active: 3 } },
    ],
    '/apis/autoscaling/v2/horizontalpodautoscalers': [
      { kind: 'HorizontalPodAutoscaler', apiVersion: 'autoscaling/v2', metadata: meta('shop', 'api'), spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api' }, minReplicas: 2, maxReplicas: 10, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }, { type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: 80 } } }] }, status: { currentReplicas: 2, desiredReplicas: 2 } },
    ],
    '/apis/autoscaling.k8s.io/v1/verticalpodautoscalers': [
      { kind: 'VerticalPodAutoscaler', apiVersion: 'autoscaling.k8s.io/v1', metadata: meta('shop', 'db-vpa'), spec: { targetRef: { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'db' }, updatePolicy: { updateMode: 'Off' } } },
    ],
    '/api/v1/resourcequotas': [
      { kind: 'ResourceQuota', apiVersion: 'v1', metadata: meta('shop', 'compute'), spec: { hard: { 'requests.cpu': '8', 'requests.memory': '16Gi', pods: '20' } }, status: { hard: { 'requests.cpu': '8', 'requests.memory': '16Gi', pods: '20' }, used: { 'requests.cpu': '3200m', 'requests.memory': '5248Mi', pods: '3' } } },
    ],
    '/api/v1/persistentvolumeclaims': [
      { kind: 'PersistentVolumeClaim', apiVersion: 'v1', metadata: meta('shop', 'data-db-0'), spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'gp3', resources: { requests: { storage: '100Gi' } }, volumeMode: 'Filesystem', volumeName: 'pvc-123' }, status: { phase: 'Bound', accessModes: ['ReadWriteOnce'], capacity: { storage: '100Gi' } } },
    ],
  };
}
