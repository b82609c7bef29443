/**
 * JSON: exactly the DESIGN.md contract — an array of rightsize objects, `null` where unset. On a
 * multi-cluster backend (`result.clusters`) each object starts with its `cluster`: the same
 * namespace and workload can exist in several clusters.
 */
import { toRightsizeRecord, type RightsizeResult } from '../../domain/recommendation.js';
import { sortBySavings } from './order.js';

export function formatRightsizeJson(result: RightsizeResult): string {
  const records = sortBySavings(result.recommendations).map((rec) => (result.clusters ? { cluster: rec.ref.cluster, ...toRightsizeRecord(rec) } : toRightsizeRecord(rec)));
  return JSON.stringify(records, null, 2) + '\n';
}
