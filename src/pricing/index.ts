// Price lists: the bundled, dated estimate and `--pricing FILE` overrides, with lookups by region and instance type.
export { loadPriceList, parsePriceList, findInstancePrice, findInstanceShape, bundledPriceListUrl } from './load-price-list.js';
export { priceListFileSchema, type PriceListFile } from './price-list-schema.js';
export type { PriceList, InstancePrice, ReservedRate, SavingsPlanRate } from '../domain/pricing.js';
