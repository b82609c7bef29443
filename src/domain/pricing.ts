/**
 * A cloud price list: on-demand, Reserved Instance and Savings Plan rates per region and
 * instance type, with the instance shape. The bundled list (src/pricing) is a dated estimate;
 * `--pricing FILE` replaces it (format in DESIGN.md). Models price with these types only.
 */
import type { CommitmentPayment, CommitmentTerm } from './commitment.js';

export interface ReservedRate {
  term: CommitmentTerm;
  payment: CommitmentPayment;
  /** Paid once per instance at purchase. */
  upfrontUsd: number;
  /** Charged every hour of the term per instance, used or not. */
  hourlyUsd: number;
}

/** Compute Savings Plan rate for one instance-hour of this type under the given term and payment. */
export interface SavingsPlanRate {
  term: CommitmentTerm;
  payment: CommitmentPayment;
  /** $ of commitment one instance-hour consumes. */
  hourlyRateUsd: number;
}

export interface InstancePrice {
  region: string;
  instanceType: string;
  onDemandHourlyUsd: number;
  reserved: ReservedRate[];
  savingsPlans: SavingsPlanRate[];
  /** Shape, when known (the bundled list always has it). */
  vcpu: number | null;
  memoryGiB: number | null;
}

export interface PriceList {
  currency: string;
  /** Date the rates were taken (YYYY-MM-DD), when known. */
  date: string | null;
  /** Human label, e.g. `bundled estimate of AWS list prices, 2026-11-01 (Linux, shared tenancy)`. */
  label: string;
  instances: InstancePrice[];
}

/** EC2 size → normalisation factor (AWS size flexibility: small = 1, medium = 2, large = 4, …). */
export const sizeNormalizationFactors: Readonly<Record<string, number>> = {
  nano: 0.25, micro: 0.5, small: 1, medium: 2, large: 4, xlarge: 8,
  '2xlarge': 16, '3xlarge': 24, '4xlarge': 32, '6xlarge': 48, '8xlarge': 64, '9xlarge': 72,
  '10xlarge': 80, '12xlarge': 96, '16xlarge': 128, '18xlarge': 144, '24xlarge': 192, '32xlarge': 256, '48xlarge': 384,
};

/** Splits `m5.xlarge` into family `m5` and size `xlarge`; null when it is not of that form. */
export function splitInstanceType(instanceType: string): { family: string; size: string } | null {
  const m = /^([a-z0-9-]+)\.([a-z0-9]+)$/.exec(instanceType);
  return m ? { family: m[1]!, size: m[2]! } : null;
}

/** Normalised units of one instance of this type; null for unknown sizes (`metal`, …). */
export function normalizationFactor(instanceType: string): number | null {
  const parts = splitInstanceType(instanceType);
  return parts ? sizeNormalizationFactors[parts.size] ?? null : null;
}
