/** Every sentence the allocation model puts in front of people, in one place (tests assert against these). */

import { formatMoney } from '../../domain/money.js';

export const allocationMessages = {
  spotAtListPrice: 'no bill imported: spot nodes are priced at the on-demand list price; import a bill to price them at what was paid',
  nodesNotOnBill: (nodes: string[]) => `${nodes.length} node(s) ran but no bill line names or fits them (${nodes.slice(0, 3).join(', ')}${nodes.length > 3 ? ', …' : ''}): their containers cost nothing here`,
  billedNodesNotRunning: (cost: number, currency = 'USD') => `${formatMoney(cost, currency)} of node lines name nodes that collected usage does not show running in those hours: counted as unallocated`,
  containersOnUnknownNodes: (containerHours: number) => `${Math.round(containerHours)} container-hour(s) ran on nodes the store has no node data for: not priced`,
  reasons: {
    'not-kubernetes': 'not Kubernetes spend',
    'instances-outside-cluster': 'instances of the cluster\'s types that ran outside it',
    'storage-not-pvc': 'storage that is no PVC (root volumes, snapshots, detached volumes)',
    'node-not-running': 'node lines for hours the node did not run in collected usage',
  } as const,
  /** "Reconciled: allocations $a + idle $i + unallocated $u = bill $t (to the cent)", in the bill's currency. */
  reconciliation: (allocated: number, idle: number, unallocated: number, total: number, fromBill: boolean, currency = 'USD') => {
    const m = (x: number) => formatMoney(x, currency);
    return `Reconciled: allocations ${m(allocated)} + idle ${m(idle)} + unallocated ${m(unallocated)} = ${fromBill ? 'the bill\'s' : 'the price list\'s'} ${m(total)} (to the cent)`;
  },
};
