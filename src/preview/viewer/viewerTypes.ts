/**
 * The 3D viewer's options and the JSON payload embedded in the page: shared by the page writer
 * (Node) and the page's own script (browser, `client/`), so this file imports nothing.
 */

/** Preset camera views. `home` is an oblique three-quarter view; the others are the clinical ones. */
export const VIEW_NAMES = ['home', 'medial', 'lateral', 'posterior', 'plantar', 'top'] as const;
export type ViewName = (typeof VIEW_NAMES)[number];

/** What the surface is coloured by: shell thickness, height above the floor, or one plain colour. */
export const COLOUR_MODES = ['thickness', 'height', 'plain'] as const;
export type ColourMode = (typeof COLOUR_MODES)[number];

/**
 * Every colouring a page may offer: the three above, and `fit` (the top against the scanned sole:
 * gap or pressure), offered only when a device shown was built from a 3D scan.
 */
export type ViewerColour = ColourMode | 'fit';

export interface ViewerOptions {
  /** Page title (default: the devices' ids and sides). */
  title?: string;
  /** The view the page opens with. */
  view?: ViewName;
  /** The colouring the page opens with (`fit` only when a device has a 3D scan). */
  colour?: ViewerColour;
  /** Whether the foot outline and landmarks are shown when the page opens. */
  guides?: boolean;
  /** Whether the scanned sole is shown when the page opens (devices built from a 3D scan). */
  sole?: boolean;
  /** Gap between devices shown side by side, mm. */
  gapMm?: number;
}

export const VIEWER_DEFAULTS = { view: 'home', colour: 'thickness', guides: true, sole: true, gapMm: 30 } as const satisfies Required<Omit<ViewerOptions, 'title'>>;

/**
 * Values on a regular grid over the floor plane, as the page carries them: node (i, j) at
 * (x0 + i·stepMm, y0 + j·stepMm), row-major in j; each value an int16 in hundredths of a mm
 * (base64 of little-endian bytes), GRID_NONE where there is none.
 */
export interface EncodedGrid {
  x0: number;
  y0: number;
  stepMm: number;
  nx: number;
  ny: number;
  values: string;
}

/** What a device built from a 3D scan adds to the page (absent for any other device). */
export interface PayloadScan {
  /**
   * The scanned sole where the foot rests on the device: its height as scanned plus the fit's
   * offset, and the shoe's heel pitch as the device has it; foot frame, mm, decimated for the page.
   */
  sole: EncodedGrid;
  /** The fit's samples (device − sole − offset, mm: > 0 the device presses, < 0 a gap) on a grid. */
  fit: EncodedGrid;
  /** The report's worst gap (device below the sole) and worst pressure (device above), mm. */
  worstGapMm: number;
  worstPressureMm: number;
}

/** One device in the page's payload. Meshes are base64 of little-endian typed arrays. */
export interface PayloadDevice {
  id: string;
  side: 'left' | 'right';
  /** +1 when medial is +y (right foot), -1 when medial is -y (left foot). */
  medialSign: 1 | -1;
  /** Where the device is placed in the scene: its foot frame shifted by this along y, mm. */
  offsetYMm: number;
  vertexCount: number;
  triangleCount: number;
  /** Vertices [0, topVertexCount) are the top surface; v + topVertexCount is the underside under v. */
  topVertexCount: number;
  /** Float32 xyz, mm, foot frame: the mesh's positions byte for byte. */
  positions: string;
  /** Three vertex indices a triangle, counter-clockwise from outside; uint16 when every index fits. */
  indices: string;
  indexType: 'uint16' | 'uint32';
  /** Guides draped on the top surface (z just above it; on the floor where the foot extends past the device), mm. */
  guides: {
    /** The scanned foot outline, closed, xyz triples. */
    footOutline: number[];
    /** The metatarsal-head line from MTH1 to MTH5, xyz triples. */
    mthLine: number[];
    heelCentre: [number, number, number];
    archApex: [number, number, number];
  };
  /** Only for a device built from a 3D scan and measured against it (the key is absent otherwise). */
  scan?: PayloadScan;
}

/** The JSON embedded in the page (`<script type="application/json" id="orthotic-data">`). */
export interface ViewerPayload {
  format: 'orthotic-viewer';
  version: 1;
  /** `sole` only when a device has a 3D scan (absent otherwise). */
  initial: { view: ViewName; colour: ViewerColour; guides: boolean; sole?: boolean };
  devices: PayloadDevice[];
}

/** What the viewer shows now. */
export interface ViewerState {
  /** The last preset view chosen (null once the camera was moved by hand). */
  view: ViewName | null;
  colour: ViewerColour;
  guides: boolean;
  /** Whether the scanned sole is shown (only on a page with a 3D scan). */
  sole?: boolean;
  /** Which device is shown: all, or one (its index in `devices`, left to right). */
  shown: 'all' | number;
  legend: { title: string; lo: number; hi: number; ticks: number[] } | null;
  devices: Array<{ id: string; side: 'left' | 'right'; vertexCount: number; triangleCount: number }>;
  /** Frames drawn so far. */
  frames: number;
}

/** `window.orthoticViewer`: what a person does with the toolbar, for tests and scripts. */
export interface ViewerHooks {
  /** True once the first frame is drawn. */
  ready: boolean;
  /** Why the viewer could not start (no WebGL, a bad payload), else null. */
  error: string | null;
  views: readonly ViewName[];
  /** The colourings offered: `fit` too when a device has a 3D scan. */
  colourModes: readonly ViewerColour[];
  /** Moves the camera to a preset view and draws at once. Medial and lateral need one device: with several shown, the first (left) is shown alone. */
  setView(view: ViewName): void;
  setColour(mode: ViewerColour): void;
  setGuides(on: boolean): void;
  /** Shows or hides the scanned sole (only on a page with a 3D scan). */
  setSole?(on: boolean): void;
  /** Shows every device, or only the one at `index` (left to right), and frames the current view on it. */
  show(which: 'all' | number): void;
  state(): ViewerState;
  /** Each shown device's bounding box projected into the canvas, CSS pixels from its top-left corner. */
  screenBoxes(): Array<{ id: string; side: 'left' | 'right'; left: number; top: number; right: number; bottom: number }>;
}
