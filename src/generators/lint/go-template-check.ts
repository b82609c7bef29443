/**
 * A syntax check of Go `text/template` as Prometheus uses it in alert labels and annotations:
 * actions are closed, control blocks (if/range/with … end) balance, functions exist (Go's built-ins
 * plus Prometheus' template functions), variables are defined (`$labels`, `$value`,
 * `$externalLabels`, `$externalURL` and any `$x :=`). It also reports which labels `$labels.x`
 * reads and whether `$value` is used, for the checks that compare them with the query.
 */

export interface TemplateFacts {
  /** The first error, as Go's parser would report it; null when the template parses. */
  error: { offset: number; message: string } | null;
  labels: { name: string; offset: number }[];
  usesValue: boolean;
}

const goBuiltins = ['and', 'call', 'html', 'index', 'slice', 'js', 'len', 'not', 'or', 'print', 'printf', 'println', 'urlquery', 'eq', 'ge', 'gt', 'le', 'lt', 'ne'];
const prometheusFunctions = ['query', 'first', 'label', 'value', 'strvalue', 'args', 'reReplaceAll', 'safeHtml', 'match', 'title', 'toUpper', 'toLower', 'graphLink', 'tableLink', 'sortByLabel', 'humanize', 'humanize1024', 'humanizeDuration', 'humanizePercentage', 'humanizeTimestamp', 'toTime', 'pathPrefix', 'externalURL', 'parseDuration', 'stripPort', 'stripDomain', 'now', 'toDuration', 'urlUnescape', 'trimSpace'];
const knownFunctions = new Set([...goBuiltins, ...prometheusFunctions]);
const blockOpeners = new Set(['if', 'range', 'with', 'define', 'block']);
const predeclared = ['$', '$labels', '$value', '$externalLabels', '$externalURL'];

interface Token { kind: 'ident' | 'var' | 'field' | 'string' | 'number' | 'punct'; text: string; offset: number }

/** Tokens of one action's body, or an error. */
function lexAction(body: string, base: number): Token[] | { offset: number; message: string } {
  const tokens: Token[] = [];
  let i = 0;
  while (i < body.length) {
    const c = body[i]!;
    const at = base + i;
    if (/\s/.test(c)) { i++; continue; }
    if (c === '"') {
      let j = i + 1;
      while (j < body.length && body[j] !== '"') { if (body[j] === '\\') j++; if (body[j] === '\n') return { offset: base + j, message: 'unterminated quoted string' }; j++; }
      if (j >= body.length) return { offset: at, message: 'unterminated quoted string' };
      tokens.push({ kind: 'string', text: body.slice(i, j + 1), offset: at });
      i = j + 1;
      continue;
    }
    if (c === '`') {
      const j = body.indexOf('`', i + 1);
      if (j === -1) return { offset: at, message: 'unterminated raw quoted string' };
      tokens.push({ kind: 'string', text: body.slice(i, j + 1), offset: at });
      i = j + 1;
      continue;
    }
    if (c === "'") {
      const m = /^'(\\.|[^'\\])[^']*'/.exec(body.slice(i));
      if (!m) return { offset: at, message: 'unterminated character constant' };
      tokens.push({ kind: 'string', text: m[0], offset: at });
      i += m[0].length;
      continue;
    }
    const rest = body.slice(i);
    let m = /^\$[A-Za-z0-9_]*(\.[A-Za-z0-9_]+)*/.exec(rest);
    if (m) { tokens.push({ kind: 'var', text: m[0], offset: at }); i += m[0].length; continue; }
    m = /^(\.[A-Za-z0-9_]+)+|^\./.exec(rest);
    if (m) { tokens.push({ kind: 'field', text: m[0], offset: at }); i += m[0].length; continue; }
    m = /^[-+]?(0x[0-9a-fA-F]+|\d+(\.\d*)?([eE][-+]?\d+)?|\.\d+)/.exec(rest);
    if (m) { tokens.push({ kind: 'number', text: m[0], offset: at }); i += m[0].length; continue; }
    m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(rest);
    if (m) { tokens.push({ kind: 'ident', text: m[0], offset: at }); i += m[0].length; continue; }
    m = /^(:=|=|\||\(|\)|,)/.exec(rest);
    if (m) { tokens.push({ kind: 'punct', text: m[0], offset: at }); i += m[0].length; continue; }
    return { offset: at, message: `unrecognized character in action: ${JSON.stringify(c)}` };
  }
  return tokens;
}

