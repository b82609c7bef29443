/**
 * Lint of Grafana dashboards (current `panels` layout with nested rows, and the old `rows`
 * layout): title and uid, and every Prometheus query of every panel, with Grafana's variables
 * substituted and positions mapped back to the file.
 */
import { variablePromql, variableQueryText } from './grafana-variable-query.js';
import { substituteGrafanaVariablesMapped } from './grafana-variables.js';
import { lintExpression } from './lint-expression.js';
import { lintMessages as msg } from './messages.js';
import { isObject } from './read-documents.js';
import type { PromqlFacts } from './promql-facts.js';
import type { RuleReport, RuleSettings } from './lint-rules.js';
import type { DataPath, SourceDoc } from './source-position.js';
import type { FilePosition } from './types.js';

/** A panel or variable query seen in this run, for live checks. */
export interface SeenQuery {
  where: string;
  expr: string;
  facts: PromqlFacts;
  position(offset: number): FilePosition;
  fromVariable(offset: number): boolean;
  /** How the query's `by` label is used when it is not a `by (…)` of the file (`label_values(…, label)`). */
  labelUse?: string;
}

interface PanelAt { panel: Record<string, unknown>; path: DataPath }

function typeName(v: unknown): string {
  if (v === null || v === undefined) return 'empty';
  return Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

/**
 * The plugin of each datasource a dashboard names by variable: its `datasource` variables
 * (`query: "loki"`) and the `__inputs` of an exported dashboard (`${DS_LOKI}`, `pluginId`).
 */
function datasourcePlugins(templating: unknown[], inputs: unknown): Map<string, string> {
  const out = new Map<string, string>();
  for (const v of templating) if (isObject(v) && v.type === 'datasource' && typeof v.name === 'string' && typeof v.query === 'string') out.set(v.name, v.query);
  for (const i of Array.isArray(inputs) ? inputs : []) if (isObject(i) && i.type === 'datasource' && typeof i.name === 'string' && typeof i.pluginId === 'string') out.set(i.name, i.pluginId);
  return out;
}

/** The variable a datasource reference names (`$logs`, `${logs}`, `${logs:raw}`, `[[logs]]`), or null. */
function variableName(ref: string): string | null {
  const m = /^\s*(?:\$\{([A-Za-z0-9_]+)(?::[^}]*)?\}|\$([A-Za-z0-9_]+)|\[\[([A-Za-z0-9_]+)\]\])\s*$/.exec(ref);
  return m ? (m[1] ?? m[2] ?? m[3])! : null;
}

/** Plugins whose queries are PromQL: Prometheus' own and Amazon Managed Prometheus' (grafana-amazonprometheus-datasource). */
function isPrometheusPlugin(plugin: string): boolean {
  return plugin === 'prometheus' || plugin === 'grafana-amazonprometheus-datasource';
}

/** Whether queries on `ds` are PromQL: a Prometheus datasource, one named through a variable of one, or none said. */
function isPrometheusDatasource(ds: unknown, plugins: Map<string, string>): boolean {
  if (ds === undefined || ds === null) return true;
  const viaVariable = (ref: unknown) => {
    const name = typeof ref === 'string' ? variableName(ref) : null;
    const plugin = name === null ? undefined : plugins.get(name);
    return plugin === undefined ? null : isPrometheusPlugin(plugin);
  };
  if (typeof ds === 'string') return viaVariable(ds) ?? !/loki|elastic|influx|tempo|graphite|mysql|postgres|cloudwatch/i.test(ds);
  if (isObject(ds) && typeof ds.type === 'string') {
    if (isPrometheusPlugin(ds.type)) return true;
    if (ds.type.startsWith('$') || ds.type === 'datasource' || ds.type === '') return viaVariable(ds.type) ?? viaVariable(ds.uid) ?? true;
    return false;
  }
  if (isObject(ds)) return viaVariable(ds.uid) ?? true;
  return true;
}

