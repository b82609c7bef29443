/** Lint of Grafana dashboard JSON: title, uid, and PromQL syntax of every panel target. */
import { lintMessages as msg } from './messages.js';
import { parsePromql, substituteGrafanaVariables } from './parse-promql.js';
import type { LintFinding } from './types.js';

interface RawPanel { title?: string; targets?: { expr?: unknown }[]; panels?: RawPanel[] }

function collectPanels(panels: RawPanel[] | undefined): RawPanel[] {
  return (panels ?? []).flatMap((p) => [p, ...collectPanels(p.panels)]);
}

export function lintDashboard(file: string, d: Record<string, unknown>): LintFinding[] {
  const findings: LintFinding[] = [];
  const title = typeof d.title === 'string' ? d.title : '';
  const where = title ? `dashboard "${title}"` : 'dashboard';
  if (!title) findings.push({ file, where, message: msg.dashboardMissing('title') });
  if (typeof d.uid !== 'string' || d.uid === '') findings.push({ file, where, message: msg.dashboardMissing('uid') });
  else if (d.uid.length > 40) findings.push({ file, where, message: msg.dashboardUidTooLong(d.uid) });
  for (const p of collectPanels(d.panels as RawPanel[] | undefined)) {
    for (const t of p.targets ?? []) {
      if (typeof t.expr !== 'string' || t.expr === '') continue;
      for (const e of parsePromql(substituteGrafanaVariables(t.expr))) findings.push({ file, where, message: msg.panelPromql(p.title ?? '', e.line, e.column, e.message) });
    }
  }
  return findings;
}

/** True when a JSON object looks like a Grafana dashboard. */
export function isDashboard(d: unknown): d is Record<string, unknown> {
  return !!d && typeof d === 'object' && !Array.isArray(d) && ('panels' in d || 'uid' in d || 'schemaVersion' in d);
}
