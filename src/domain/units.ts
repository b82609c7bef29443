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

/** Latest Unix time accepted (9999-12-31T23:59:59Z): larger numbers are milliseconds or typos. */
export const MAX_UNIX_SECONDS = 253_402_300_799;

const rfc3339Pattern = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2}))?$/;

/**
 * Parses a time given as RFC 3339 (`2026-11-16T00:00:00Z`, or a date alone: midnight UTC) or Unix
 * seconds into epoch milliseconds. Strict: a day that does not exist (`2026-02-30`), a time without
 * a zone, or a Unix time beyond year 9999 (milliseconds given as seconds) is refused, not rolled over.
 */
export function parseTimeMs(text: string): number {
  const hint = 'use RFC 3339 (2026-11-01T00:00:00Z) or Unix seconds';
  if (/^\d+(\.\d+)?$/.test(text)) {
    const seconds = Number(text);
    if (seconds > MAX_UNIX_SECONDS) throw new RangeError(`"${text}" is beyond the year 9999 as Unix seconds (milliseconds?); ${hint}`);
    return Math.round(seconds * 1000);
  }
  const m = rfc3339Pattern.exec(text);
  if (!m) throw new RangeError(`"${text}" is not a time; ${hint}`);
  const [, y, mo, d, hh = '00', mi = '00', ss = '00', frac, zone = 'Z'] = m;
  if (Number(hh) > 23 || Number(mi) > 59 || Number(ss) > 59) throw new RangeError(`"${text}": ${hh}:${mi}:${ss} is not a time of day; ${hint}`);
  const localMs = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(hh), Number(mi), Number(ss), frac ? Math.round(Number(frac) * 1000) : 0);
  const check = new Date(localMs);
  if (check.getUTCFullYear() !== Number(y) || check.getUTCMonth() !== Number(mo) - 1 || check.getUTCDate() !== Number(d)) {
    throw new RangeError(`"${text}": ${y}-${mo}-${d} is not a day of the calendar; ${hint}`);
  }
  const offsetMinutes = /^[Zz]$/.test(zone) ? 0 : (zone[0] === '-' ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
  return localMs - offsetMinutes * 60_000;
}
