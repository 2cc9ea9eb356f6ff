/** The 3D viewer page's style sheet (inlined; system fonts only, nothing fetched). */
export const VIEWER_CSS = `
:root {
  --ink: #1c2530; --muted: #64748b; --line: #dfe5ec; --paper: #ffffff; --stage: #eef1f5;
  --accent: #1f5fbf; --accent-soft: #e6eefb; --warn-bg: #fff6e0; --warn-line: #e9a319; --warn-ink: #6b4500;
  --clamp: #b42318; --clamp-bg: #fdecea;
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color: var(--ink);
}
* { box-sizing: border-box; }
html, body { margin: 0; height: 100%; }
body { background: var(--stage); overflow: hidden; }
#app { display: grid; grid-template-columns: minmax(0, 1fr) 380px; height: 100vh; }
#stage { display: flex; flex-direction: column; min-width: 0; min-height: 0; }
#view { position: relative; flex: 1; min-height: 0; }
#viewport { position: absolute; inset: 0; }
#viewport canvas { display: block; width: 100%; height: 100%; outline: none; }

#toolbar { position: absolute; top: 12px; left: 12px; right: 12px; display: flex; flex-wrap: wrap; gap: 8px; align-items: center; pointer-events: none; }
#toolbar > * { pointer-events: auto; }
.group { display: inline-flex; align-items: center; background: rgba(255,255,255,.92); border: 1px solid var(--line); border-radius: 8px; padding: 3px; box-shadow: 0 1px 2px rgba(16,24,40,.06); }
.group .label { font-size: 11px; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); padding: 0 6px 0 6px; }
.group button { font: inherit; font-size: 13px; border: 0; background: transparent; color: var(--ink); padding: 4px 10px; border-radius: 6px; cursor: pointer; }
.group button:hover { background: #f1f4f8; }
.group button[aria-pressed="true"] { background: var(--accent); color: #fff; }
.group button:disabled { color: #a7b1bd; cursor: default; background: transparent; }
.toggle { display: inline-flex; align-items: center; gap: 6px; background: rgba(255,255,255,.92); border: 1px solid var(--line); border-radius: 8px; padding: 6px 10px; font-size: 13px; cursor: pointer; box-shadow: 0 1px 2px rgba(16,24,40,.06); }
.toggle input { margin: 0; accent-color: var(--accent); }

#legend { position: absolute; left: 12px; bottom: 12px; background: rgba(255,255,255,.94); border: 1px solid var(--line); border-radius: 8px; padding: 8px 12px 6px; min-width: 260px; box-shadow: 0 1px 2px rgba(16,24,40,.06); }
#legend:empty { display: none; }
#legend .title { font-size: 12px; font-weight: 600; margin-bottom: 6px; }
#legend .bar { height: 12px; border-radius: 3px; border: 1px solid rgba(0,0,0,.15); }
#legend .ticks { position: relative; height: 18px; margin-top: 2px; font-size: 11px; color: var(--muted); font-variant-numeric: tabular-nums; }
#legend .ticks span { position: absolute; top: 2px; transform: translateX(-50%); white-space: nowrap; }
#legend .ticks span::before { content: ""; position: absolute; left: 50%; top: -4px; height: 4px; border-left: 1px solid #94a3b8; }
#legend .note { font-size: 11px; color: var(--muted); margin-top: 2px; }
#legend .swatches { display: flex; gap: 12px; font-size: 12px; }
#legend .swatches i { display: inline-block; width: 12px; height: 12px; border-radius: 2px; vertical-align: -2px; margin-right: 4px; border: 1px solid rgba(0,0,0,.15); }

#hint { position: absolute; right: 12px; bottom: 12px; font-size: 12px; color: var(--muted); background: rgba(255,255,255,.8); border-radius: 6px; padding: 3px 8px; }
.noscript { position: absolute; inset: 40% 0 auto; text-align: center; color: var(--muted); }
.label3d { font-size: 11px; font-weight: 600; color: var(--ink); background: rgba(255,255,255,.88); border: 1px solid rgba(28,37,48,.18); border-radius: 4px; padding: 1px 5px; white-space: nowrap; pointer-events: none; margin-left: 11px; }

.banner { background: var(--warn-bg); border-bottom: 1px solid var(--warn-line); border-left: 4px solid var(--warn-line); color: var(--warn-ink); padding: 8px 14px; font-size: 13px; max-height: 30vh; overflow: auto; }
.banner summary { cursor: pointer; }
.banner summary strong::before { content: "⚠ "; }
.banner ul { margin: 6px 0 2px; padding-left: 20px; }
.banner li { margin: 3px 0; }
.banner .who { font-weight: 600; }

#panel { background: var(--paper); border-left: 1px solid var(--line); overflow-y: auto; padding: 0 18px 24px; }
.panel-head { position: sticky; top: 0; background: var(--paper); padding: 14px 0 10px; border-bottom: 1px solid var(--line); z-index: 1; }
.brand { font-weight: 700; font-size: 16px; letter-spacing: .01em; }
.brand span { font-weight: 400; color: var(--muted); font-size: 12px; margin-left: 4px; }
.sub { font-size: 12px; color: var(--muted); }
.device { padding: 12px 0 6px; border-bottom: 1px solid var(--line); }
.device:last-child { border-bottom: 0; }
.device h2 { font-size: 15px; margin: 4px 0 8px; display: flex; align-items: center; gap: 8px; flex-wrap: wrap; }
.device h2 .id { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 13px; }
.side { display: inline-grid; place-items: center; width: 22px; height: 22px; border-radius: 50%; color: #fff; font-size: 12px; font-weight: 700; }
.side-left { background: #2f6fd6; } .side-right { background: #c2410c; }
.device h3 { font-size: 11px; text-transform: uppercase; letter-spacing: .07em; color: var(--muted); margin: 14px 0 4px; font-weight: 600; }
table { width: 100%; border-collapse: collapse; font-variant-numeric: tabular-nums; }
th, td { text-align: left; padding: 4px 0; border-bottom: 1px solid #eef1f4; vertical-align: top; }
th { font-weight: 400; color: var(--muted); }
td { text-align: right; }
table.grid { table-layout: fixed; font-size: 13px; }
table.grid thead th { font-size: 11px; text-transform: uppercase; letter-spacing: .05em; text-align: right; border-bottom: 1px solid var(--line); }
table.grid thead th:first-child { width: 34%; }
table.grid td { padding-left: 8px; overflow-wrap: anywhere; }
table.grid td .tag { display: block; width: fit-content; margin: 2px 0 0 auto; }
table.grid tr.subhead th { font-size: 11px; text-transform: uppercase; letter-spacing: .05em; padding-top: 10px; color: var(--muted); }
td.changed { color: var(--clamp); font-weight: 600; }
.muted { color: #94a3b8; }
.tag { display: inline-block; font-size: 10px; font-weight: 600; text-transform: uppercase; letter-spacing: .04em; border-radius: 4px; padding: 0 5px; vertical-align: 1px; }
.tag-clamp { background: var(--clamp-bg); color: var(--clamp); }
.tag-warn { background: var(--warn-bg); color: var(--warn-ink); border: 1px solid var(--warn-line); }
.not-measured { color: var(--muted); font-style: italic; margin: 4px 0; }
.meta { font-size: 12px; color: var(--muted); margin: 10px 0 4px; }
@media (max-width: 760px) { #app { grid-template-columns: 1fr; grid-template-rows: 60vh auto; height: auto; } body { overflow: auto; } #panel { border-left: 0; border-top: 1px solid var(--line); } }
`.trim();

/** What a page with a 3D scan adds to the style sheet (the fit legend's captions); other pages never carry it. */
export const SCAN_CSS = `
#legend .inset { margin-left: 14px; margin-right: 14px; }
#legend .ends { display: flex; justify-content: space-between; gap: 12px; font-size: 11px; color: var(--ink); margin-top: 1px; }
#legend .note { max-width: 420px; }
`.trim();
