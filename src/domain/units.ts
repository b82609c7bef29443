/** Unit constants and conversions. Names carry units everywhere else; this is where they meet. */
export const MIB_BYTES = 1024 * 1024;
export const GIB_BYTES = 1024 * MIB_BYTES;
export const MINUTE_SECONDS = 60;
export const HOUR_SECONDS = 3600;
export const DAY_SECONDS = 86_400;
export const WEEK_SECONDS = 7 * DAY_SECONDS;
/** Average hours in a month (365.25 × 24 / 12), used for monthly cost figures. */
export const HOURS_PER_MONTH = 730.5;

/** Parses a Prometheus-style duration (`90s`, `5m`, `14d`, `1w`, `1h30m`) into seconds. */
export function parseDurationSeconds(text: string): number {
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h|d|w|y)/g;
  const factors: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: DAY_SECONDS, w: WEEK_SECONDS, y: 365 * DAY_SECONDS };
  let total = 0;
  let consumed = 0;
  for (const m of text.matchAll(re)) {
    if (m.index !== consumed) break;
    total += Number(m[1]) * factors[m[2]!]!;
    consumed += m[0].length;
  }
  if (consumed !== text.length || consumed === 0) throw new RangeError(`"${text}" is not a duration; use e.g. 30s, 5m, 14d`);
  return total;
}

/** Formats seconds as the shortest Prometheus duration (`3600` → `1h`). */
export function formatDuration(seconds: number): string {
  const units: [string, number][] = [['w', WEEK_SECONDS], ['d', DAY_SECONDS], ['h', 3600], ['m', 60], ['s', 1]];
  if (seconds === 0) return '0s';
  let rest = Math.round(seconds);
  let out = '';
  for (const [u, f] of units) {
    if (rest >= f) { out += `${Math.floor(rest / f)}${u}`; rest %= f; }
  }
  return out;
}

/** Parses a time given as RFC 3339 or Unix seconds into epoch milliseconds. */
export function parseTimeMs(text: string): number {
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new RangeError(`"${text}" is not a time; use RFC 3339 (2026-11-01T00:00:00Z) or Unix seconds`);
  return ms;
}
