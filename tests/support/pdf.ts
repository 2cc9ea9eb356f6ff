/**
 * Printing HTML to PDF in Debian's Chromium (driven by playwright-core, never a downloaded browser)
 * and reading the PDF back with poppler-utils (`pdfinfo`, `pdftotext`, `pdftoppm`), for the
 * sign-off sheet's real-browser test. Tests check `hasPdfTools` first and skip when something is
 * absent; CI installs chromium and poppler-utils, so there they are required.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { chromium } from 'playwright-core';
import { hasTool } from './tools.js';

/** The system Chromium (ORTHOTIC_CHROMIUM overrides it). */
export const CHROMIUM_BIN = process.env.ORTHOTIC_CHROMIUM ?? '/usr/bin/chromium';

/** What is missing to print and read PDFs here (empty when everything is installed). */
export function missingPdfTools(): string[] {
  const missing: string[] = [];
  try {
    accessSync(CHROMIUM_BIN, constants.X_OK);
  } catch {
    missing.push(`chromium (${CHROMIUM_BIN})`);
  }
  for (const t of ['pdfinfo', 'pdftotext', 'pdftoppm']) if (!hasTool(t)) missing.push(`${t} (poppler-utils)`);
  return missing;
}

export interface PrintedPdf {
  pdf: Uint8Array;
  /** Messages the page logged as errors, and uncaught page errors. */
  errors: string[];
}

/**
 * Prints each HTML document to an A4 PDF (the documents' own `@page` rules win), in one browser.
 * @throws Error when Chromium is missing or fails.
 */
export async function printPdfs(htmls: readonly string[]): Promise<PrintedPdf[]> {
  const browser = await chromium.launch({ executablePath: CHROMIUM_BIN, headless: true });
  try {
    const out: PrintedPdf[] = [];
    for (const html of htmls) {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('request', (r) => { if (!r.url().startsWith('data:') && r.url() !== 'about:blank') errors.push(`fetched ${r.url()}`); });
      await page.setContent(html, { waitUntil: 'load' });
      out.push({ pdf: new Uint8Array(await page.pdf({ format: 'A4', preferCSSPageSize: true, printBackground: true })), errors });
      await page.close();
    }
    return out;
  } finally {
    await browser.close();
  }
}

/** `pdfinfo`'s page count and page size (points) of a PDF file. */
export function pdfInfo(path: string): { pages: number; widthPt: number; heightPt: number } {
  const out = run('pdfinfo', [path]);
  const pages = /^Pages:\s+(\d+)/m.exec(out);
  const size = /^Page size:\s+([\d.]+) x ([\d.]+) pts/m.exec(out);
  if (!pages || !size) throw new Error(`pdfinfo: no page count or size in:\n${out}`);
  return { pages: Number(pages[1]), widthPt: Number(size[1]), heightPt: Number(size[2]) };
}

/** The text of each page of a PDF file (`pdftotext -layout`), split on form feeds. */
export function pdfText(path: string): string[] {
  return run('pdftotext', ['-layout', path, '-']).split('\f').filter((p, i, all) => i < all.length - 1 || p.trim() !== '');
}

/** Renders every page of a PDF to `<prefix>-<n>.png` at `dpi`; returns the files, in page order. */
export function pdfToPngs(path: string, prefix: string, dpi = 100): string[] {
  run('pdftoppm', ['-png', '-r', String(dpi), path, prefix]);
  const dir = dirname(prefix), stem = basename(prefix);
  return readdirSync(dir)
    .filter((f) => f.startsWith(`${stem}-`) && /-\d+\.png$/.test(f))
    .sort((a, b) => Number(/(\d+)\.png$/.exec(a)![1]) - Number(/(\d+)\.png$/.exec(b)![1]))
    .map((f) => join(dir, f));
}

function run(tool: string, args: string[]): string {
  const r = spawnSync(tool, args, { encoding: 'utf8', timeout: 120_000, maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw new Error(`${tool} ${args.join(' ')}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${tool} ${args.join(' ')} exited with ${r.status ?? r.signal}:\n${r.stdout}${r.stderr}`);
  return r.stdout;
}
