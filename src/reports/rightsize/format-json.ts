/** JSON: exactly the DESIGN.md contract — an array of rightsize objects, `null` where unset. */
import { toRightsizeRecord, type RightsizeResult } from '../../domain/recommendation.js';
import { sortBySavings } from './order.js';

export function formatRightsizeJson(result: RightsizeResult): string {
  return JSON.stringify(sortBySavings(result.recommendations).map(toRightsizeRecord), null, 2) + '\n';
}
