/**
 * Offsets of values in JSON text by path, without building a document: a scanner that skips what
 * it does not need. Used for positions in dashboards (parsed with JSON.parse, which keeps none);
 * only paths that have a finding are ever looked up.
 */
import type { DataPath } from './source-position.js';

function skipSpace(t: string, i: number): number {
  while (i < t.length) {
    const c = t.charCodeAt(i);
    if (c !== 32 && c !== 10 && c !== 13 && c !== 9) break;
    i++;
  }
  return i;
}

// The scans jump with indexOf and regular expressions (native code) rather than stepping through
// characters: a finding in a dashboard is looked up in cold code, early in a run.
const quoteOrBackslash = /["\\]/g;
const scalarEnd = /[,\]}\s]/g;
const structural = /["{}[\]]/g;

function skipString(t: string, i: number): number {
  for (quoteOrBackslash.lastIndex = i + 1; ;) {
    const m = quoteOrBackslash.exec(t);
    if (!m) return t.length;
    if (m[0] === '"') return m.index + 1;
    quoteOrBackslash.lastIndex = m.index + 2;
  }
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
  let depth = 0;
  for (structural.lastIndex = i; ;) {
    const m = structural.exec(t);
    if (!m) return t.length;
    const ch = m[0];
    if (ch === '"') structural.lastIndex = skipString(t, m.index);
    else if (ch === '{' || ch === '[') depth++;
    else if (--depth === 0) return m.index + 1;
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
