/**
 * The billing layouts Headroom reads, told apart by their columns:
 *
 *   FOCUS 1.0–1.2   BilledCost, EffectiveCost, ChargePeriodStart, …   (AWS, Azure, GCP, OCI)
 *   AWS CUR 2.0     line_item_line_item_type, line_item_unblended_cost, … (snake_case; product and
 *                   resource_tags as maps, or flattened into product_* / resource_tags_* columns)
 *   AWS legacy CUR  lineItem/LineItemType, lineItem/UnblendedCost, …  (category/Name headers)
 *
 * Legacy CUR is read as CUR 2.0: its headers map one to one onto CUR 2.0's snake_case names
 * (an underscore before every capital, so `reservation/ReservationARN` is
 * `reservation_reservation_a_r_n`, as AWS names it), and its `resourceTags/user:k` columns become
 * one `resource_tags` object keyed `user:k`.
 */
export type BillLayout = 'focus' | 'cur-2' | 'cur-legacy';

interface LayoutFacts {
  name: string;
  flag: '--focus' | '--cur';
  markers: string[];
}

export const billLayouts: Record<BillLayout, LayoutFacts> = {
  focus: { name: 'FOCUS 1.0–1.2', flag: '--focus', markers: ['BilledCost', 'EffectiveCost', 'ChargePeriodStart'] },
  'cur-2': { name: 'AWS CUR 2.0', flag: '--cur', markers: ['line_item_line_item_type', 'line_item_unblended_cost', 'line_item_usage_start_date'] },
  'cur-legacy': { name: 'AWS legacy CUR', flag: '--cur', markers: ['lineItem/LineItemType', 'lineItem/UnblendedCost', 'lineItem/UsageStartDate'] },
};

/** The layout whose marker columns are all present, or null. */
export function detectBillLayout(columns: Iterable<string>): BillLayout | null {
  const have = new Set(columns);
  return (Object.keys(billLayouts) as BillLayout[]).find((l) => billLayouts[l].markers.every((c) => have.has(c))) ?? null;
}

/** "FOCUS 1.0–1.2 (BilledCost, EffectiveCost, ChargePeriodStart, …), AWS CUR 2.0 (…), AWS legacy CUR (…)" */
export function describeKnownLayouts(): string {
  return Object.values(billLayouts).map((l) => `${l.name} (${l.markers.join(', ')}, …)`).join('; ');
}

/** True for a legacy CUR header such as `lineItem/UnblendedCost`. */
export const isLegacyCurColumn = (name: string) => /^[a-z][A-Za-z]*\/./.test(name);

/** Prefix of legacy CUR resource tag columns (`resourceTags/user:team`). */
export const legacyCurTagPrefix = 'resourceTags/';

/** `lineItem/UnblendedCost` → `line_item_unblended_cost`; `reservation/ReservationARN` → `reservation_reservation_a_r_n`. */
export function legacyCurColumnName(name: string): string {
  const [category, field] = [name.slice(0, name.indexOf('/')), name.slice(name.indexOf('/') + 1)];
  const snake = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`).replace(/^_/, '').replace(/[^a-z0-9_]/g, '_');
  return `${snake(category)}_${snake(field)}`;
}
