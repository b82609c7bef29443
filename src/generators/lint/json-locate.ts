/**
 * Offsets of values in JSON text by path, without building a document: a scanner that skips what
 * it does not need. Used for positions in dashboards (parsed with JSON.parse, which keeps none);
 * only paths that have a finding are ever looked up.
 */
import type { DataPath } from './source-position.js';

// The scans jump with regular expressions (native code) rather than stepping through characters
// in JavaScript: a finding in a dashboard is looked up in cold code, early in a run, and a
// dashboard in a ConfigMap is read from the file as it stands, indentation and all.
const space = /[ \t\n\r]*/y;
const string = /"[^"\\]*(?:\\[\s\S][^"\\]*)*"/y;
const scalarEnd = /[,\]}\s]/g;
/** From just after a bracket to the next bracket outside strings. */
const toBracket = /[^"{}[\]]*(?:"[^"\\]*(?:\\[\s\S][^"\\]*)*"[^"{}[\]]*)*/y;

function skipSpace(t: string, i: number): number {
  if (i >= t.length) return i;
  space.lastIndex = i;
  space.test(t);
  return space.lastIndex;
}

/** End of the string starting at `i` (the end of the text when it is not closed). */
function skipString(t: string, i: number): number {
  string.lastIndex = i;
  return string.test(t) ? string.lastIndex : t.length;
}

/** End offset of the value starting at `i`. */
export function skipJsonValue(t: string, i: number): number {
  i = skipSpace(t, i);
  const c = t[i];
  if (c === '"') return skipString(t, i);
  if (c !== '{' && c !== '[') {
    scalarEnd.lastIndex = i;
    return scalarEnd.exec(t)?.index ?? t.length;
  }
  // From bracket to bracket: strings and everything else between them are skipped natively.
  for (let depth = 0; ;) {
    const ch = t[i];
    if (ch === '{' || ch === '[') depth++;
    else if (ch === '}' || ch === ']') {
      if (--depth === 0) return i + 1;
    } else return t.length; // a string not closed, or the end of the text
    toBracket.lastIndex = i + 1;
    toBracket.test(t);
    i = toBracket.lastIndex;
  }
}

/** Offset where the value at `path` starts (the nearest ancestor found), and whether all of `path` was found. */
export function locateJsonValue(t: string, path: DataPath): { offset: number; complete: boolean } {
  let i = skipSpace(t, 0);
  for (const key of path) {
    const open = t[i];
    let found = false;
    if (open === '{' && typeof key === 'string') {
      i = skipSpace(t, i + 1);
      while (i < t.length && t[i] !== '}') {
        const keyEnd = skipString(t, i);
        const quoted = t.slice(i, keyEnd);
        const name = quoted.includes('\\') ? (JSON.parse(quoted) as string) : quoted.slice(1, -1);
        i = skipSpace(t, keyEnd);
        i = skipSpace(t, i + 1); // ':'
        if (name === key) { found = true; break; }
        i = skipSpace(t, skipJsonValue(t, i));
        if (t[i] === ',') i = skipSpace(t, i + 1);
      }
    } else if (open === '[' && typeof key === 'number') {
      i = skipSpace(t, i + 1);
      for (let n = 0; i < t.length && t[i] !== ']'; n++) {
        if (n === key) { found = true; break; }
        i = skipSpace(t, skipJsonValue(t, i));
        if (t[i] === ',') i = skipSpace(t, i + 1);
      }
    }
    if (!found) return { offset: i, complete: false };
  }
  return { offset: i, complete: true };
}
