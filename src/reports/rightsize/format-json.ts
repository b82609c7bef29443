/** JSON: the DESIGN.md contract — an array of rightsize objects, `null` where unset — plus every field the table and CSV show. */
import { toRightsizeOutputRecord, type RightsizeResult } from '../../domain/recommendation.js';
import { sortBySavings } from './order.js';

export function formatRightsizeJson(result: RightsizeResult): string {
  return JSON.stringify(sortBySavings(result.recommendations).map(toRightsizeOutputRecord), null, 2) + '\n';
}
