/**
 * Window subqueries in SLI queries, recorded once instead of re-evaluated per window.
 *
 * sloth's home-wifi shape counts gauges by a threshold over a subquery without a resolution,
 * `sum_over_time((count(gauge < 0.7))[{{.window}}:])`. Written per window, every evaluation of
 * the 3d rule re-evaluates `count(...)` at every step of three days (4,320 steps at a 1m
 * evaluation interval, each over every gauge series): in production that is the most expensive
 * rule of the file, and in promtool, whose engine allows 10,000 samples per query, it fails
 * after hours of test time ("query processing would load too many samples").
 *
 * The inner expression does not depend on the window, so it is recorded once per evaluation —
 * the step a subquery without a resolution uses — as `slo:sli_subquery:step{sloth_id, …,
 * sloth_subquery="<n>"}`, first in the SLI group, and every window reads the recorded series:
 *
 *   sum_over_time((count(g < 0.7))[3d:])  ─►  sum without (sloth_id, …) (sum_over_time(slo:sli_subquery:step{…}[3d]))
 *
 * The window sees the same points with the same values (a subquery's steps are the evaluation
 * times; the recording, earlier in the same group, has written the current one), and `sum
 * without` removes the recording's labels again so the rest of the query matches as before.
 * What changes: the long windows start from the rules' deployment instead of from raw history,
 * and under a group `interval:` other than the global one the points follow the group's interval.
 * Subqueries with their own resolution, modifiers, or an inner expression that uses the window
 * are left as written.
 */
import { parser } from '@prometheus-io/lezer-promql';
import { sloConventions as S } from '../../domain/conventions.js';
import { selector } from '../rules/promql.js';
import type { SloSli } from './spec-types.js';

const windowPattern = /\{\{\s*\.window\s*\}\}/g;
const windowText = '{{.window}}';
/** A duration as long as `{{.window}}`, so the parsed text keeps the template's offsets. */
const windowStandIn = '1234567890s';

/** One recorded inner expression. */
export interface SubqueryStep { index: string; expr: string }

interface Replacement { from: number; to: number; text: string }

/**
 * The SLI with its window subqueries reading recorded series, and the expressions to record.
 * `idLabels` are the labels every recording carries (the SLO's id labels).
 */
export function hoistWindowSubqueries(sli: SloSli, idLabels: Record<string, string>): { sli: SloSli; steps: SubqueryStep[] } {
  const steps: SubqueryStep[] = [];
  const strip = [...Object.keys(idLabels), S.labelSubquery].join(', ');
  const rewrite = (query: string): string => {
    const text = query.replace(windowPattern, windowText);
    const parsed = text.split(windowText).join(windowStandIn);
    const found: Replacement[] = [];
    parser.parse(parsed).iterate({
      enter: (n) => {
        if (n.type.name !== 'SubqueryExpr') return;
        let inner = n.node.firstChild;
        if (inner?.type.name === 'ParenExpr' && inner.firstChild) inner = inner.firstChild;
        const durations = n.node.getChildren('DurationExpr');
        const body = n.node.parent;
        const call = body?.parent;
        if (!inner || durations.length !== 1 || body?.type.name !== 'FunctionCallBody' || call?.type.name !== 'FunctionCall') return;
        if (parsed.slice(durations[0]!.from, durations[0]!.to) !== windowStandIn) return;
        const innerText = text.slice(inner.from, inner.to).trim();
        if (innerText.includes(windowText) || found.some((r) => r.from < call.to && call.from < r.to)) return;
        let step = steps.find((st) => st.expr === innerText);
        if (!step) steps.push((step = { index: String(steps.length), expr: innerText }));
        const recorded = `${selector(S.subqueryStep, { ...idLabels, [S.labelSubquery]: step.index })}[${windowText}]`;
        found.push({ from: call.from, to: call.to, text: `sum without (${strip}) (${text.slice(call.from, n.from)}${recorded}${text.slice(n.to, call.to)})` });
        return false;
      },
    });
    let out = text;
    for (const r of found.sort((a, b) => b.from - a.from)) out = out.slice(0, r.from) + r.text + out.slice(r.to);
    return out;
  };
  let hoisted: SloSli;
  if (sli.kind === 'events') hoisted = { ...sli, errorQuery: rewrite(sli.errorQuery), totalQuery: rewrite(sli.totalQuery) };
  else if (sli.kind === 'raw') hoisted = { ...sli, errorRatioQuery: rewrite(sli.errorRatioQuery), ...(sli.totalQuery === undefined ? {} : { totalQuery: rewrite(sli.totalQuery) }) };
  else hoisted = sli;
  return { sli: hoisted, steps };
}
