/**
 * Alerts on the gauges Headroom's own server exports: forecast time to capacity exhaustion, and
 * whether Headroom itself is still producing fresh forecasts.
 */
import { headroomLabels as HL, headroomMetrics as HM } from '../../domain/conventions.js';
import { formatNumber } from '../format.js';
import type { MonitoringSettings } from '../settings.js';
import { buildAlert } from './annotations.js';
import type { AlertRule, RuleGroup } from './types.js';

const staleAfterSeconds = 26 * 3600;

function buildExhaustionAlert(s: MonitoringSettings, tier: 'soon' | 'imminent'): AlertRule {
  const c = s.clusterLabel;
  const days = tier === 'soon' ? s.thresholds.exhaustionDays : Math.max(1, Math.min(7, s.thresholds.exhaustionDays / 4));
  // The labels Headroom's server puts on the gauge: cluster, node_pool, scope, resource, metric.
  const labels = { [c]: 'c1', [HL.nodePool]: 'm5.xlarge', scope: 'node-pool', [HL.resource]: 'cpu', metric: 'requests' };
  const gauge = (v: number) => [{ metric: HM.exhaustionDays, labels, values: `${formatNumber(v)}x90` }];
  return buildAlert(s, {
    alert: tier === 'soon' ? 'HeadroomCapacityExhaustionSoon' : 'HeadroomCapacityExhaustionImminent',
    expr: `${HM.exhaustionDays} < ${formatNumber(days)}`,
    for: tier === 'soon' ? '1h' : '15m',
    severity: tier === 'soon' ? 'warning' : 'critical',
    summary: tier === 'soon' ? 'The capacity forecast runs out within the planning horizon.' : 'The capacity forecast runs out within days.',
    description: `Headroom forecasts {{ $labels.resource }} {{ $labels.metric }} of {{ $labels.scope }} {{ $labels.node_pool }} in cluster {{ $labels.${c} }} to exceed allocatable in {{ printf "%.1f" $value }} days (threshold ${formatNumber(days)} days).`,
    fixture: {
      interval: '1m',
      evalTime: '80m',
      firing: gauge(days / 2),
      expected: [{ labels, value: days / 2 }],
      silent: gauge(days * 2),
    },
  });
}

function buildStaleAlert(s: MonitoringSettings): AlertRule {
  // A timestamp 27 h in the past at t=0 is stale from the start; one that tracks time() is fresh.
  return buildAlert(s, {
    alert: 'HeadroomForecastsStale',
    expr: `time() - ${HM.lastRunTimestampSeconds} > ${staleAfterSeconds}`,
    for: '15m',
    severity: 'warning',
    summary: 'Headroom has not completed a run for more than a day.',
    description: 'The last successful Headroom run ({{ $labels.job }}) finished {{ $value | humanizeDuration }} ago; forecasts and exhaustion alerts are stale.',
    fixture: {
      interval: '1m',
      evalTime: '20m',
      firing: [{ metric: HM.lastRunTimestampSeconds, labels: { job: 'headroom' }, values: '-97200+0x30' }],
      expected: [{ labels: { job: 'headroom' }, value: 97200 + 1200 }],
      silent: [{ metric: HM.lastRunTimestampSeconds, labels: { job: 'headroom' }, values: '0+60x30' }],
    },
  });
}

function buildRunFailuresAlert(s: MonitoringSettings): AlertRule {
  return buildAlert(s, {
    alert: 'HeadroomRunsFailing',
    expr: `increase(${HM.runFailuresTotal}[30m]) > 0`,
    for: '5m',
    severity: 'warning',
    summary: 'Headroom runs are failing.',
    description: 'Headroom ({{ $labels.job }}) recorded failed runs of stage {{ $labels.stage }} in the last 30 minutes; see its log.',
    fixture: {
      interval: '1m',
      evalTime: '20m',
      firing: [{ metric: HM.runFailuresTotal, labels: { job: 'headroom', stage: 'collect' }, values: '0+1x30' }],
      expected: [{ labels: { job: 'headroom', stage: 'collect' }, value: Number.NaN }],
      silent: [{ metric: HM.runFailuresTotal, labels: { job: 'headroom', stage: 'collect' }, values: '3+0x30' }],
    },
  });
}

/** The `headroom.forecast` alert group. */
export function buildForecastGroup(s: MonitoringSettings): RuleGroup {
  return {
    name: 'headroom.forecast',
    rules: [buildExhaustionAlert(s, 'soon'), buildExhaustionAlert(s, 'imminent'), buildStaleAlert(s), buildRunFailuresAlert(s)],
  };
}
