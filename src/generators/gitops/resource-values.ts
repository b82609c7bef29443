/** The `resources` block a recommendation asks for, as quantity text; `null` = remove the key. */
import type { ContainerRecommendation } from '../../domain/recommendation.js';
import { formatCpuQuantity, formatMemoryQuantity } from './quantity.js';

export interface ResourceValues {
  requests: { cpu: string | null; memory: string | null };
  limits: { cpu: string | null; memory: string | null };
}

export function toResourceValues(rec: ContainerRecommendation): ResourceValues {
  const r = rec.recommended;
  return {
    requests: {
      cpu: r.cpuRequestCores === null ? null : formatCpuQuantity(r.cpuRequestCores),
      memory: r.memoryRequestBytes === null ? null : formatMemoryQuantity(r.memoryRequestBytes),
    },
    limits: {
      cpu: r.cpuLimitCores === null ? null : formatCpuQuantity(r.cpuLimitCores),
      memory: r.memoryLimitBytes === null ? null : formatMemoryQuantity(r.memoryLimitBytes),
    },
  };
}
