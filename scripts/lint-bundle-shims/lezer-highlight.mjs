// `@lezer/highlight` as the lint bundle needs it (scripts/bundle-lint.mjs): the PromQL grammar
// (@prometheus-io/lezer-promql) imports `styleTags` and `tags` only to attach editor highlighting
// to its node types, which lint never reads; the real package defines ~100 tags and every
// combination of their modifiers on each start. Here every tag (`tags.x`, and a modified tag
// `tags.m(tags.x)`) is one inert value, and `styleTags` adds no property to any node type (a
// NodeSet prop source that answers nothing).
const tag = () => tag;
export const tags = new Proxy({}, { get: () => tag });

export function styleTags() {
  return () => undefined;
}
