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

function skipString(t: string, i: number): number {
  for (i++; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c === 92) i++;
    else if (c === 34) return i + 1;
  }
  return i;
}

/** End offset of the value starting at `i`. */
export function skipJsonValue(t: string, i: number): number {
  i = skipSpace(t, i);
  const c = t[i];
  if (c === '"') return skipString(t, i);
  if (c !== '{' && c !== '[') {
    while (i < t.length && !/[,\]}\s]/.test(t[i]!)) i++;
    return i;
  }
  let depth = 0;
  for (; i < t.length; i++) {
    const ch = t[i];
    if (ch === '"') { i = skipString(t, i) - 1; continue; }
    if (ch === '{' || ch === '[') depth++;
    else if (ch === '}' || ch === ']') { depth--; if (depth === 0) return i + 1; }
  }
  return i;
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
        const name = JSON.parse(t.slice(i, keyEnd)) as string;
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
