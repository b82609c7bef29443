/**
 * The fast path of the PromQL analysis in a cold process: a query our small parser reads for sure
 * (promql-ast.ts) and the UI's type checker would pass (promql-ast-types.ts) gets its facts from
 * our tree (promql-ast-facts.ts), without Lezer. Anything else — an error, a warning, a construct
 * the small parser leaves alone — returns null, and the Lezer parser and the UI's checker, which
 * word every message, analyse it.
 */
import { parsePromqlAst, type AstNode } from './promql-ast.js';
import { collectAstFacts } from './promql-ast-facts.js';
import { functionSignature, isWellTyped } from './promql-ast-types.js';
import type { PromqlFacts } from './promql-facts.js';

const isFunction = (name: string) => functionSignature(name) !== undefined;

/** The tree of `expr` (same nodes and offsets as Lezer's), or null when Lezer must read it. */
export function parsePromqlFast(expr: string): AstNode | null {
  return parsePromqlAst(expr, isFunction);
}

/** The facts of a valid, well-typed query, or null when the Lezer path must decide. */
export function analyzeFast(expr: string): PromqlFacts | null {
  const tree = parsePromqlFast(expr);
  return tree && isWellTyped(tree) ? collectAstFacts(expr, tree) : null;
}
