/** PromQL syntax checking with the Prometheus project's own Lezer grammar. */
import { parser } from '@prometheus-io/lezer-promql';

export interface PromqlSyntaxError {
  /** 1-based character offset into the expression. */
  position: number;
  line: number;
  column: number;
  message: string;
}

/** Grafana's variables replaced by values PromQL accepts, so dashboard queries can be parsed and run. */
export function substituteGrafanaVariables(expr: string, values: Record<string, string> = {}): string {
  return expr
    .replace(/\$__(rate_interval|interval|range)\b/g, (_m, name: string) => values[`__${name}`] ?? '5m')
    .replace(/\$__range_s\b/g, '3600')
    .replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (_m, name: string) => values[name] ?? '.*');
}

/** Every syntax error in `expr` (empty when it parses). */
export function parsePromql(expr: string): PromqlSyntaxError[] {
  if (expr.trim() === '') return [{ position: 1, line: 1, column: 1, message: 'empty expression' }];
  const tree = parser.parse(expr);
  const errors: PromqlSyntaxError[] = [];
  tree.iterate({
    enter: (node) => {
      if (!node.type.isError) return;
      const before = expr.slice(0, node.from);
      const line = before.split('\n').length;
      const column = node.from - before.lastIndexOf('\n');
      const near = expr.slice(node.from, node.from + 12).split('\n')[0];
      errors.push({ position: node.from + 1, line, column, message: near ? `unexpected "${near}"` : 'unexpected end of expression' });
    },
  });
  return errors;
}
