/** Kubernetes resource quantities: `250m`, `2`, `512Mi`, `1Gi` out; any valid quantity in. */
import { GIB_BYTES, MIB_BYTES } from '../../domain/units.js';

export function formatCpuQuantity(cores: number): string {
  const millis = Math.round(cores * 1000);
  return millis % 1000 === 0 ? String(millis / 1000) : `${millis}m`;
}

export function formatMemoryQuantity(bytes: number): string {
  const b = Math.round(bytes);
  if (b % GIB_BYTES === 0 && b > 0) return `${b / GIB_BYTES}Gi`;
  if (b % MIB_BYTES === 0) return `${b / MIB_BYTES}Mi`;
  return String(b);
}

const suffixes: Record<string, number> = {
  n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, K: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

/** Parses a quantity (`500m`, `0.5`, `1Gi`, `1e3`, `128M`); null when it is not one. */
export function parseQuantity(text: string | number): number | null {
  if (typeof text === 'number') return Number.isFinite(text) ? text : null;
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)(n|u|m|k|K|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/.exec(text.trim());
  if (!m) return null;
  return Number(m[1]) * suffixes[m[2] ?? '']!;
}
