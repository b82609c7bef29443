/**
 * HPAs collected from Prometheus stand in for a Kubernetes inventory: with none given, the
 * collection's HPAs set CPU requests to p95 ÷ target; a given inventory wins.
 */
import { describe, expect, it } from 'vitest';
import { inventoryFromCollectedHpas, resolveRightsizeSettings, runRightsizeModel } from '../../../src/app/rightsize.js';
import type { WorkloadUsageCollection } from '../../../src/domain/usage.js';
import type { WorkloadInventoryItem } from '../../../src/domain/workload.js';
import { validateConfig } from '../../../src/config/index.js';
import { endMs, makeRef, makeSummary } from './fixtures.js';

const summary = makeSummary({ ref: makeRef('checkout'), cpuP95Cores: 0.7 });
const usage: WorkloadUsageCollection = {
  cluster: 'test', windowStartMs: summary.windowStartMs, windowEndMs: endMs, summaries: [summary], histories: [], nodes: [], volumes: [], clusterSeries: [],
  hpas: [{ cluster: 'test', namespace: 'shop', workloadKind: 'Deployment', workload: 'checkout', hpaName: 'checkout-hpa', hpa: { minReplicas: 2, maxReplicas: 10, cpuTargetUtilizationPercent: 70, memoryTargetUtilizationPercent: null } }],
  stats: { queries: 0, bytesReceived: 0, prometheusSeconds: 0 }, warnings: [],
};
const resolved = resolveRightsizeSettings(validateConfig({}).rightsizing);

describe('rightsizing with HPAs from the usage collection', () => {
  it('builds one inventory item per HPA with its spec, the containers and replicas from usage', () => {
    const [item, ...rest] = inventoryFromCollectedHpas(usage);
    expect(rest).toEqual([]);
    expect(item).toMatchObject({ namespace: 'shop', workloadKind: 'Deployment', workload: 'checkout', replicas: 2, hasVpa: false, hpa: { minReplicas: 2, maxReplicas: 10, cpuTargetUtilizationPercent: 70 } });
    expect(item!.containers).toEqual([{ name: 'checkout', resources: summary.current }]);
  });

  it('sets the CPU request to p95 ÷ the HPA target when no Kubernetes inventory is given', () => {
    const [rec] = runRightsizeModel({ usage, inventory: [], prices: new Map(), resolved }).recommendations;
    expect(rec!.recommended.cpuRequestCores).toBe(1);
    expect(rec!.reasons.some((r) => r.includes('an HPA scales this workload on CPU at 70 %'))).toBe(true);
  });

  it('lets a given Kubernetes inventory win over the collected HPAs', () => {
    const inventory: WorkloadInventoryItem[] = [{ ...inventoryFromCollectedHpas(usage)[0]!, hpa: null }];
    const [rec] = runRightsizeModel({ usage, inventory, prices: new Map(), resolved }).recommendations;
    expect(rec!.reasons.some((r) => r.includes('HPA'))).toBe(false);
    expect(rec!.recommended.cpuRequestCores).not.toBe(1);
  });
});
