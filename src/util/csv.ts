/** RFC 4180 CSV rows: quoted where needed, empty for null/undefined, numbers as written. */
export function formatCsvRow(cells: readonly (string | number | boolean | null | undefined)[]): string {
  return cells
    .map((v) => {
      if (v === null || v === undefined) return '';
      const s = String(v);
      return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
    })
    .join(',');
}
