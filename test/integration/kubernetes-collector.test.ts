import { afterEach, describe, expect, it } from 'vitest';
import { collectKubernetesInventory, loadKubeConfig } from '../../src/collectors/kubernetes/index.js';
import { HeadroomError } from '../../src/domain/errors.js';
import { GIB_BYTES, MIB_BYTES } from '../../src/domain/units.js';
import { fakeClusterObjects, startFakeKubernetes, type FakeKubernetes } from '../helpers/fake-kubernetes.js';

let fake: FakeKubernetes | null = null;
afterEach(async () => {
  await fake?.stop();
  fake = null;
});

async function collect(options: Parameters<typeof startFakeKubernetes>[0], pageLimit = 2) {
  fake = await startFakeKubernetes(options);
  const kc = loadKubeConfig({ kubeconfig: fake.kubeconfigPath });
  return collectKubernetesInventory(kc, { cluster: 'prod', excludeNamespaces: ['kube-system'], pageLimit });
}

describe('Kubernetes collector against a fake API server', () => {
  it('reads every workload kind with its containers, replicas, HPA and VPA, skipping excluded namespaces', async () => {
    const inv = await collect({ objects: fakeClusterObjects() });
    expect(inv.workloads.map((w) => `${w.namespace}/${w.workloadKind}/${w.workload}`)).toEqual([
      'ops/CronJob/backup', 'ops/DaemonSet/node-agent', 'ops/Job/migrate-schema', 'ops/Pod/debug-shell', 'shop/Deployment/api', 'shop/StatefulSet/db',
    ]);
    const api = inv.workloads.find((w) => w.workload === 'api')!;
    expect(api.replicas).toBe(2);
    expect(api.labels.team).toBe('checkout');
    expect(api.containers).toEqual([
      { name: 'api', resources: { cpuRequestCores: 0.5, cpuLimitCores: 1, memoryRequestBytes: 512 * MIB_BYTES, memoryLimitBytes: GIB_BYTES } },
      { name: 'envoy', resources: { cpuRequestCores: 0.1, cpuLimitCores: null, memoryRequestBytes: 64 * MIB_BYTES, memoryLimitBytes: null } },
    ]);
    expect(api.hpa).toEqual({ minReplicas: 2, maxReplicas: 10, cpuTargetUtilizationPercent: 70, memoryTargetUtilizationPercent: 80 });
    expect(api.hasVpa).toBe(false);
    const db = inv.workloads.find((w) => w.workload === 'db')!;
    expect(db.hasVpa).toBe(true);
    expect(db.hpa).toBeNull();
    expect(inv.workloads.find((w) => w.workload === 'node-agent')!.replicas).toBe(2);
    expect(inv.workloads.find((w) => w.workload === 'node-agent')!.containers[0]!.resources.memoryRequestBytes).toBe(100e6);
    expect(inv.workloads.find((w) => w.workload === 'migrate-schema')!.replicas).toBe(3);
    expect(inv.workloads.find((w) => w.workload === 'backup')!.containers[0]!.resources.cpuRequestCores).toBe(1.5);
    expect(inv.warnings).toEqual([]);
  });

  it('reads nodes with instance type, zone, region, capacity type, pool and allocatable', async () => {
    const inv = await collect({ objects: fakeClusterObjects() });
    expect(inv.nodes).toEqual([
      { cluster: 'prod', node: 'ip-10-0-1-10', instanceType: 'm5.xlarge', region: 'us-east-1', zone: 'us-east-1a', capacityType: 'on-demand', allocatableCpuCores: 3.92, allocatableMemoryBytes: 15153904 * 1024, nodePool: 'ng-m5-xlarge' },
      { cluster: 'prod', node: 'ip-10-0-2-20', instanceType: 'c5.2xlarge', region: 'us-east-1', zone: 'us-east-1b', capacityType: 'spot', allocatableCpuCores: 7.91, allocatableMemoryBytes: 14918436 * 1024, nodePool: 'ng-c5-2xlarge' },
    ]);
    expect(inv.namespaces).toEqual(['default', 'ops', 'shop']);
  });

  it('reads ResourceQuotas and PVCs as numbers', async () => {
    const inv = await collect({ objects: fakeClusterObjects() });
    expect(inv.resourceQuotas).toEqual([{ cluster: 'prod', namespace: 'shop', name: 'compute', resources: [
      { resource: 'pods', hard: 20, used: 3 },
      { resource: 'requests.cpu', hard: 8, used: 3.2 },
      { resource: 'requests.memory', hard: 16 * GIB_BYTES, used: 5248 * MIB_BYTES },
    ] }]);
    expect(inv.persistentVolumeClaims).toEqual([{ cluster: 'prod', namespace: 'shop', name: 'data-db-0', storageClass: 'gp3', requestBytes: 100 * GIB_BYTES, capacityBytes: 100 * GIB_BYTES, phase: 'Bound' }]);
  });

  it('pages through lists with limit and continue, sending the bearer token', async () => {
    await collect({ objects: fakeClusterObjects() }, 2);
    const podCalls = fake!.requests.filter((r) => r.path === '/api/v1/pods');
    expect(podCalls.map((r) => [r.limit, r.continueToken !== null])).toEqual([['2', false], ['2', true], ['2', true]]);
    expect(fake!.requests.every((r) => r.authorization === 'Bearer test-token')).toBe(true);
  });

  it('restarts a list whose continue token expired (410) and still gets every object once', async () => {
    const inv = await collect({ objects: fakeClusterObjects(), expireFirstContinue: ['/api/v1/pods'] }, 2);
    expect(inv.workloads.filter((w) => w.workloadKind === 'Pod').map((w) => w.workload)).toEqual(['debug-shell']);
    const podCalls = fake!.requests.filter((r) => r.path === '/api/v1/pods');
    expect(podCalls.filter((r) => r.continueToken === null)).toHaveLength(2);
  });

  it('treats a cluster without the VPA CRD (404) as having no VPAs', async () => {
    const objects = fakeClusterObjects();
    delete objects['/apis/autoscaling.k8s.io/v1/verticalpodautoscalers'];
    const inv = await collect({ objects });
    expect(inv.workloads.every((w) => !w.hasVpa)).toBe(true);
    expect(inv.warnings).toEqual([]);
  });

  it('reports a forbidden optional list (HPAs) as a warning and keeps the rest', async () => {
    const inv = await collect({ objects: fakeClusterObjects(), failures: { '/apis/autoscaling/v2/horizontalpodautoscalers': 403 } });
    expect(inv.workloads).toHaveLength(6);
    expect(inv.warnings).toHaveLength(1);
    expect(inv.warnings[0]).toMatch(/does not allow listing horizontalpodautoscalers \(HTTP 403\)/);
  });

  it('fails with a one-line error naming the fix when a required list is forbidden', async () => {
    const err = await collect({ objects: fakeClusterObjects(), failures: { '/apis/apps/v1/deployments': 403 } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HeadroomError);
    expect((err as HeadroomError).message).toMatch(/^Kubernetes API at http:\/\/127\.0\.0\.1:\d+ does not allow listing deployments \(HTTP 403\)$/);
    expect((err as HeadroomError).hint).toMatch(/ClusterRole/);
  });

  it('fails with a credentials error on 401', async () => {
    const err = await collect({ objects: fakeClusterObjects(), clientToken: 'expired-token' }).catch((e: unknown) => e);
    expect((err as HeadroomError).code).toBe('SOURCE_REJECTED');
    expect((err as HeadroomError).message).toMatch(/refused the credentials \(HTTP 401\)/);
  });

  it('fails when the API server is not reachable', async () => {
    fake = await startFakeKubernetes({ objects: {} });
    const kc = loadKubeConfig({ kubeconfig: fake.kubeconfigPath });
    await fake.stop();
    fake = null;
    const err = await collectKubernetesInventory(kc, { cluster: 'prod' }).catch((e: unknown) => e);
    expect((err as HeadroomError).code).toBe('SOURCE_UNAVAILABLE');
    expect((err as HeadroomError).message).toMatch(/ECONNREFUSED/);
  });

  it('rejects an unknown kubeconfig context by name', async () => {
    fake = await startFakeKubernetes({ objects: {} });
    expect(() => loadKubeConfig({ kubeconfig: fake!.kubeconfigPath, context: 'nope' })).toThrow(/kubeconfig has no context "nope"/);
    expect(loadKubeConfig({ kubeconfig: fake.kubeconfigPath, context: 'other' }).getCurrentContext()).toBe('other');
  });
});
