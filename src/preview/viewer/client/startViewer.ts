/** The 3D viewer in the page: scene, controls, toolbar, legend and test hooks. */
import {
  Box3, Color, DirectionalLight, GridHelper, Group, HemisphereLight, Mesh, MeshStandardMaterial, Object3D, PerspectiveCamera, Scene, Vector3, WebGLRenderer,
} from 'three';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import { CSS2DRenderer } from 'three/examples/jsm/renderers/CSS2DRenderer.js';
import { scaleRange } from '../scalarField.js';
import { viewDirection } from '../viewDirection.js';
import { COLOUR_MODES, VIEW_NAMES, type ColourMode, type ViewerColour, type ViewerHooks, type ViewerPayload, type ViewerState, type ViewName } from '../viewerTypes.js';
import { decodeMesh } from './decodeMesh.js';
import { deviceGeometry, type DeviceGeometry } from './deviceGeometry.js';
import { frameView } from './frameView.js';
import { guideOverlay } from './guideOverlay.js';
import { renderLegend } from './renderLegend.js';
// Used only under ORTHOTIC_SCAN, a piece that declares nothing each time (buildFlags.d.ts: so the
// bundle of pages without a 3D scan keeps its bytes).
import { paintFit, startScanLayers } from './scanLayers.js';

/** The stage's background (CSS colour; the canvas clears to it). */
export const BACKGROUND = '#eef1f5';

declare global {
  interface Window { orthoticViewer?: ViewerHooks }
}

export interface ShownDevice {
  id: string;
  side: 'left' | 'right';
  medialSign: 1 | -1;
  root: Group;
  guides: Object3D;
  /** The guides' bounding box in the device's frame (the scanned toes may reach past a short device). */
  guideBox: Box3;
  geometry: DeviceGeometry;
  vertexCount: number;
  triangleCount: number;
  /** A device built from a 3D scan (scanLayers): the fit at each vertex (NaN off the top and outside the fit's region), and the report's worst values, mm. */
  fit?: { values: Float32Array; topVertexCount: number; worstGapMm: number; worstPressureMm: number };
  /** Its scanned sole, a child of `root`, and the sole's bounding box in the device's frame (the toes may reach past a short device). */
  sole?: Object3D;
  soleBox?: Box3;
}

/**
 * Starts the viewer in `doc` from the payload in `#orthotic-data`, and publishes its hooks on
 * `window.orthoticViewer` (with `error` set when it cannot start).
 */
export function startViewer(doc: Document, win: Window): void {
  const hooks: ViewerHooks = {
    ready: false, error: null, views: VIEW_NAMES, colourModes: COLOUR_MODES,
    setView: () => undefined, setColour: () => undefined, setGuides: () => undefined, show: () => undefined,
    state: () => { throw new Error(hooks.error ?? 'the viewer is not ready'); },
    screenBoxes: () => [],
  };
  win.orthoticViewer = hooks;
  const viewport = doc.getElementById('viewport')!;
  try {
    const payload = JSON.parse(doc.getElementById('orthotic-data')!.textContent ?? '') as ViewerPayload;
    if (payload.format !== 'orthotic-viewer' || payload.version !== 1) throw new Error('the page\'s data is not an orthotic viewer payload of version 1');
    run(doc, win, viewport, payload, hooks);
  } catch (err) {
    hooks.error = err instanceof Error ? err.message : String(err);
    const p = doc.createElement('p');
    p.className = 'noscript';
    p.textContent = `The 3D view could not start: ${hooks.error}`;
    viewport.append(p);
    throw err;
  }
}

