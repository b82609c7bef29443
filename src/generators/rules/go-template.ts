/**
 * Renders the small subset of Prometheus alert templates Headroom's own annotations use, so the
 * generated promtool tests can state the exact annotations an alert fires with. promtool then
 * checks these against Prometheus' real template engine.
 */

/** Go's `%.Ng` (shortest of %e/%f, trailing zeros removed). */
export function formatGoG(value: number, precision = 4): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '+Inf' : '-Inf';
  if (value === 0) return '0';
  const exp = Math.floor(Math.log10(Math.abs(Number(value.toPrecision(precision)))));
  if (exp < -4 || exp >= precision) {
    const [mantissa, e] = value.toExponential(precision - 1).split('e') as [string, string];
    const m = mantissa.includes('.') ? mantissa.replace(/0+$/, '').replace(/\.$/, '') : mantissa;
    const n = Number(e);
    return `${m}e${n < 0 ? '-' : '+'}${String(Math.abs(n)).padStart(2, '0')}`;
  }
  const fixed = value.toFixed(Math.max(0, precision - 1 - exp));
  return fixed.includes('.') ? fixed.replace(/0+$/, '').replace(/\.$/, '') : fixed;
}

function humanize(v: number): string {
  if (v === 0 || !Number.isFinite(v)) return formatGoG(v);
  const abs = Math.abs(v);
  if (abs >= 1) {
    const prefixes = ['', 'k', 'M', 'G', 'T', 'P', 'E', 'Z', 'Y'];
    let i = 0;
    let x = v;
    while (Math.abs(x) >= 1000 && i < prefixes.length - 1) { x /= 1000; i++; }
    return `${formatGoG(x)}${prefixes[i]}`;
  }
  const prefixes = ['', 'm', 'u', 'n', 'p', 'f', 'a', 'z', 'y'];
  let i = 0;
  let x = v;
  while (Math.abs(x) < 1 && i < prefixes.length - 1) { x *= 1000; i++; }
  return `${formatGoG(x)}${prefixes[i]}`;
}

function humanize1024(v: number): string {
  if (Math.abs(v) <= 1 || !Number.isFinite(v)) return formatGoG(v);
  const prefixes = ['', 'ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei', 'Zi', 'Yi'];
  let i = 0;
  let x = v;
  while (Math.abs(x) >= 1024 && i < prefixes.length - 1) { x /= 1024; i++; }
  return `${formatGoG(x)}${prefixes[i]}`;
}

function humanizeDuration(v: number): string {
  if (!Number.isFinite(v)) return formatGoG(v);
  if (Math.abs(v) < 1) return `${formatGoG(v * 1000)}ms`;
  const sign = v < 0 ? '-' : '';
  const total = Math.trunc(Math.abs(v));
  const days = Math.floor(total / 86400);
  const hours = Math.floor(total / 3600) % 24;
  const minutes = Math.floor(total / 60) % 60;
  const seconds = total % 60;
  if (days) return `${sign}${days}d ${hours}h ${minutes}m ${seconds}s`;
  if (hours) return `${sign}${hours}h ${minutes}m ${seconds}s`;
  if (minutes) return `${sign}${minutes}m ${seconds}s`;
  return `${sign}${formatGoG(Math.abs(v))}s`;
}

function printfFloat(format: string, v: number): string {
  const m = /^%\.(\d+)f$/.exec(format);
  if (!m) throw new Error(`unsupported printf format ${format}`);
  return v.toFixed(Number(m[1]));
}

/** Renders `{{ $labels.x }}`, `{{ $value | fn }}` and `{{ printf "%.Nf" $value }}`; anything else is an error. */
export function renderAlertTemplate(template: string, labels: Record<string, string>, value: number): string {
  return template.replace(/\{\{\s*(.*?)\s*\}\}/g, (_all, body: string) => {
    let m = /^\$labels\.([a-zA-Z_][a-zA-Z0-9_]*)$/.exec(body);
    if (m) return labels[m[1]!] ?? '';
    if (body === '$value') return formatGoG(value, 17).replace(/e\+?(-?)0?(\d+)$/, 'e$1$2');
    m = /^\$value \| (humanize|humanize1024|humanizePercentage|humanizeDuration)$/.exec(body);
    if (m) {
      switch (m[1]) {
        case 'humanize': return humanize(value);
        case 'humanize1024': return humanize1024(value);
        case 'humanizePercentage': return `${formatGoG(value * 100)}%`;
        default: return humanizeDuration(value);
      }
    }
    m = /^printf "([^"]+)" \$value$/.exec(body);
    if (m) return printfFloat(m[1]!, value);
    throw new Error(`unsupported template action {{ ${body} }}`);
  });
}
