/** PromQL syntax checking with the Prometheus project's own Lezer grammar. */
import { parser } from '@prometheus-io/lezer-promql';

type Tree = ReturnType<typeof parser.parse>;

export { substituteGrafanaVariables } from './grafana-variables.js';

export interface PromqlSyntaxError {
  /** 1-based character offset into the expression. */
  position: number;
  line: number;
  column: number;
  message: string;
}

function lineColumn(expr: string, offset: number): { line: number; column: number } {
  const before = expr.slice(0, offset);
  return { line: before.split('\n').length, column: offset - before.lastIndexOf('\n') };
}

/** Functions Prometheus has renamed: what to write instead. */
const renamed: Record<string, string> = {
  holt_winters: 'Prometheus 3 renamed it double_exponential_smoothing, an experimental function (--enable-feature=promql-experimental-functions); Prometheus 2 still has holt_winters',
};

/** Words before a parenthesis that are not function names (modifiers and operators). */
const notFunctions = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'bool', 'offset', 'and', 'or', 'unless', 'atan2', 'start', 'end']);

/** The first syntax error of a parsed expression (one mistake is one finding), or null. */
export function firstSyntaxError(expr: string, tree: Tree): PromqlSyntaxError | null {
  if (expr.trim() === '') return { position: 1, line: 1, column: 1, message: 'empty expression' };
  let found: PromqlSyntaxError | null = null;
  tree.iterate({
    enter: (node) => {
      if (found) return false;
      if (!node.type.isError) return undefined;
      const near = expr.slice(node.from, node.from + 12).split('\n')[0]!;
      const rest = expr.slice(node.from).trimStart();
      let message = near ? `unexpected "${near}"` : 'unexpected end of expression';
      let at = node.from;
      const callee = /([A-Za-z_][A-Za-z0-9_]*)\s*$/.exec(expr.slice(0, node.from));
      if (/^(by|without)\s*\(/i.test(rest) && /\)\s*$/.test(expr.slice(0, node.from))) message = `"${/^\w+/.exec(rest)![0]}" is only allowed on aggregations (sum, avg, max, count…), not after a function call or selector`;
      else if (rest.startsWith('(') && callee && !notFunctions.has(callee[1]!.toLowerCase()) && !/[\w:]$/.test(expr.slice(0, callee.index))) {
        // A name and a parenthesis: a call of a function PromQL does not have (a typo, or another
        // dialect's, such as VictoriaMetrics' MetricsQL histogram_share), in promtool's words.
        message = `unknown function with name "${callee[1]}"${renamed[callee[1]!] ? ` (${renamed[callee[1]!]})` : ''}`;
        at = callee.index;
      }
      found = { position: at + 1, ...lineColumn(expr, at), message };
      return false;
    },
  });
  return found;
}

/** Every syntax error in `expr` (empty when it parses); at most one per expression. */
export function parsePromql(expr: string): PromqlSyntaxError[] {
  const e = firstSyntaxError(expr, parser.parse(expr));
  return e ? [e] : [];
}