function run(doc: Document, win: Window, viewport: HTMLElement, payload: ViewerPayload, hooks: ViewerHooks): void {
  const renderer = new WebGLRenderer({ antialias: true, preserveDrawingBuffer: true });
  renderer.setPixelRatio(Math.min(win.devicePixelRatio || 1, 2));
  renderer.setClearColor(new Color(BACKGROUND), 1);
  viewport.append(renderer.domElement);
  renderer.domElement.tabIndex = 0;
  const labels = new CSS2DRenderer();
  Object.assign(labels.domElement.style, { position: 'absolute', inset: '0', pointerEvents: 'none' });
  viewport.append(labels.domElement);

  const scene = new Scene();
  const camera = new PerspectiveCamera(30, 1, 1, 6000);
  camera.up.set(0, 0, 1);
  scene.add(camera);
  // Light that follows the camera: every view is lit from the viewer's upper left, with a soft
  // fill from the other side and a sky/ground ambient, so no preset view is ever in shadow.
  scene.add(new HemisphereLight(0xffffff, 0x8d96a3, 1.1));
  const key = new DirectionalLight(0xffffff, 2.1);
  key.position.set(-1, 1.2, 1);
  const fill = new DirectionalLight(0xffffff, 0.7);
  fill.position.set(1.2, -0.4, 0.6);
  const ahead = new Object3D();
  ahead.position.set(0, 0, -1);
  camera.add(key, fill, ahead);
  key.target = ahead;
  fill.target = ahead;

  const material = new MeshStandardMaterial({ vertexColors: true, roughness: 0.62, metalness: 0, polygonOffset: true, polygonOffsetFactor: 1, polygonOffsetUnits: 1 });
  const devices: ShownDevice[] = payload.devices.map((d) => {
    const { positions, indices } = decodeMesh(d);
    const geometry = deviceGeometry(positions, indices, d.topVertexCount);
    const root = new Group();
    root.name = `device:${d.id}`;
    root.position.set(0, d.offsetYMm, 0);
    root.add(new Mesh(geometry.geometry, material));
    const guides = guideOverlay(d);
    root.add(guides);
    scene.add(root);
    const guideBox = new Box3();
    const xyz = [...d.guides.footOutline, ...d.guides.mthLine];
    for (let i = 0; i + 2 < xyz.length; i += 3) guideBox.expandByPoint(new Vector3(xyz[i], xyz[i + 1], xyz[i + 2]));
    return { id: d.id, side: d.side, medialSign: d.medialSign, root, guides, guideBox, geometry, vertexCount: d.vertexCount, triangleCount: d.triangleCount };
  });

  const all = new Box3();
  for (const d of devices) all.union(boxOf(d));
  const grid = floorGrid(all);
  scene.add(grid);

  const controls = new OrbitControls(camera, renderer.domElement);
  controls.zoomToCursor = true;
  controls.minDistance = 30;
  controls.maxDistance = 4000;

  const state: Omit<ViewerState, 'legend' | 'devices' | 'frames'> = { view: payload.initial.view, colour: payload.initial.colour, guides: payload.initial.guides, shown: 'all' };
  let legend: ViewerState['legend'] = null;
  let frames = 0;
  let pending = 0;
  let moving = false;

  const legendEl = doc.getElementById('legend')!;
  const toolbarEl = doc.getElementById('toolbar');
  /** The parts of the canvas the toolbar and the legend cover, as fractions of it. */
  const insets = () => {
    const h = Math.max(1, viewport.clientHeight);
    const top = toolbarEl ? (toolbarEl.offsetTop + toolbarEl.offsetHeight + 8) / h : 0.05;
    const bottom = (legendEl.offsetHeight + 20) / h;
    return { top: Math.min(0.3, top), bottom: Math.min(0.3, bottom), left: 0.03, right: 0.03 };
  };
  const visible = () => devices.filter((_, i) => state.shown === 'all' || state.shown === i);
  const draw = () => {
    pending = 0;
    const below = camera.position.z < 0;
    grid.visible = !below;
    // Labels are HTML over the canvas and nothing hides them: drop them when looking from below.
    labels.domElement.style.visibility = below ? 'hidden' : 'visible';
    renderer.render(scene, camera);
    labels.render(scene, camera);
    frames++;
  };
  const request = () => { if (!pending) pending = win.requestAnimationFrame(draw); };

  const resize = () => {
    const w = Math.max(1, viewport.clientWidth), h = Math.max(1, viewport.clientHeight);
    renderer.setSize(w, h, false);
    labels.setSize(w, h);
    camera.aspect = w / h;
    camera.updateProjectionMatrix();
  };

  const applyView = (view: ViewName) => {
    const shown = visible();
    const box = new Box3();
    for (const d of shown) {
      box.union(boxOf(d));
      if (state.guides) box.union(d.guideBox.clone().translate(d.root.position));
      if (ORTHOTIC_SCAN && state.sole && d.soleBox) box.union(d.soleBox.clone().translate(d.root.position));
    }
    const first = shown[0]!;
    const { target, position } = frameView(camera, box, viewDirection(view, first.medialSign, shown.length > 1), insets());
    controls.target.copy(target);
    camera.position.copy(position);
    controls.update();
    state.view = view;
  };

  const paint = () => {
    if (ORTHOTIC_SCAN && state.colour === 'fit') return void (legend = paintFit(visible(), devices, legendEl, state.guides));
    const shown = visible();
    // state.colour is never 'fit' past this point (as ColourMode: a cast, not code).
    const max = Math.max(...shown.map((d) => d.geometry.max[state.colour as ColourMode]));
    const [lo, hi] = scaleRange(state.colour as ColourMode, max);
    for (const d of devices) d.geometry.paint(state.colour as ColourMode, lo, hi);
    const ticks = renderLegend(legendEl, state.colour as ColourMode, lo, hi, max, state.guides);
    legend = state.colour === 'plain' ? null : { title: state.colour, lo, hi, ticks };
  };

  const syncToolbar = () => {
    for (const b of doc.querySelectorAll<HTMLButtonElement>('[data-view]')) {
      b.setAttribute('aria-pressed', String(b.dataset.view === state.view));
    }
    for (const b of doc.querySelectorAll<HTMLButtonElement>('[data-colour]')) b.setAttribute('aria-pressed', String(b.dataset.colour === state.colour));
    for (const b of doc.querySelectorAll<HTMLButtonElement>('[data-show]')) b.setAttribute('aria-pressed', String(b.dataset.show === String(state.shown)));
    const toggle = doc.getElementById('guides-toggle') as HTMLInputElement | null;
    if (toggle) toggle.checked = state.guides;
  };

  const setView = (view: ViewName) => {
    if (!VIEW_NAMES.includes(view)) throw new Error(`unknown view '${String(view)}' (one of ${VIEW_NAMES.join(', ')})`);
    if ((view === 'medial' || view === 'lateral') && visible().length > 1) showOnly(0);
    applyView(view);
    syncToolbar();
    draw();
  };
  const setColour = (mode: ViewerColour) => {
    if (!COLOUR_MODES.includes(mode as ColourMode) && !(ORTHOTIC_SCAN && hooks.colourModes.includes(mode))) throw new Error(`unknown colour mode '${String(mode)}' (one of ${(ORTHOTIC_SCAN ? hooks.colourModes : COLOUR_MODES).join(', ')})`);
    state.colour = mode;
    paint();
    syncToolbar();
    draw();
  };
  const setGuides = (on: boolean) => {
    state.guides = on;
    for (const d of devices) d.guides.visible = on;
    paint();
    syncToolbar();
    draw();
  };
  const showOnly = (which: 'all' | number) => {
    if (which !== 'all' && !(Number.isInteger(which) && which >= 0 && which < devices.length)) throw new Error(`no device ${String(which)} (0–${devices.length - 1}, or 'all')`);
    state.shown = which;
    devices.forEach((d, i) => { d.root.visible = which === 'all' || which === i; });
    paint();
  };
  const show = (which: 'all' | number) => {
    showOnly(which);
    const view = state.view ?? 'home';
    applyView(which === 'all' && (view === 'medial' || view === 'lateral') ? 'home' : view);
    syncToolbar();
    draw();
  };

  for (const b of doc.querySelectorAll<HTMLButtonElement>('[data-view]')) b.addEventListener('click', () => setView(b.dataset.view as ViewName));
  for (const b of doc.querySelectorAll<HTMLButtonElement>('[data-colour]')) b.addEventListener('click', () => setColour(b.dataset.colour as ViewerColour));
  for (const b of doc.querySelectorAll<HTMLButtonElement>('[data-show]')) b.addEventListener('click', () => show(b.dataset.show === 'all' ? 'all' : Number(b.dataset.show)));
  doc.getElementById('guides-toggle')?.addEventListener('change', (e) => setGuides((e.target as HTMLInputElement).checked));
  controls.addEventListener('start', () => { moving = true; });
  controls.addEventListener('end', () => { moving = false; });
  controls.addEventListener('change', () => {
    if (moving && state.view !== null) { state.view = null; syncToolbar(); }
    request();
  });
  new ResizeObserver(() => { resize(); draw(); }).observe(viewport);

  Object.assign(hooks, {
    setView, setColour, setGuides, show,
    state: (): ViewerState => ({
      ...state,
      legend: legend && { ...legend, ticks: [...legend.ticks] },
      devices: devices.map((d) => ({ id: d.id, side: d.side, vertexCount: d.vertexCount, triangleCount: d.triangleCount })),
      frames,
    }),
    screenBoxes: () => {
      const w = renderer.domElement.clientWidth, h = renderer.domElement.clientHeight;
      return visible().map((d) => {
        const b = boxOf(d);
        let left = Infinity, top = Infinity, right = -Infinity, bottom = -Infinity;
        const v = new Vector3();
        for (let i = 0; i < 8; i++) {
          v.set(i & 1 ? b.max.x : b.min.x, i & 2 ? b.max.y : b.min.y, i & 4 ? b.max.z : b.min.z).project(camera);
          const x = ((v.x + 1) / 2) * w, y = ((1 - v.y) / 2) * h;
          left = Math.min(left, x); right = Math.max(right, x); top = Math.min(top, y); bottom = Math.max(bottom, y);
        }
        return { id: d.id, side: d.side, left, top, right, bottom };
      });
    },
  } satisfies Partial<ViewerHooks>);

  if (ORTHOTIC_SCAN) startScanLayers({ doc, payload, devices, state, hooks, refresh: () => { paint(); syncToolbar(); draw(); } });
  resize();
  for (const d of devices) d.guides.visible = state.guides;
  paint(); // before framing: the legend's height is part of the insets
  applyView(state.view ?? 'home');
  syncToolbar();
  draw();
  hooks.ready = true;
  doc.documentElement.dataset.ready = 'true';
}

/** A device's bounding box in the scene (its mesh, shifted to its place). */
function boxOf(d: ShownDevice): Box3 {
  return d.geometry.geometry.boundingBox!.clone().translate(d.root.position);
}

/** A 10 mm grid on the floor around the devices, faint, just below z = 0. */
function floorGrid(box: Box3): GridHelper {
  const size = 20 * Math.ceil((Math.max(box.max.x - box.min.x, box.max.y - box.min.y) + 160) / 20);
  const grid = new GridHelper(size, size / 10, 0xcfd6df, 0xd9dfe6);
  grid.rotation.x = Math.PI / 2;
  const c = box.getCenter(new Vector3());
  grid.position.set(10 * Math.round(c.x / 10), 10 * Math.round(c.y / 10), -0.15);
  for (const m of [grid.material].flat()) { m.transparent = true; m.opacity = 0.8; m.depthWrite = false; }
  return grid;
}
