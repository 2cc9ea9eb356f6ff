/**
 * The top-view map as a PNG, rasterised by resvg (a Rust SVG renderer; no browser needed).
 */
import { createRequire } from 'node:module';
import type * as ResvgModule from '@resvg/resvg-js';

// Loaded on first use: resvg is a native addon whose loader probes the system (~10 ms), which a
// run that draws no PNG should not pay.
let resvg: typeof ResvgModule | undefined;

export interface MapPngOptions {
  /** Output width in pixels (height follows the drawing's aspect). Default: the SVG's own width. */
  widthPx?: number;
  /** Let resvg look for installed fonts (default true). Without any font the PNG is still drawn,
   *  only without its text. */
  loadSystemFonts?: boolean;
  /** Font files to load in addition (for machines without system fonts; missing files are ignored). */
  fontFiles?: string[];
}

/** Fonts tried first, in order: the SVG asks for these families (Debian: fonts-dejavu-core). */
export const MAP_FONT_FAMILY = 'DejaVu Sans';

/**
 * Rasterises an SVG (normally from `renderMapSvg`) to PNG bytes on a white background.
 * resvg loads fonts itself: system fonts (fontconfig's folders on Linux) unless told not to,
 * plus any `fontFiles`.
 *
 * @throws Error when the SVG cannot be parsed.
 */
export function renderMapPng(svg: string, options: MapPngOptions = {}): Uint8Array {
  resvg ??= createRequire(import.meta.url)('@resvg/resvg-js') as typeof ResvgModule;
  const renderer = new resvg.Resvg(svg, {
    background: '#ffffff',
    fitTo: options.widthPx ? { mode: 'width', value: Math.round(options.widthPx) } : { mode: 'original' },
    font: {
      loadSystemFonts: options.loadSystemFonts ?? true,
      fontFiles: options.fontFiles ?? [],
      defaultFontFamily: MAP_FONT_FAMILY,
      sansSerifFamily: MAP_FONT_FAMILY,
    },
    shapeRendering: 2,
    textRendering: 1,
    logLevel: 'off',
  });
  return new Uint8Array(renderer.render().asPng());
}
