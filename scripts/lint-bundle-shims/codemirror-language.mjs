// `@codemirror/language` as the lint bundle needs it (scripts/bundle-lint.mjs): the Prometheus UI's
// PromQL type checker imports only `syntaxTree(state)` from it, to read the tree of an editor
// state; lint hands it a state whose one field is the complete tree (src/generators/lint/promql-types.ts).
// Same contract as the package's function: the state's language field's tree, else the empty tree.
import { Tree } from '@lezer/common';

export function syntaxTree(state) {
  const field = state.field(undefined, false);
  return field ? field.tree : Tree.empty;
}
