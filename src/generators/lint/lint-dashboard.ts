/**
 * Lint of Grafana dashboards (current `panels` layout with nested rows, and the old `rows`
 * layout): title and uid, and every Prometheus query of every panel, with Grafana's variables
 * substituted and positions mapped back to the file.
 */
import { substituteGrafanaVariablesMapped } from './grafana-variables.js';
import { lintExpression } from './lint-expression.js';
import { lintMessages as msg } from './messages.js';
import { isObject } from './read-documents.js';
import type { PromqlFacts } from './promql-facts.js';
import type { RuleReport, RuleSettings } from './lint-rules.js';
import type { DataPath, SourceDoc } from './source-position.js';
import type { FilePosition } from './types.js';

/** A panel query seen in this run, for live checks. */
export interface SeenQuery { where: string; expr: string; facts: PromqlFacts; position(offset: number): FilePosition; fromVariable(offset: number): boolean }

interface PanelAt { panel: Record<string, unknown>; path: DataPath }

function typeName(v: unknown): string {
  if (v === null || v === undefined) return 'empty';
  return Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

function isPrometheusDatasource(ds: unknown): boolean {
  if (ds === undefined || ds === null) return true;
  if (typeof ds === 'string') return !/loki|elastic|influx|tempo|graphite|mysql|postgres|cloudwatch/i.test(ds);
  if (isObject(ds) && typeof ds.type === 'string') return ds.type === 'prometheus' || ds.type.startsWith('$') || ds.type === 'datasource' || ds.type === '';
  return true;
}

export function lintDashboard(src: SourceDoc, path: DataPath, unitWhere: string, settings: RuleSettings, report: RuleReport, queries: SeenQuery[]): void {
  const d = path.reduce<unknown>((o, k) => (o as Record<string | number, unknown>)[k], src.data) as Record<string, unknown>;
  const title = typeof d.title === 'string' ? d.title : '';
  const where = `${unitWhere ? `${unitWhere}, ` : ''}${title ? `dashboard "${title}"` : 'dashboard'}`;
  const at = (p: DataPath, offset?: number) => src.position([...path, ...p], offset);
  if (!title) report('dashboard/uid', at([]), where, msg.dashboardMissing('title'));
  if (typeof d.uid !== 'string' || d.uid === '') report('dashboard/uid', at([]), where, msg.dashboardMissing('uid'));
  else if (d.uid.length > 40) report('dashboard/uid', at(['uid']), where, msg.dashboardUidTooLong(d.uid));

  const values: Record<string, string> = {};
  const templating = isObject(d.templating) && Array.isArray(d.templating.list) ? d.templating.list : [];
  for (const v of templating) {
    if (!isObject(v) || typeof v.name !== 'string') continue;
    const current = isObject(v.current) ? v.current.value : undefined;
    if (typeof current === 'string') values[v.name] = current;
  }

  const panels: PanelAt[] = [];
  const collect = (list: unknown, p: DataPath, field: string): void => {
    if (list === undefined || list === null) return;
    if (!Array.isArray(list)) {
      report('input/shape', at(p), where, msg.notList(field, typeName(list)));
      return;
    }
    list.forEach((panel: unknown, i) => {
      const pp = [...p, i];
      if (!isObject(panel)) {
        report('input/shape', at(pp), where, panel === null || panel === undefined ? msg.nullEntry(`${field}[${i}]`) : msg.notObject(`${field}[${i}]`, typeName(panel)));
        return;
      }
      panels.push({ panel, path: pp });
      collect(panel.panels, [...pp, 'panels'], 'panels');
    });
  };
  collect(d.panels, ['panels'], 'panels');
  if (d.rows !== undefined && d.rows !== null) {
    if (!Array.isArray(d.rows)) report('input/shape', at(['rows']), where, msg.notList('rows', typeName(d.rows)));
    else d.rows.forEach((row: unknown, i) => {
      if (!isObject(row)) report('input/shape', at(['rows', i]), where, msg.nullEntry(`rows[${i}]`));
      else collect(row.panels, ['rows', i, 'panels'], 'panels');
    });
  }

  for (const { panel, path: pp } of panels) {
    const pWhere = `${where}, panel "${typeof panel.title === 'string' ? panel.title : ''}"`;
    if (panel.targets === undefined || panel.targets === null) continue;
    if (!Array.isArray(panel.targets)) {
      report('input/shape', at([...pp, 'targets']), pWhere, msg.notList('targets', typeName(panel.targets)));
      continue;
    }
    if (!isPrometheusDatasource(panel.datasource)) continue;
    panel.targets.forEach((t: unknown, ti) => {
      if (!isObject(t)) {
        report('input/shape', at([...pp, 'targets', ti]), pWhere, msg.nullEntry(`targets[${ti}]`));
        return;
      }
      if (typeof t.expr !== 'string' || t.expr.trim() === '' || !isPrometheusDatasource(t.datasource)) return;
      const exprPath = [...pp, 'targets', ti, 'expr'];
      const raw = t.expr;
      const sub = substituteGrafanaVariablesMapped(raw, values);
      const variableAt = (offset: number) => /^(\$|\[\[)/.test(raw.slice(sub.originalOffset(offset)));
      const position = (offset: number) => at(exprPath, sub.originalOffset(offset));
      const facts = lintExpression({
        expr: sub.text,
        position,
        report: (check, p, message, level) => report(check, p, pWhere, message, level),
        scrapeIntervalSeconds: settings.scrapeIntervalSeconds,
        maxRangeSeconds: settings.maxRangeSeconds,
        maxRangeSource: settings.maxRangeSource,
        fromVariable: variableAt,
      });
      if (facts) queries.push({ where: pWhere, expr: sub.text, facts, position, fromVariable: variableAt });
    });
  }
}
