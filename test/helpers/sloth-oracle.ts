/**
 * An independent oracle for sloth's generated rules, written from sloth's documented
 * multiwindow-multiburn algorithm (not from Headroom's generator), so tests can compare Headroom's
 * sloth-compatible output with what sloth itself would evaluate:
 *
 * - SLI recording rules `slo:sli_error:ratio_rate<window>` for 5m, 30m, 1h, 2h, 6h, 1d, 3d:
 *   `(error)/(total)` for event SLIs, the query itself for raw SLIs, with the SLO's labels, the
 *   `sloth_id`/`sloth_service`/`sloth_slo` labels and `sloth_window`;
 * - denominator-corrected SLIs (sloth.dev/contrib/denominator_corrected_rules/v1):
 *   `slo:numerator_correction:ratio<w>` = total(w) ÷ total(30d), and the SLI
 *   `(correction * on() error(w)) / total(w)`;
 * - page alert: 14.4× over 5m and 1h, or 6× over 30m and 6h; ticket alert: 3× over 2h and 1d, or
 *   1× over 6h and 3d — each `max(sli > factor × (100 − objective) / 100) without (sloth_window)`,
 *   no `for:`, labels = alerting labels + tier labels + `sloth_severity`.
 *
 * - rule_intervals/v1: the groups' `interval:`.
 *
 * `recordPrefix`/`alertPrefix` let the oracle run beside Headroom's rules in one promtool test.
 */
import type { SloDefinition } from '../../src/generators/slo/index.js';

const windows = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'];
const pairs = {
  page: [{ factor: 14.4, short: '5m', long: '1h' }, { factor: 6, short: '30m', long: '6h' }],
  ticket: [{ factor: 3, short: '2h', long: '1d' }, { factor: 1, short: '6h', long: '3d' }],
};

const fill = (q: string, w: string) => q.replace(/\{\{\s*\.window\s*\}\}/g, w);

export interface OracleOptions { recordPrefix: string; alertPrefix: string }

/** sloth's rule groups for the SLOs, as a Prometheus rule file object. */
export function buildSlothOracleRules(slos: SloDefinition[], o: OracleOptions): { groups: unknown[] } {
  const groups: unknown[] = [];
  for (const slo of slos) {
    const id = { sloth_id: slo.id, sloth_service: slo.service, sloth_slo: slo.name };
    const idFilter = `{sloth_id="${slo.id}", sloth_service="${slo.service}", sloth_slo="${slo.name}"}`;
    const sli = slo.sli;
    const error = (w: string) => (sli.kind === 'events' ? fill(sli.errorQuery, w) : '');
    const total = (w: string) => (sli.kind === 'events' ? fill(sli.totalQuery, w) : sli.kind === 'raw' && sli.totalQuery ? fill(sli.totalQuery, w) : '');
    const ratio = (w: string): string => {
      if (sli.kind === 'raw') return `(${fill(sli.errorRatioQuery, w)})`;
      if (sli.kind !== 'events') throw new Error(`the oracle models sloth, which has no ${sli.kind} SLIs`);
      if (slo.rules.denominatorCorrected) return `(\n${o.recordPrefix}numerator_correction:ratio${w}${idFilter}\n* on()\n${error(w)}\n)\n/\n(${total(w)})`;
      return `(${error(w)})\n/\n(${total(w)})`;
    };
    const rules: unknown[] = windows.map((w) => ({ record: `${o.recordPrefix}sli_error:ratio_rate${w}`, expr: ratio(w), labels: { ...slo.labels, ...id, sloth_window: w } }));
    if (slo.rules.denominatorCorrected) {
      for (const w of windows) rules.push({ record: `${o.recordPrefix}numerator_correction:ratio${w}`, expr: `(${total(w)})/(${total('30d')})`, labels: { ...slo.labels, ...id } });
    }
    const interval = (kind: 'sli' | 'alerts') => (slo.rules.intervals?.[kind] ? { interval: slo.rules.intervals[kind] } : {});
    groups.push({ name: `oracle-sli-${slo.id}`, ...interval('sli'), rules });
    const alerts: unknown[] = [];
    for (const severity of ['page', 'ticket'] as const) {
      const tier = severity === 'page' ? slo.alerting.page : slo.alerting.ticket;
      if (tier.disable || !slo.rules.generate.alerts) continue;
      const budget = `((100 - ${slo.objectivePercent}) / 100)`;
      const arm = (w: string, f: number) => `max(${o.recordPrefix}sli_error:ratio_rate${w}${idFilter} > (${f} * ${budget})) without (sloth_window)`;
      alerts.push({
        alert: `${o.alertPrefix}${slo.alerting.name}`,
        expr: pairs[severity].map((p) => `(\n${arm(p.short, p.factor)}\nand\n${arm(p.long, p.factor)}\n)`).join('\nor\n'),
        labels: { ...slo.alerting.labels, ...tier.labels, sloth_severity: severity },
      });
    }
    if (alerts.length) groups.push({ name: `oracle-alerts-${slo.id}`, ...interval('alerts'), rules: alerts });
  }
  return { groups };
}
