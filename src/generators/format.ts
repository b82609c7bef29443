/**
 * Deterministic text out of generated objects: numbers without float noise, stable key order,
 * and the "generated — do not edit" marker. Every generated file goes through here.
 */
import { stringify } from 'yaml';
import { generatedMarker } from '../domain/conventions.js';

/** Rounds away float noise (0.9990000000000001 → 0.999) while keeping every meaningful digit. */
export function roundNumber(value: number): number {
  if (!Number.isFinite(value) || Number.isInteger(value)) return value;
  return Number(value.toPrecision(12));
}

/** A number as PromQL/YAML text, without float noise or exponent notation for ordinary values. */
export function formatNumber(value: number): string {
  return String(roundNumber(value));
}

/** Renders a document as YAML with the marker comment first; keys keep the order they were built in. */
export function renderYaml(doc: unknown, marker: string = generatedMarker): string {
  const body = stringify(cleanNumbers(doc), { lineWidth: 0, minContentWidth: 0, indent: 2, aliasDuplicateObjects: false });
  return `# ${marker}\n${body}`;
}

/** Renders JSON with sorted keys (Grafana ignores order; diffs stay small) and no float noise. */
export function renderJson(doc: unknown): string {
  return `${JSON.stringify(sortKeys(cleanNumbers(doc)), null, 2)}\n`;
}

function cleanNumbers(value: unknown): unknown {
  if (typeof value === 'number') return roundNumber(value);
  if (Array.isArray(value)) return value.map(cleanNumbers);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = cleanNumbers(v);
    return out;
  }
  return value;
}

/** Deep copy with object keys sorted, so output does not depend on builder call order. */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== undefined) out[k] = sortKeys(v);
    }
    return out;
  }
  return value;
}

/** Go-duration text (`90m` → `1h30m`) as Prometheus prints it, from seconds. */
export function formatDurationSeconds(seconds: number): string {
  const units: [string, number][] = [['w', 604800], ['d', 86400], ['h', 3600], ['m', 60], ['s', 1]];
  if (seconds === 0) return '0s';
  let rest = seconds;
  let out = '';
  for (const [unit, size] of units) {
    if (unit === 'w' && rest % size !== 0) continue;
    const n = Math.floor(rest / size);
    if (n > 0) {
      out += `${n}${unit}`;
      rest -= n * size;
    }
  }
  return out;
}

/** Parses a Prometheus duration (`5m`, `1h30m`, `30d`) into seconds; undefined when malformed. */
export function parseDurationSeconds(text: string): number | undefined {
  const re = /(\d+)(ms|s|m|h|d|w|y)/g;
  const sizes: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800, y: 31536000 };
  if (!/^(\d+(ms|s|m|h|d|w|y))+$/.test(text)) return undefined;
  let total = 0;
  for (const m of text.matchAll(re)) total += Number(m[1]) * sizes[m[2]!]!;
  return total;
}
