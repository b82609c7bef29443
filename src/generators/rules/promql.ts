/** Small PromQL text builders, so label and metric names come from conventions, never literals. */

/** `metric{a="x", b!="y"}`; matchers keep the order given. */
export function selector(metric: string, matchers: Record<string, string> = {}): string {
  const parts = Object.entries(matchers).map(([k, v]) => {
    const m = /^(!=|=~|!~)(.*)$/s.exec(v);
    return m ? `${k}${m[1]}"${m[2]}"` : `${k}="${v}"`;
  });
  return parts.length ? `${metric}{${parts.join(', ')}}` : metric;
}

/** `by (a, b)` */
export function by(labels: string[]): string {
  return `by (${labels.join(', ')})`;
}

/** `on (a, b)` */
export function on(labels: string[]): string {
  return `on (${labels.join(', ')})`;
}
