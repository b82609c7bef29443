/**
 * Kubernetes resource quantities (`250m`, `1.5`, `512Mi`, `1G`, `1e3`) as numbers. The client
 * library keeps its parser internal, so this is the small, complete version of the grammar in
 * k8s.io/apimachinery/pkg/api/resource.
 */
const suffixes: Record<string, number> = {
  n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

/** Parses a quantity; throws RangeError naming the text when it is not one. */
export function parseQuantity(text: string): number {
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(n|u|m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?)$/.exec(text.trim());
  if (!m) throw new RangeError(`"${text}" is not a Kubernetes quantity`);
  const value = Number(m[1]);
  if (m[2]) return value * 10 ** Number(m[2].slice(1));
  return value * suffixes[m[3] ?? '']!;
}

/** A quantity or null when absent. */
export function parseOptionalQuantity(text: string | undefined | null): number | null {
  return text === undefined || text === null ? null : parseQuantity(String(text));
}
