// Cost allocation (OpenCost's method): node prices from the bill, split per container-hour by max(request, usage), idle and unallocated kept apart, grouped by any key and reconciled to the cent.
export { priceNodes, instanceIdOf, defaultCpuCoreHourUsd, defaultMemoryGibHourUsd, defaultStorageGibMonthUsd, type NodePricingInput, type PricedNodes, type UnallocatedSpend } from './price-nodes.js';
export { createCostAllocator, type AllocationInput, type AllocationSettings, type CostAllocation, type CostAllocator, type ContainerAllocation, type VolumeAllocation, type NodeCost } from './allocate.js';
export { groupAllocation, roundToTotalCents, missingLabelKey, workloadKeyOf, volumesKey, type GroupOptions, type GroupedAllocation } from './group.js';
export { allocationMessages } from './messages.js';
