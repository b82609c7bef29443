// Usage and inventory repositories against a real DuckDB store.
import { describe, expect, it } from 'vitest';
import { Store } from '../../src/store/index.js';
import { loadLatestUsageSummaries, loadUsageSummaries, saveUsageCollection, usageSnapshotId } from '../../src/store/usage-repo.js';
import { loadUsageHistories } from '../../src/store/usage-history-repo.js';
import { loadWorkloadHpas } from '../../src/store/hpa-repo.js';
import { loadLatestInventory, loadLatestNodes } from '../../src/store/inventory-repo.js';
import { generateSampleCluster } from '../../src/sample/index.js';

const sample = generateSampleCluster({ days: 2 });
const snapshotId = usageSnapshotId('sample', sample.cluster, sample.startMs, sample.endMs);

describe('the usage and inventory repositories', () => {
  it('store a collection with its nodes and inventory and load the same figures back', async () => {
    const store = await Store.open(':memory:');
    const saved = await store.transaction((tx) => saveUsageCollection(tx, { snapshotId, source: 'sample', collectedAtMs: sample.endMs }, sample.usage, sample.inventory));
    expect(saved).toEqual({
      summaries: sample.usage.summaries.length, nodes: sample.nodes.length, workloads: sample.inventory.length,
      nodeUsage: 0, histories: sample.usage.histories.length, hpas: sample.usage.hpas!.length,
    });
    // Hourly histories (NaN where no pod ran) and HPAs come back exactly.
    const histories = await loadUsageHistories(store, snapshotId);
    const historyKey = (h: { ref: { namespace: string; workloadKind: string; workload: string; container: string } }) => `${h.ref.namespace}/${h.ref.workloadKind}/${h.ref.workload}/${h.ref.container}`;
    expect(histories.map(historyKey)).toEqual(sample.usage.histories.map(historyKey).sort());
    const historyByKey = new Map(sample.usage.histories.map((h) => [historyKey(h), h]));
    for (const h of histories) expect(h).toEqual(historyByKey.get(historyKey(h)));
    expect(histories.some((h) => h.cpuMeanCores.some(Number.isNaN))).toBe(true);
    expect(sample.usage.hpas!.length).toBeGreaterThan(0);
    expect(await loadWorkloadHpas(store, snapshotId)).toEqual([...sample.usage.hpas!].sort((x, y) => `${x.namespace}/${x.hpaName}`.localeCompare(`${y.namespace}/${y.hpaName}`)));

    const summaries = await loadLatestUsageSummaries(store);
    expect(summaries).toHaveLength(sample.usage.summaries.length);
    const key = (s: { ref: { namespace: string; workloadKind: string; workload: string; container: string } }) => `${s.ref.namespace}/${s.ref.workloadKind}/${s.ref.workload}/${s.ref.container}`;
    const byKey = new Map(sample.usage.summaries.map((s) => [key(s), s]));
    for (const s of summaries) {
      const original = byKey.get(key(s))!;
      expect(s).toEqual(original);
    }
    const nodes = await loadLatestNodes(store, 'sample');
    expect(nodes).toEqual([...sample.nodes].sort((a, b) => a.node.localeCompare(b.node)));
    const inventory = await loadLatestInventory(store);
    expect(inventory).toHaveLength(sample.inventory.length);
    const checkout = inventory.find((w) => w.workload === 'checkout')!;
    expect(checkout).toEqual(sample.inventory.find((w) => w.workload === 'checkout'));
    await store.close();
  });

  it('replaces a snapshot saved again under the same id instead of duplicating it', async () => {
    const store = await Store.open(':memory:');
    for (let i = 0; i < 2; i++) await store.transaction((tx) => saveUsageCollection(tx, { snapshotId, source: 'sample', collectedAtMs: sample.endMs + i }, sample.usage, sample.inventory));
    const counts = await store.all<{ n: number }>('SELECT (SELECT count(*) FROM snapshots) AS s, (SELECT count(*) FROM usage_snapshots) AS n, (SELECT count(*) FROM container_usage_history) AS h, (SELECT count(*) FROM workload_hpas) AS a');
    expect(counts[0]).toEqual({ s: 1, n: sample.usage.summaries.length, h: sample.usage.histories.length, a: sample.usage.hpas!.length });
    await store.close();
  });

  it('leaves the earlier snapshot intact when a save fails halfway', async () => {
    const store = await Store.open(':memory:');
    await store.transaction((tx) => saveUsageCollection(tx, { snapshotId, source: 'sample', collectedAtMs: sample.endMs }, sample.usage, sample.inventory));
    const broken = { ...sample.usage, nodes: [{ ...sample.nodes[0]!, instanceType: null as unknown as string }] };
    await expect(store.transaction((tx) => saveUsageCollection(tx, { snapshotId, source: 'sample', collectedAtMs: sample.endMs + 1 }, broken, sample.inventory))).rejects.toThrow();
    expect(await loadUsageSummaries(store, snapshotId)).toHaveLength(sample.usage.summaries.length);
    expect(await loadLatestNodes(store)).toHaveLength(sample.nodes.length);
    await store.close();
  });

  it('loads the newest window, of the requested cluster, and nothing when the store is empty', async () => {
    const store = await Store.open(':memory:');
    expect(await loadLatestUsageSummaries(store)).toEqual([]);
    expect(await loadLatestInventory(store)).toEqual([]);
    const older = generateSampleCluster({ days: 1, endMs: sample.endMs - 86_400_000, cluster: 'other' });
    await store.transaction(async (tx) => {
      await saveUsageCollection(tx, { snapshotId, source: 'sample', collectedAtMs: sample.endMs }, sample.usage, sample.inventory);
      await saveUsageCollection(tx, { snapshotId: usageSnapshotId('sample', 'other', older.startMs, older.endMs), source: 'sample', collectedAtMs: older.endMs }, older.usage);
    });
    expect((await loadLatestUsageSummaries(store))[0]!.windowEndMs).toBe(sample.endMs);
    const other = await loadLatestUsageSummaries(store, 'other');
    expect(other[0]!.ref.cluster).toBe('other');
    expect(other[0]!.windowEndMs).toBe(older.endMs);
    // The other cluster's snapshot had no inventory: the latest inventory is the sample's.
    expect((await loadLatestInventory(store, 'other'))).toEqual([]);
    await store.close();
  });
});
