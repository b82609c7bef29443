// The embedded DuckDB store: schema migrations, transactional writes, and one repository file per table group.
export { Store, type StoreQueries, type SqlParam, type Row } from './store.js';
export { saveUsageCollection, loadLatestUsageSummaries, loadUsageSummaries, usageSnapshotId, latestSnapshotWith, earliestSnapshotEndMs, type UsageSnapshotMeta } from './usage-repo.js';
export { saveNodes, saveInventory, loadLatestNodes, loadLatestInventory } from './inventory-repo.js';
export { saveNodeUsage, loadNodeUsage, loadLatestNodeUsage } from './node-usage-repo.js';
export { saveUsageHistories, loadUsageHistories } from './usage-history-repo.js';
export { saveWorkloadHpas, loadWorkloadHpas } from './hpa-repo.js';
