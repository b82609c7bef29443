/** Prometheus' duration syntax (`model.ParseDuration`): units in order, each at most once, integers only. */
const durationPattern = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;
const unitSeconds = [365 * 86400, 7 * 86400, 86400, 3600, 60, 1, 0.001];

/** Seconds of a Prometheus duration, or null when Prometheus would reject it. `0` is valid. */
export function parsePrometheusDurationSeconds(text: string): number | null {
  if (text === '0') return 0;
  if (text === '') return null;
  const m = durationPattern.exec(text);
  if (!m) return null;
  return unitSeconds.reduce((sum, factor, i) => sum + Number(m[i + 1] ?? 0) * factor, 0);
}
