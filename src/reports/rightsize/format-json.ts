/**
 * JSON: the DESIGN.md contract — an array of rightsize objects, `null` where unset — plus every
 * field the table and CSV show. On a multi-cluster backend (`result.clusters`) each object starts
 * with its `cluster`: the same namespace and workload can exist in several clusters.
 */
import { toRightsizeOutputRecord, type RightsizeResult } from '../../domain/recommendation.js';
import { sortBySavings } from './order.js';

export function formatRightsizeJson(result: RightsizeResult): string {
  const records = sortBySavings(result.recommendations).map((rec) => {
    const record = toRightsizeOutputRecord(rec);
    if (!result.clusters) return record;
    const { cluster, ...rest } = record;
    return { cluster, ...rest };
  });
  return JSON.stringify(records, null, 2) + '\n';
}