/** `objectName`: the name of the Kubernetes object holding the dashboard (Grafana's own API), which stands for its uid. */
export function lintDashboard(src: SourceDoc, path: DataPath, unitWhere: string, settings: RuleSettings, report: RuleReport, queries: SeenQuery[], objectName?: string): void {
  const d = path.reduce<unknown>((o, k) => (o as Record<string | number, unknown>)[k], src.data) as Record<string, unknown>;
  const title = typeof d.title === 'string' ? d.title : '';
  const where = `${unitWhere ? `${unitWhere}, ` : ''}${title ? `dashboard "${title}"` : 'dashboard'}`;
  const at = (p: DataPath, offset?: number) => src.position([...path, ...p], offset);
  /** Lints `expr` (a query after variable substitution); `original` maps its offsets to offsets of `raw`, the string at `rawPath()` of the file (made only for a position). */
  const lintQuery = (expr: string, raw: string, original: (offset: number) => number, rawPath: () => DataPath, qWhere: string, labelUse?: string): PromqlFacts | null => {
    const variableAt = (offset: number) => /^(\$|\[\[)/.test(raw.slice(original(offset)));
    const position = (offset: number) => src.position(rawPath(), original(offset));
    const facts = lintExpression({
      expr,
      position,
      report: (check, p, message, level) => report(check, p, qWhere, message, level),
      scrapeIntervalSeconds: settings.scrapeIntervalSeconds,
      maxRangeSeconds: settings.maxRangeSeconds,
      maxRangeSource: settings.maxRangeSource,
      fromVariable: variableAt,
    });
    if (facts) {
      const seen: SeenQuery = { where: qWhere, expr, facts, position, fromVariable: variableAt };
      if (labelUse) seen.labelUse = labelUse;
      queries.push(seen);
    }
    return facts;
  };
  if (!title) report('dashboard/uid', at([]), where, msg.dashboardMissing('title'));
  if (typeof d.uid !== 'string' || d.uid === '') {
    if (!objectName) report('dashboard/uid', at([]), where, msg.dashboardMissing('uid'));
  } else if (d.uid.length > 40) report('dashboard/uid', at(['uid']), where, msg.dashboardUidTooLong(d.uid));

  const values: Record<string, string> = {};
  const templating = isObject(d.templating) && Array.isArray(d.templating.list) ? d.templating.list : [];
  const plugins = datasourcePlugins(templating, d.__inputs);
  for (const v of templating) {
    if (!isObject(v) || typeof v.name !== 'string') continue;
    const current = isObject(v.current) ? v.current.value : undefined;
    if (typeof current === 'string') values[v.name] = current;
  }

  // The queries of `query` variables (label_values(…), query_result(…)…) on a Prometheus datasource.
  templating.forEach((v: unknown, vi) => {
    if (!isObject(v) || (v.type !== undefined && v.type !== 'query') || !isPrometheusDatasource(v.datasource, plugins)) return;
    const query = variableQueryText(v.query);
    if (!query) return;
    const queryPath = ['templating', 'list', vi, 'query', ...(query.nested ? ['query'] : [])];
    const sub = substituteGrafanaVariablesMapped(query.text, values);
    const promql = variablePromql(sub.text);
    if (!promql) return;
    const original = (offset: number) => sub.originalOffset(promql.queryOffset(offset));
    const vWhere = `${where}, variable "${typeof v.name === 'string' ? v.name : vi + 1}"`;
    const facts = lintQuery(promql.expr, query.text, original, () => [...path, ...queryPath], vWhere, promql.label === null ? undefined : `label_values(…, ${promql.label})`);
    if (facts && promql.notSelector) report('promql/types', src.position([...path, ...queryPath], original(promql.notSelector.offset)), vWhere, msg.variableNeedsSelector(promql.notSelector.fn));
  });

  // Annotation queries on a Prometheus datasource (deploys, restarts) are PromQL too.
  const annotations = isObject(d.annotations) && Array.isArray(d.annotations.list) ? d.annotations.list : [];
  annotations.forEach((a: unknown, ai) => {
    if (!isObject(a) || typeof a.expr !== 'string' || a.expr.trim() === '' || !isPrometheusDatasource(a.datasource, plugins)) return;
    if (isObject(a.datasource) && a.datasource.type === 'datasource') return; // Grafana's own (-- Grafana --)
    const sub = substituteGrafanaVariablesMapped(a.expr, values);
    lintQuery(sub.text, a.expr, (offset) => sub.originalOffset(offset), () => [...path, 'annotations', 'list', ai, 'expr'], `${where}, annotation "${typeof a.name === 'string' ? a.name : ai + 1}"`);
  });

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
    if (panel.targets === undefined || panel.targets === null) continue;
    const pWhere = `${where}, panel "${typeof panel.title === 'string' ? panel.title : ''}"`;
    if (!Array.isArray(panel.targets)) {
      report('input/shape', at([...pp, 'targets']), pWhere, msg.notList('targets', typeName(panel.targets)));
      continue;
    }
    if (!isPrometheusDatasource(panel.datasource, plugins)) continue;
    panel.targets.forEach((t: unknown, ti) => {
      if (!isObject(t)) {
        report('input/shape', at([...pp, 'targets', ti]), pWhere, msg.nullEntry(`targets[${ti}]`));
        return;
      }
      if (typeof t.expr !== 'string' || t.expr.trim() === '' || !isPrometheusDatasource(t.datasource, plugins)) return;
      const raw = t.expr;
      const sub = substituteGrafanaVariablesMapped(raw, values);
      lintQuery(sub.text, raw, (offset) => sub.originalOffset(offset), () => [...path, ...pp, 'targets', ti, 'expr'], pWhere);
    });
  }
}
