/**
 * Charts as inline SVG, rendered on the server: vega-lite spec → compile → vega parse → headless
 * View (renderer 'none') → toSVG(). The page then needs no JavaScript to show them, and prints.
 */
import { compile, type TopLevelSpec } from 'vega-lite';
import { parse, View } from 'vega';

const chartConfig = {
  font: 'Helvetica, Arial, sans-serif',
  axis: { labelFontSize: 11, titleFontSize: 11, grid: true, gridColor: '#e5e7eb' },
  legend: { labelFontSize: 11, titleFontSize: 11, orient: 'bottom' },
  view: { stroke: null },
  range: { category: ['#2563eb', '#f97316', '#16a34a', '#dc2626', '#7c3aed', '#0891b2', '#ca8a04', '#db2777'] },
} as const;

/** Renders one vega-lite spec to an SVG string, labelled for screen readers. */
export async function renderChartSvg(spec: TopLevelSpec, title: string): Promise<string> {
  const withConfig = { ...spec, config: { ...chartConfig, ...(spec.config ?? {}) } } as TopLevelSpec;
  const vgSpec = compile(withConfig).spec;
  const view = new View(parse(vgSpec), { renderer: 'none' });
  try {
    const svg = await view.toSVG();
    const escaped = title.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
    return svg.replace(/^<svg /, `<svg role="img" aria-label="${escaped}" `);
  } finally {
    view.finalize();
  }
}
