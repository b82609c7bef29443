/** The order every rightsizing output uses: biggest monthly saving first, no-recommendation last, then by name. */
import type { ContainerRecommendation } from '../../domain/recommendation.js';

export function sortBySavings(recs: readonly ContainerRecommendation[]): ContainerRecommendation[] {
  const key = (r: ContainerRecommendation) => `${r.ref.cluster}/${r.ref.namespace}/${r.ref.workloadKind}/${r.ref.workload}/${r.ref.container}`;
  return [...recs].sort((a, b) => {
    const sa = a.monthlySavingsUsd ?? Number.NEGATIVE_INFINITY;
    const sb = b.monthlySavingsUsd ?? Number.NEGATIVE_INFINITY;
    if (sa !== sb) return sb - sa;
    const ka = key(a);
    const kb = key(b);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
}
