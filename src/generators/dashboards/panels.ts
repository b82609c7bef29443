/**
 * Panel and variable helpers over the Grafana Foundation SDK builders, so every dashboard shares
 * the datasource/cluster/namespace variables and lays panels out on the same 24-column grid.
 */
import { DashboardBuilder, DatasourceVariableBuilder, QueryVariableBuilder, RowBuilder, VariableRefresh, VariableSort } from '@grafana/grafana-foundation-sdk/dashboard';
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { ReduceDataOptionsBuilder } from '@grafana/grafana-foundation-sdk/common';
import { DataqueryBuilder, PromQueryFormat } from '@grafana/grafana-foundation-sdk/prometheus';
import { PanelBuilder as StatPanelBuilder } from '@grafana/grafana-foundation-sdk/stat';
import { PanelBuilder as TablePanelBuilder } from '@grafana/grafana-foundation-sdk/table';
import { PanelBuilder as TimeseriesPanelBuilder } from '@grafana/grafana-foundation-sdk/timeseries';
import { sourceLabels as L, sourceMetrics as M } from '../../domain/conventions.js';
import type { MonitoringSettings } from '../settings.js';

export const datasourceRef = { type: 'prometheus', uid: '${datasource}' };

/** Label matchers every panel applies: the cluster variable and, where namespaced, the namespace one. */
export function buildScope(s: MonitoringSettings, namespaced: boolean): Record<string, string> {
  return namespaced ? { [s.clusterLabel]: '=~$cluster', [L.namespace]: '=~$namespace' } : { [s.clusterLabel]: '=~$cluster' };
}

export interface Target {
  expr: string;
  legend: string;
  /** Instant query (tables and stats). */
  instant?: boolean;
}

/** Places panels left to right, wrapping at 24 columns. */
export class GridLayout {
  private x = 0;
  private y = 0;
  private rowHeight = 0;
  next(w: number, h: number): { x: number; y: number; w: number; h: number } {
    if (this.x + w > 24) {
      this.x = 0;
      this.y += this.rowHeight;
      this.rowHeight = 0;
    }
    const pos = { x: this.x, y: this.y, w, h };
    this.x += w;
    this.rowHeight = Math.max(this.rowHeight, h);
    return pos;
  }
  row(): { x: number; y: number; w: number; h: number } {
    if (this.x > 0) {
      this.y += this.rowHeight;
      this.x = 0;
      this.rowHeight = 0;
    }
    const pos = { x: 0, y: this.y, w: 24, h: 1 };
    this.y += 1;
    return pos;
  }
}

function buildQuery(t: Target, refId: string): DataqueryBuilder {
  const q = new DataqueryBuilder().expr(t.expr).legendFormat(t.legend).refId(refId).datasource(datasourceRef);
  return t.instant ? q.instant() : q.range();
}

const refIds = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** A dashboard under construction: builder, layout and a stable panel id counter. */
export class DashboardDraft {
  readonly builder: DashboardBuilder;
  private readonly grid = new GridLayout();
  private nextId = 1;

  constructor(s: MonitoringSettings, spec: { uid: string; title: string; description: string; tags: string[]; timeFrom?: string }) {
    this.builder = new DashboardBuilder(spec.title)
      .uid(spec.uid)
      .description(spec.description)
      .tags(['headroom', ...spec.tags])
      .editable()
      .time({ from: spec.timeFrom ?? 'now-7d', to: 'now' })
      .timezone('utc')
      .refresh('5m')
      .withVariable(new DatasourceVariableBuilder('datasource').label('Data source').type('prometheus'))
      .withVariable(
        new QueryVariableBuilder('cluster').label('Cluster').datasource(datasourceRef)
          .query(`label_values(${M.kubeNodeInfo}, ${s.clusterLabel})`).definition(`label_values(${M.kubeNodeInfo}, ${s.clusterLabel})`)
          .refresh(VariableRefresh.OnTimeRangeChanged).sort(VariableSort.AlphabeticalAsc).includeAll(true).allValue('.*').multi(true),
      )
      .withVariable(
        new QueryVariableBuilder('namespace').label('Namespace').datasource(datasourceRef)
          .query(`label_values(${M.kubePodInfo}{${s.clusterLabel}=~"$cluster"}, ${L.namespace})`).definition(`label_values(${M.kubePodInfo}{${s.clusterLabel}=~"$cluster"}, ${L.namespace})`)
          .refresh(VariableRefresh.OnTimeRangeChanged).sort(VariableSort.AlphabeticalAsc).includeAll(true).allValue('.*').multi(true),
      );
  }

  row(title: string): this {
    this.builder.withRow(new RowBuilder(title).id(this.nextId++).gridPos(this.grid.row()));
    return this;
  }

  timeseries(title: string, description: string, unit: string, targets: Target[], w = 12, h = 8): this {
    const p = new TimeseriesPanelBuilder().id(this.nextId++).title(title).description(description).unit(unit).datasource(datasourceRef).gridPos(this.grid.next(w, h)).fillOpacity(10);
    targets.forEach((t, i) => p.withTarget(buildQuery(t, refIds[i]!)));
    this.builder.withPanel(p);
    return this;
  }

  stat(title: string, description: string, unit: string, target: Target, w = 6, h = 4): this {
    const p = new StatPanelBuilder().id(this.nextId++).title(title).description(description).unit(unit).datasource(datasourceRef).gridPos(this.grid.next(w, h))
      .reduceOptions(new ReduceDataOptionsBuilder().calcs(['lastNotNull']).values(false));
    p.withTarget(buildQuery({ ...target, instant: true }, 'A'));
    this.builder.withPanel(p);
    return this;
  }

  table(title: string, description: string, unit: string, targets: Target[], w = 24, h = 10): this {
    const p = new TablePanelBuilder().id(this.nextId++).title(title).description(description).unit(unit).datasource(datasourceRef).gridPos(this.grid.next(w, h));
    targets.forEach((t, i) => p.withTarget(buildQuery({ ...t, instant: true }, refIds[i]!).format(PromQueryFormat.Table)));
    this.builder.withPanel(p);
    return this;
  }

  build(): Dashboard {
    return this.builder.build();
  }
}

export { StatPanelBuilder, TablePanelBuilder, TimeseriesPanelBuilder };
