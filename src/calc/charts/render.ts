import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

// Swedish number formatting in axes and labels: decimal comma, space between thousands, the minus sign.
const SV_LOCALE = { decimal: ',', thousands: '\u00a0', grouping: [3], currency: ['', ' kr'] as [string, string], minus: '\u2212' };

/** Renders a Vega-Lite spec to PNG without a browser: Vega-Lite → Vega → SVG → resvg. */
export async function renderPng(spec: TopLevelSpec, scale = 2): Promise<Buffer> {
  vega.formatLocale(SV_LOCALE);
  // Vega-Lite warns on stderr about sort settings it resolves itself; the chart is right, the warning is log noise.
  const view = new vega.View(vega.parse(compile(spec, { logger: vega.logger(vega.Error) }).spec), { renderer: 'none', logLevel: vega.Error });
  const svg = await view.toSVG();
  view.finalize();
  const png = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
    background: 'white',
  }).render();
  return png.asPng();
}