/** Checks one template; offsets are into `template`. */
export function checkGoTemplate(template: string): TemplateFacts {
  const facts: TemplateFacts = { error: null, labels: [], usesValue: false };
  const declared = new Set(predeclared);
  const stack: { word: string; offset: number }[] = [];
  const fail = (offset: number, message: string): TemplateFacts => ({ ...facts, error: { offset, message } });
  let i = 0;
  while (true) {
    const open = template.indexOf('{{', i);
    if (open === -1) break;
    let start = open + 2;
    if (template[start] === '-' && /\s/.test(template[start + 1] ?? '')) start += 2;
    if (template.startsWith('/*', start)) {
      const endComment = template.indexOf('*/', start);
      const close = endComment === -1 ? -1 : template.indexOf('}}', endComment);
      if (close === -1) return fail(open, 'unclosed comment');
      i = close + 2;
      continue;
    }
    // Find the closing `}}` outside strings.
    let j = start;
    let close = -1;
    while (j < template.length) {
      const c = template[j]!;
      if (c === '"' || c === '`' || c === "'") {
        const q = c;
        j++;
        while (j < template.length && template[j] !== q) { if (q !== '`' && template[j] === '\\') j++; j++; }
        j++;
        continue;
      }
      if (template.startsWith('}}', j)) { close = j; break; }
      j++;
    }
    if (close === -1) return fail(open, 'unclosed action');
    let end = close;
    if (template[end - 1] === '-' && /\s/.test(template[end - 2] ?? '')) end -= 1;
    const tokens = lexAction(template.slice(start, end), start);
    if (!Array.isArray(tokens)) return fail(tokens.offset, tokens.message);
    if (tokens.length === 0) return fail(open, 'missing value for command');
    const first = tokens[0]!;
    let args = tokens;
    if (first.kind === 'ident' && (blockOpeners.has(first.text) || ['else', 'end', 'template', 'break', 'continue'].includes(first.text))) {
      if (first.text === 'end') {
        if (!stack.pop()) return fail(open, 'unexpected {{end}}');
        args = [];
        if (tokens.length > 1) return fail(tokens[1]!.offset, `unexpected "${tokens[1]!.text}" in end`);
      } else if (first.text === 'else') {
        const top = stack[stack.length - 1];
        if (!top || !['if', 'range', 'with'].includes(top.word)) return fail(open, 'unexpected {{else}}');
        args = tokens.slice(tokens[1]?.text === 'if' || tokens[1]?.text === 'with' ? 2 : 1);
      } else if (first.text === 'define' || first.text === 'template' || first.text === 'block') {
        if (tokens[1]?.kind !== 'string') return fail(first.offset, `unexpected ${tokens[1] ? `"${tokens[1].text}"` : 'end of action'} in ${first.text} clause`);
        if (first.text !== 'template') stack.push({ word: first.text, offset: open });
        args = tokens.slice(2);
      } else if (first.text === 'break' || first.text === 'continue') {
        args = [];
      } else {
        stack.push({ word: first.text, offset: open });
        args = tokens.slice(1);
        if (args.length === 0) return fail(open, `missing value for ${first.text}`);
      }
    }
    // Variable declarations: `$x :=` / `$x, $y :=` at the start of a pipeline.
    const assign = args.findIndex((t) => t.text === ':=' || t.text === '=');
    if (assign > 0) {
      for (const t of args.slice(0, assign)) if (t.kind === 'var') declared.add(t.text.split('.')[0]!);
      args = args.slice(assign + 1);
    }
    let depth = 0;
    for (const t of args) {
      if (t.text === '(') { depth++; continue; }
      if (t.text === ')') { depth--; if (depth < 0) return fail(t.offset, 'unexpected right paren'); continue; }
      if (t.text === '|') continue;
      if (t.kind === 'ident' && !['true', 'false', 'nil'].includes(t.text)) {
        if (!knownFunctions.has(t.text)) return fail(t.offset, `function "${t.text}" not defined`);
      } else if (t.kind === 'var') {
        // `$name.field…`: the name, and the first field (cut with indexOf: a rest pattern over split() is slow in cold code).
        const dot = t.text.indexOf('.');
        const name = dot === -1 ? t.text : t.text.slice(0, dot);
        if (!declared.has(name)) return fail(t.offset, `undefined variable "${name}"`);
        const next = dot === -1 ? -1 : t.text.indexOf('.', dot + 1);
        const field = dot === -1 ? '' : t.text.slice(dot + 1, next === -1 ? undefined : next);
        if (name === '$labels' && field) facts.labels.push({ name: field, offset: t.offset + name.length + 1 });
        if (name === '$value') facts.usesValue = true;
      } else if (t.kind === 'field') {
        if (t.text.startsWith('.Labels.')) facts.labels.push({ name: t.text.split('.')[2]!, offset: t.offset + 8 });
        if (t.text === '.Value') facts.usesValue = true;
      }
    }
    if (depth > 0) return fail(open, 'unclosed left paren');
    // `index $labels "x"`
    for (let k = 0; k + 2 < args.length; k++) {
      if (args[k]!.text === 'index' && args[k + 1]!.text === '$labels' && args[k + 2]!.kind === 'string') facts.labels.push({ name: args[k + 2]!.text.slice(1, -1), offset: args[k + 2]!.offset + 1 });
    }
    i = close + 2;
  }
  if (stack.length) return fail(stack[stack.length - 1]!.offset, `unexpected EOF: {{${stack[stack.length - 1]!.word}}} has no {{end}}`);
  return facts;
}
