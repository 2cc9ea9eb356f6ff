/**
 * The sign-off sheet's style sheet: A4 portrait, print first (the screen view imitates the paper).
 */

/** CSS of the sheet. `footer` is a CSS string literal (already escaped) for the page's bottom-left box. */
export function sheetCss(footer: string): string {
  return `
@page { size: A4; margin: 13mm 14mm 15mm 14mm;
  @bottom-left { content: ${footer}; font: 7pt 'DejaVu Sans', 'Liberation Sans', Arial, sans-serif; color: #5b6475; }
  @bottom-right { content: "page " counter(page) " of " counter(pages); font: 7pt 'DejaVu Sans', 'Liberation Sans', Arial, sans-serif; color: #5b6475; } }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; font: 8.4pt/1.35 'DejaVu Sans', 'Liberation Sans', Arial, Helvetica, sans-serif; color: #1d2330; background: #fff; }
@media screen { body { background: #e9ecf1; } .page { width: 210mm; min-height: 297mm; margin: 8mm auto; padding: 13mm 14mm 15mm; background: #fff; box-shadow: 0 1px 6px rgba(0,0,0,.25); } }
.page + .page { break-before: page; }
h1 { font-size: 17pt; margin: 0; letter-spacing: .01em; }
h2 { font-size: 9.6pt; margin: 4.2mm 0 1.6mm; padding-bottom: .6mm; border-bottom: .5pt solid #1d2330; text-transform: uppercase; letter-spacing: .06em; }
h3 { font-size: 8.6pt; margin: 2.6mm 0 1mm; }
h2, h3 { break-after: avoid; }
.blk, tr { break-inside: avoid; }
.pair figure { margin-bottom: 2mm; }
.head { display: grid; grid-template-columns: 1fr auto; align-items: end; gap: 2mm 6mm; padding-bottom: 2.4mm; margin-bottom: 3.2mm; border-bottom: 1.4pt solid #1d2330; }
.kicker { font-size: 8pt; text-transform: uppercase; letter-spacing: .12em; color: #5b6475; }
.meta { display: grid; grid-template-columns: auto auto; gap: .3mm 3mm; margin: 0; font-size: 8.4pt; }
.meta dt { color: #5b6475; text-align: right; }
.meta dd { margin: 0; font-weight: bold; }
.grid1 { display: grid; grid-template-columns: 90mm 1fr; gap: 5mm; align-items: start; }
.pair { display: grid; grid-template-columns: 1fr 1fr; gap: 5mm; align-items: start; }
figure { margin: 0; }
figure svg { display: block; width: 100%; height: auto; }
figcaption { font-size: 7pt; color: #5b6475; margin-top: 1mm; }
table { width: 100%; border-collapse: collapse; font-size: 7.6pt; }
table.rx, table.measured { table-layout: fixed; }
col.c-field { width: 31%; } col.c-asked { width: 27%; } col.c-measured { width: 38%; }
tr.none td { font-size: 6.8pt; }
th, td { text-align: left; vertical-align: top; padding: .75mm 1.2mm; border-bottom: .4pt solid #c9ced8; }
thead th { font-size: 7pt; text-transform: uppercase; letter-spacing: .05em; color: #5b6475; border-bottom: .7pt solid #1d2330; font-weight: normal; }
tbody th { font-weight: normal; color: #2f3747; }
td.num { white-space: nowrap; }
td.rxcol { color: #5b6475; }
.warnings.full { font-size: 6.8pt; color: #3d4556; }
tr.defaulted td, tr.defaulted th { color: #5b6475; }
.note { display: block; font-size: 6.6pt; color: #5b6475; line-height: 1.25; }
.tag { display: inline-block; font-size: 6.4pt; line-height: 1; padding: .45mm 1mm; border-radius: 1mm; margin-left: 1mm; text-transform: uppercase; letter-spacing: .04em; vertical-align: .2mm; white-space: nowrap; }
.tag.default { background: #e6e9ef; color: #3d4556; }
.tag.warn { background: #fde9b8; color: #6b4500; }
.tag.clamped { background: #f8d0cc; color: #8a1c12; }
.tag.changed { background: #f8d0cc; color: #8a1c12; }
.ok { color: #1f6b3a; font-weight: bold; }
.warnings { margin: 1.4mm 0 0; padding-left: 4.5mm; font-size: 7.4pt; }
.warnings li { margin-bottom: 1mm; }
.box { border: .6pt solid #1d2330; border-radius: 1.5mm; padding: 2.4mm 3.2mm; margin-top: 4mm; break-inside: avoid; }
.box.advice { background: #f2f6ee; border-color: #2f6b3a; }
.advice h2 { border: 0; margin: 0 0 1mm; color: #2f6b3a; }
.advice ol { margin: 0; padding-left: 5mm; font-size: 9pt; }
.advice li { margin: .8mm 0; }
.advice p { margin: 1.4mm 0 0; font-size: 7.6pt; color: #3d4556; }
dl.kv { display: grid; grid-template-columns: 30mm 1fr; gap: .6mm 3mm; margin: 0; font-size: 7.8pt; }
dl.kv dt { color: #5b6475; }
dl.kv dd { margin: 0; overflow-wrap: anywhere; }
code { font: 7pt 'DejaVu Sans Mono', 'Liberation Mono', monospace; overflow-wrap: anywhere; }
.sign { display: grid; grid-template-columns: 1fr 1fr; gap: 8mm; margin-top: 3mm; break-inside: avoid; }
.sign h3 { margin: 0 0 1mm; }
.line { display: grid; grid-template-columns: 18mm 1fr; align-items: end; height: 9.5mm; font-size: 7.6pt; color: #5b6475; }
.line span:last-child { border-bottom: .6pt solid #1d2330; height: 100%; }
.check { margin: 2.6mm 0 0; font-size: 8pt; }
.check span { display: inline-block; width: 3.2mm; height: 3.2mm; border: .6pt solid #1d2330; vertical-align: -.6mm; margin-right: 1.6mm; }
.device-title { font-size: 10.5pt; font-weight: bold; margin: 0 0 1.4mm; }
.muted { color: #5b6475; }
.series + .series { break-before: page; }
.series dl.kv { grid-template-columns: 60mm 1fr; margin-top: 2mm; }
table.steps td, table.steps th { white-space: nowrap; }
.advice.stage { margin-top: 2.6mm; padding: 1.8mm 3mm; }
.advice.stage h3 { margin: 0 0 .8mm; color: #2f6b3a; }
.advice.stage ol { font-size: 8.2pt; }
`;
}
