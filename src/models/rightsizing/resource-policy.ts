/** Floors, rounding and limit policies: the same for every strategy. */
import { MIB_BYTES } from '../../domain/units.js';

export type LimitPolicy = 'none' | 'ratio' | 'guaranteed';

export interface ResourcePolicy {
  /** Smallest CPU request recommended, cores. Default 0.01 (10m). */
  cpuFloorCores: number;
  /** Smallest memory request recommended, bytes. Default 32 MiB. */
  memoryFloorBytes: number;
  /** `none`: no CPU limit; `ratio`: limit = ratio × request; `guaranteed`: limit = request. */
  cpuLimitPolicy: LimitPolicy;
  cpuLimitRatio: number;
  memoryLimitPolicy: LimitPolicy;
  memoryLimitRatio: number;
}

export const defaultResourcePolicy: ResourcePolicy = {
  cpuFloorCores: 0.01,
  memoryFloorBytes: 32 * MIB_BYTES,
  cpuLimitPolicy: 'none',
  cpuLimitRatio: 2,
  memoryLimitPolicy: 'guaranteed',
  memoryLimitRatio: 1.5,
};

/** Rounds CPU up to whole millicores; the epsilon keeps 0.1 from becoming 0.101 through float noise. */
export function roundCpuCores(cores: number): number {
  return Math.ceil(cores * 1000 - 1e-6) / 1000;
}

/** Rounds memory up to whole MiB. */
export function roundMemoryBytes(bytes: number): number {
  return Math.ceil(bytes / MIB_BYTES - 1e-9) * MIB_BYTES;
}

export function deriveLimit(requestValue: number, policy: LimitPolicy, ratio: number, round: (v: number) => number): number | null {
  if (policy === 'none') return null;
  if (policy === 'guaranteed') return requestValue;
  return round(requestValue * ratio);
}
