/** Where a workload kind keeps its pod template's containers, in manifests and in patches. */
import type { WorkloadKind } from '../../domain/workload.js';

export const apiVersionByKind: Record<WorkloadKind, string> = {
  Deployment: 'apps/v1', StatefulSet: 'apps/v1', DaemonSet: 'apps/v1', Job: 'batch/v1', CronJob: 'batch/v1', Pod: 'v1',
};

export function containersPath(kind: string): string[] | null {
  switch (kind) {
    case 'Deployment': case 'StatefulSet': case 'DaemonSet': case 'ReplicaSet': case 'Job':
      return ['spec', 'template', 'spec', 'containers'];
    case 'CronJob':
      return ['spec', 'jobTemplate', 'spec', 'template', 'spec', 'containers'];
    case 'Pod':
      return ['spec', 'containers'];
    default:
      return null;
  }
}
