/**
 * The page machinery of Energy Ledger's PDF files (a participant's invoice or credit
 * note, its statement of account), written in the main process by pdfkit so the CLI,
 * the loopback server and the desktop app make the same file without a window.
 *
 * The standard PDF fonts have neither Thai script nor the baht sign, so the
 * shipped Noto Sans (Latin, €, £) and Noto Sans Thai (Thai, ฿) are embedded,
 * subset to the glyphs used. Text is cut into runs by script and each run is
 * set in its font on a common baseline; pdfkit applies the fonts' OpenType
 * layout, so Thai vowels and tone marks sit where they belong, and writes a
 * ToUnicode map so the text can be searched and copied.
 *
 * Nothing is set over anything else (issue 17): each line keeps clear of the
 * one above by its fonts' ascent and descent, a table's figure columns are as
 * wide as their widest figure and its first column wraps in the room left
 * (between Thai words too), side-by-side blocks each wrap in their half, and the
 * footer shortens the workspace's name to fit.
 *
 * A file is reproducible: its dates are given (a run's publication, a statement
 * of account's as-of day), never the clock's, so the same input gives the same bytes.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import PDFDocument from 'pdfkit';

import { minorUnitDigits } from '../../shared/currency';
import { currencySymbols, groupThousands } from '../../shared/display';
import { Dec } from '../../shared/units';
import { shippedDataFolder } from '../shipped-data';

type FontName = 'latin' | 'latin-bold' | 'thai' | 'thai-bold';
const FONT_FILES: Record<FontName, string> = {
  latin: 'NotoSans-Regular.ttf',
  'latin-bold': 'NotoSans-Bold.ttf',
  thai: 'NotoSansThai-Regular.ttf',
  'thai-bold': 'NotoSansThai-Bold.ttf',
};
let fontCache: Record<FontName, Buffer> | undefined;
function fonts(): Record<FontName, Buffer> {
  if (!fontCache) {
    const folder = shippedDataFolder('fonts');
    fontCache = Object.fromEntries(
      Object.entries(FONT_FILES).map(([name, file]) => [name, readFileSync(path.join(folder, file))]),
    ) as Record<FontName, Buffer>;
  }
  return fontCache;
}

/**
 * The name a font is registered under in the document: its PostScript name (its file's
 * name). pdfkit keeps the document's default font (Noto Sans, given as bytes) under that
 * name; a font registered under another name but equal to it would be parsed again on every
 * switch to it (pdfkit finds the equal font and returns it without remembering the name).
 */
const registeredName = (font: FontName) => FONT_FILES[font].replace(/\.ttf$/, '');

/** Thai block (U+0E00–U+0E7F), the baht sign included. */
const isThai = (ch: string) => ch >= '\u0e00' && ch <= '\u0e7f';

/**
 * SARA AM (ำ) written as the font draws it, NIKHAHIT + SARA AA, with the
 * NIKHAHIT moved before any tone mark (as HarfBuzz's Thai shaper does). The
 * font would decompose it anyway, but then one glyph would stand for two
 * characters and text copied out of the PDF would come out wrong; this way
 * each glyph maps to its own character (the copied text is ำ's Unicode
 * compatibility form, equal to it under NFKC).
 */
export const decomposeSaraAm = (text: string) => text.replace(/([\u0e48-\u0e4b]*)\u0e33/g, '\u0e4d$1\u0e32');

/** Splits text into runs of one script: Thai, and everything else. */
export function scriptRuns(text: string): { thai: boolean; text: string }[] {
  const runs: { thai: boolean; text: string }[] = [];
  for (const ch of decomposeSaraAm(text)) {
    const thai = isThai(ch);
    const last = runs.at(-1);
    if (last && last.thai === thai) last.text += ch;
    else runs.push({ thai, text: ch });
  }
  return runs;
}

/** 1234567.891 → "1,234,567.891" (grouping only: the digits are the statement's exact text; ASCII minus). */
export const grouped = (decimal: string): string => groupThousands(decimal, '-');

/** A decimal rounded half-up (away from zero) to `places`, as fixed text (never "-0.00"). */
export function roundedText(value: string | Dec, places: number): string {
  const rounded = new Dec(value).toDecimalPlaces(places, Dec.ROUND_HALF_UP);
  return (rounded.isZero() ? new Dec(0) : rounded).toFixed(places);
}

export const PAGE = { width: 595.28, height: 841.89, margin: 48 };
/** The full width of the page's text, and the lowest any text of the body may reach (the footer is below). */
export const FULL = PAGE.width - 2 * PAGE.margin;
const BOTTOM = PAGE.height - PAGE.margin - 24;
/** Clear space between one line's lowest reach and the next line's highest. */
const LEAD = 1;
/** Space between a table's columns. */
export const GUTTER = 12;
export const INK = '#1d2433';
export const MUTED = '#5b6476';
export const RULE = '#c9ced8';
export const BAND = '#eef1f6';

/** How far a font's glyphs may reach above and below the baseline, in ems (its hhea ascent and descent). */
interface Reach {
  above: number;
  below: number;
}
let reachCache: Record<FontName, Reach> | undefined;
function fontReach(font: FontName): Reach {
  if (!reachCache)
    reachCache = Object.fromEntries(
      Object.entries(fonts()).map(([name, data]) => [name, verticalMetrics(data)]),
    ) as Record<FontName, Reach>;
  return reachCache[font];
}
function verticalMetrics(font: Buffer): Reach {
  const table = (tag: string) => {
    for (let i = 0; i < font.readUInt16BE(4); i++)
      if (font.toString('latin1', 12 + 16 * i, 16 + 16 * i) === tag) return font.readUInt32BE(20 + 16 * i);
    throw new Error(`the font has no ${tag} table`);
  };
  const unitsPerEm = font.readUInt16BE(table('head') + 18);
  const hhea = table('hhea');
  return { above: font.readInt16BE(hhea + 4) / unitsPerEm, below: -font.readInt16BE(hhea + 6) / unitsPerEm };
}

const wordsOf = new Intl.Segmenter('th', { granularity: 'word' });
const graphemesOf = new Intl.Segmenter('th', { granularity: 'grapheme' });
const thaiWord = /^[\u0e00-\u0e7f]+$/;

/**
 * Text cut where a line may end: after a space, and between two Thai words (Thai has no
 * spaces between words; ICU's dictionary finds them). Punctuation stays with its word.
 */
function breakable(text: string): string[] {
  const pieces: string[] = [];
  let previous = '';
  for (const { segment } of wordsOf.segment(text)) {
    const canBreak =
      pieces.length > 0 && (/\s$/.test(previous) || (thaiWord.test(previous) && thaiWord.test(segment)));
    if (canBreak) pieces.push(segment);
    else if (pieces.length > 0) pieces[pieces.length - 1] += segment;
    else pieces.push(segment);
    previous = segment;
  }
  return pieces;
}

export interface Column {
  label: string;
  align: 'left' | 'right';
  /** The column that takes the width the others leave and wraps (the first one unless another is). */
  wrap?: boolean;
}
export interface Row {
  cells: string[];
  bold?: boolean;
  band?: boolean;
  /** Points the wrapping cell is set in from the column's edge. */
  indent?: number;
}
interface Style {
  size?: number;
  bold?: boolean;
  color?: string;
}

/**
 * Places text on the page so that no two pieces meet: every line keeps clear of the last
 * one by its fonts' reach (ascent and descent), text wraps (or, in the footer, is cut short)
 * to the width it is given, and a table's columns are as wide as their widest figure.
 */
export class Writer {
  readonly doc: PDFKit.PDFDocument;
  /** The baseline of the last line placed (or where the next one is measured from). */
  y = PAGE.margin;
  /** How far the last line placed reaches below its baseline. */
  below = 0;
  constructor(doc: PDFKit.PDFDocument) {
    this.doc = doc;
  }

  /** Widths measured so far (pdfkit lays the text out to measure it), by size, weight and text. */
  private readonly widths = new Map<string, number>();

  width(text: string, size: number, bold = false): number {
    const key = `${size}${bold ? 'b' : ''} ${text}`;
    let w = this.widths.get(key);
    if (w === undefined) {
      w = 0;
      for (const run of scriptRuns(text)) {
        this.doc.font(registeredName(fontOf(run.thai, bold))).fontSize(size);
        w += this.doc.widthOfString(run.text);
      }
      this.widths.set(key, w);
    }
    return w;
  }

  /** How far text reaches above and below its baseline, in points. */
  reach(text: string, size: number, bold = false): Reach {
    const runs = scriptRuns(text);
    if (runs.length === 0) runs.push({ thai: false, text: '' });
    let above = 0;
    let below = 0;
    for (const run of runs) {
      const r = fontReach(fontOf(run.thai, bold));
      above = Math.max(above, r.above * size);
      below = Math.max(below, r.below * size);
    }
    return { above, below };
  }

  /** Text on a baseline at y, left-aligned at x or right-aligned to x + width. */
  text(
    text: string,
    x: number,
    baseline: number,
    options: Style & { align?: 'left' | 'right'; width?: number } = {},
  ) {
    const size = options.size ?? 9;
    const bold = options.bold ?? false;
    let cursor = x;
    if (options.align === 'right' && options.width !== undefined)
      cursor = x + options.width - this.width(text, size, bold);
    this.doc.fillColor(options.color ?? INK);
    for (const run of scriptRuns(text)) {
      this.doc.font(registeredName(fontOf(run.thai, bold))).fontSize(size);
      this.doc.text(run.text, cursor, baseline, { lineBreak: false, baseline: 'alphabetic' });
      cursor += this.doc.widthOfString(run.text);
    }
  }

  /**
   * Text broken into lines no wider than `width`; a word wider than a line alone is broken
   * between its characters. Pieces are measured one by one (and remembered), each line
   * then measured whole: one that comes out wider gives its last piece to the next line.
   */
  wrap(text: string, width: number, size: number, bold = false): string[] {
    if (this.width(text, size, bold) <= width) return [text];
    const pieces: string[] = [];
    for (const piece of breakable(text)) {
      if (this.width(piece.trimEnd(), size, bold) <= width) pieces.push(piece);
      else pieces.push(...[...graphemesOf.segment(piece)].map((g) => g.segment));
    }
    const lines: string[] = [];
    let line: string[] = [];
    let used = 0;
    const flush = () => {
      // Kerning and shaping across pieces can make the whole a little wider than its parts.
      const carried: string[] = [];
      while (line.length > 1 && this.width(line.join('').trimEnd(), size, bold) > width)
        carried.unshift(line.pop()!);
      if (line.join('').trim()) lines.push(line.join('').trimEnd());
      line = carried;
      used = this.width(carried.join(''), size, bold);
    };
    for (const piece of pieces) {
      if (line.length > 0 && used + this.width(piece.trimEnd(), size, bold) > width) {
        flush();
        if (line.length > 0 && used + this.width(piece.trimEnd(), size, bold) > width) flush();
      }
      if (line.length === 0 && !piece.trim()) continue;
      line.push(piece);
      used += this.width(piece, size, bold);
    }
    while (line.length > 0) flush();
    return lines.length > 0 ? lines : [''];
  }

  /** Text cut short with … to fit `width`. */
  fit(text: string, width: number, size: number, bold = false): string {
    if (this.width(text, size, bold) <= width) return text;
    const graphemes = [...graphemesOf.segment(text)].map((g) => g.segment);
    while (graphemes.length > 0 && this.width(`${graphemes.join('').trimEnd()}…`, size, bold) > width)
      graphemes.pop();
    return `${graphemes.join('').trimEnd()}…`;
  }

  /** A new page, the next line measured from its top margin. */
  newPage() {
    this.doc.addPage();
    this.y = PAGE.margin;
    this.below = 0;
  }

  /** Room for `height` more points below the last baseline on this page, or a new page. */
  need(height: number) {
    if (this.y + height > BOTTOM) this.newPage();
  }

  /** Moves to the next baseline: at least `advance` below the last and clear of its reach, on a new page if need be. */
  advance(advance: number, reach: Reach) {
    let next = this.y + Math.max(advance, this.below + reach.above + LEAD);
    if (next + reach.below > BOTTOM) {
      this.newPage();
      next = this.y + reach.above + LEAD;
    }
    this.y = next;
    this.below = reach.below;
  }

  /** Text wrapped to `width` (the page's by default), its first line `advance` below the last baseline; the baselines. */
  lines(text: string, options: Style & { advance: number; x?: number; width?: number }): number[] {
    const size = options.size ?? 9;
    const bold = options.bold ?? false;
    return this.wrap(text, options.width ?? FULL, size, bold).map((line, i) => {
      this.advance(i === 0 ? options.advance : size * 1.2, this.reach(line, size, bold));
      this.text(line, options.x ?? PAGE.margin, this.y, { size, bold, color: options.color });
      return this.y;
    });
  }

  paragraph(text: string, options: { size?: number; color?: string; advance?: number } = {}) {
    this.lines(text, { size: options.size ?? 8, color: options.color, advance: options.advance ?? 18 });
  }

  rule(y: number, color = RULE) {
    this.doc
      .moveTo(PAGE.margin, y)
      .lineTo(PAGE.width - PAGE.margin, y)
      .lineWidth(0.6)
      .strokeColor(color)
      .stroke();
  }

  heading(text: string) {
    // A heading stays with its table's header and first row.
    this.need(90);
    this.lines(text, { size: 11.5, bold: true, advance: 26 });
    this.y += 6;
    this.below = 0;
    this.rule(this.y, INK);
  }

  /**
   * A table: one column (the first, or the one marked `wrap`) takes the width the others
   * leave and wraps; every other column is as wide as its widest cell (its label may take
   * two lines). When the figures leave the wrapping column too little room, the whole table
   * is set smaller. A table that runs over a page repeats its header.
   */
  table(columns: Column[], rows: Row[]) {
    const flex = Math.max(
      0,
      columns.findIndex((c) => c.wrap),
    );
    let size = 9;
    let head = 8;
    let widths: number[] = [];
    for (;;) {
      head = Math.min(8, size - 1);
      widths = columns.map((column, i) =>
        i === flex
          ? 0
          : Math.max(
              40,
              this.labelWidth(column.label, head),
              ...rows.map((r) => this.width(r.cells[i] ?? '', size, r.bold)),
            ),
      );
      widths[flex] = FULL - widths.reduce((a, b) => a + b, 0) - GUTTER * (columns.length - 1);
      if (widths[flex]! >= 150 || size <= 6) break;
      size -= 0.5;
    }
    const xs: number[] = [];
    widths.reduce((x, w, i) => ((xs[i] = x), x + w + GUTTER), PAGE.margin);
    const linePitch = (text: string[]) =>
      Math.max(...text.map((t) => this.reach(t, size).above + this.reach(t, size).below)) + LEAD;

    const labels = columns.map((c, i) => this.wrap(c.label, widths[i]!, head));
    const header = () => {
      const count = Math.max(...labels.map((l) => l.length));
      const pitch = head * 1.2 + Math.max(...labels.flat().map((l) => this.reach(l, head).below));
      this.advance(14, { above: Math.max(...labels.flat().map((l) => this.reach(l, head).above)), below: 0 });
      const top = this.y;
      columns.forEach((column, i) =>
        labels[i]!.forEach((line, k) =>
          this.text(line, xs[i]!, top + (count - labels[i]!.length + k) * pitch, {
            size: head,
            color: MUTED,
            align: column.align,
            width: widths[i],
          }),
        ),
      );
      this.y = top + (count - 1) * pitch + 5;
      this.below = 0;
      this.rule(this.y);
    };
    this.need(60);
    header();
    for (const r of rows) {
      const bold = r.bold ?? false;
      const first = this.wrap(r.cells[flex] ?? '', widths[flex]! - (r.indent ?? 0), size, bold);
      const cells = [first[0]!, ...r.cells.filter((_, i) => i !== flex)];
      const reach = {
        above: Math.max(...cells.map((c) => this.reach(c, size, bold).above)),
        below: Math.max(...[...cells, ...first].map((c) => this.reach(c, size, bold).below)),
      };
      const pitch = linePitch(first);
      const advance = Math.max(this.below === 0 ? 12 : 16, this.below + reach.above + LEAD);
      const height = advance + (first.length - 1) * pitch + reach.below;
      if (this.y + height > BOTTOM) {
        this.newPage();
        header();
      }
      const baseline = this.y + Math.max(this.below === 0 ? 12 : 16, this.below + reach.above + LEAD);
      if (r.band)
        this.doc
          .rect(PAGE.margin, baseline - 11, FULL, 15 + (first.length - 1) * pitch)
          .fillColor(BAND)
          .fill();
      first.forEach((line, k) =>
        this.text(line, xs[flex]! + (r.indent ?? 0), baseline + k * pitch, { size, bold }),
      );
      columns.forEach((column, i) => {
        if (i !== flex && r.cells[i])
          this.text(r.cells[i]!, xs[i]!, baseline, { size, bold, align: column.align, width: widths[i] });
      });
      this.y = baseline + (first.length - 1) * pitch;
      this.below = reach.below;
    }
  }

  /**
   * Labelled values (an invoice's number, dates, reference…): the labels in a column as wide
   * as the widest, muted; each value wraps in the room to their right.
   */
  fields(
    rows: [string, string][],
    options: { x?: number; width?: number; size?: number; advance?: number } = {},
  ) {
    const size = options.size ?? 9;
    const x = options.x ?? PAGE.margin;
    const labelWidth = Math.max(...rows.map(([label]) => this.width(label, size))) + GUTTER;
    rows.forEach(([label, value], i) => {
      const lines = this.wrap(value, (options.width ?? FULL) - labelWidth, size);
      lines.forEach((line, k) => {
        const reach = this.reach(k === 0 ? `${label}${line}` : line, size);
        this.advance(i === 0 && k === 0 ? (options.advance ?? 14) : size * 1.3, reach);
        if (k === 0) this.text(label, x, this.y, { size, color: MUTED });
        this.text(line, x + labelWidth, this.y, { size });
      });
    });
  }

  /**
   * Blocks set side by side from the same line (a seller's and a buyer's): each is drawn by
   * `draw` within its own width, starting where the last line ended; what follows starts
   * below the lowest of them.
   */
  sideBySide(draw: ((x: number, width: number) => void)[]) {
    const start = { y: this.y, below: this.below };
    const width = (FULL - GUTTER * (draw.length - 1)) / draw.length;
    let lowest = start.y;
    let reach = start.y + start.below;
    draw.forEach((block, i) => {
      this.y = start.y;
      this.below = start.below;
      block(PAGE.margin + i * (width + GUTTER), width);
      lowest = Math.max(lowest, this.y);
      reach = Math.max(reach, this.y + this.below);
    });
    this.y = lowest;
    this.below = reach - lowest;
  }

  /**
   * A banded box with a label and a line below it on the left, and an amount on the right,
   * set smaller when it would reach the label: what a document comes to.
   */
  amountBox(label: string, detail: string, amount: string) {
    let top = this.y + Math.max(14, this.below + 4);
    if (top + 54 > BOTTOM) {
      this.newPage();
      top = this.y;
    }
    this.doc.rect(PAGE.margin, top, FULL, 54).fillColor(BAND).fill();
    const inside = FULL - 24 - GUTTER;
    const labels = Math.min(Math.max(this.width(label, 10, true), this.width(detail, 9)), inside * 0.6);
    this.text(this.fit(label, labels, 10, true), PAGE.margin + 12, top + 20, { size: 10, bold: true });
    this.text(this.fit(detail, labels, 9), PAGE.margin + 12, top + 38, { size: 9, color: MUTED });
    this.text(amount, PAGE.margin, top + 34, {
      size: Math.min(20, (20 * (inside - labels)) / this.width(amount, 20, true)),
      bold: true,
      align: 'right',
      width: FULL - 12,
    });
    this.y = top + 54;
    this.below = 0;
  }

  /** The narrowest a column's label can be in at most two lines. */
  private labelWidth(label: string, size: number): number {
    const words = label.split(' ');
    let best = this.width(label, size);
    for (let i = 1; i < words.length; i++)
      best = Math.min(
        best,
        Math.max(this.width(words.slice(0, i).join(' '), size), this.width(words.slice(i).join(' '), size)),
      );
    return best;
  }
}

const fontOf = (thai: boolean, bold: boolean): FontName =>
  thai ? (bold ? 'thai-bold' : 'thai') : bold ? 'latin-bold' : 'latin';

/** A new A4 document with the fonts registered, its writer, and its bytes once it is ended. */
export function pdfDocument(info: { title: string; author: string; subject: string; date: Date }): {
  doc: PDFKit.PDFDocument;
  w: Writer;
  done: Promise<Buffer>;
} {
  const doc = new PDFDocument({
    size: 'A4',
    margin: PAGE.margin,
    // pdfkit takes a font's bytes here (its types say a name); this keeps it from loading Helvetica's AFM file.
    font: fonts().latin as unknown as string,
    bufferPages: true,
    info: {
      Title: info.title,
      Author: info.author,
      Subject: info.subject,
      Creator: 'Energy Ledger',
      Producer: 'Energy Ledger (pdfkit)',
      // Given, not the clock's: the same input makes the same bytes.
      CreationDate: info.date,
      ModDate: info.date,
    },
  });
  for (const [name, data] of Object.entries(fonts()))
    doc.registerFont(registeredName(name as FontName), data);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  return { doc, w: new Writer(doc), done };
}

/** The workspace's name over the first column, "Energy Ledger" to the right, as every document begins. */
export function masthead(w: Writer, workspaceName: string) {
  const brand = 'Energy Ledger';
  const [firstBaseline] = w.lines(workspaceName, {
    size: 10,
    bold: true,
    color: MUTED,
    advance: 10,
    width: FULL - w.width(brand, 8) - GUTTER,
  });
  w.text(brand, PAGE.margin, firstBaseline!, { size: 8, color: MUTED, align: 'right', width: FULL });
}

/**
 * The footer of every page: the workspace's name (shortened to fit) and what the document
 * traces to (participant, month, run), then "page n of m"; then the document is ended.
 */
export function finish(w: Writer, workspaceName: string, trace: string): void {
  const doc = w.doc;
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const y = PAGE.height - PAGE.margin + 8;
    doc
      .moveTo(PAGE.margin, y - 12)
      .lineTo(PAGE.width - PAGE.margin, y - 12)
      .lineWidth(0.4)
      .strokeColor(RULE)
      .stroke();
    const pageLabel = `page ${i + 1 - range.start} of ${range.count}`;
    const room = FULL - w.width(pageLabel, 7) - GUTTER;
    const workspace = w.fit(workspaceName, Math.max(room - w.width(trace, 7), room / 3), 7);
    w.text(w.fit(`${workspace}${trace}`, room, 7), PAGE.margin, y, { size: 7, color: MUTED });
    w.text(pageLabel, PAGE.margin, y, { size: 7, color: MUTED, align: 'right', width: FULL });
  }
  doc.end();
}

/**
 * Figures as a document prints them, rounded half-up (away from zero): `money` in the
 * currency's minor unit (2 decimals for THB, none for JPY, from the runtime's ISO 4217
 * data), `exact` to the ledger's 4 decimals, energy in kWh to 3 decimals, prices per kWh
 * to 4; the currency's symbol before the amount, an ASCII minus before that.
 */
export function figures(currency: string) {
  const sym = currencySymbols[currency] ?? `${currency} `;
  const minor = minorUnitDigits(currency);
  const money = (amount: string | Dec, places = minor) => {
    const text = roundedText(amount, places);
    return text.startsWith('-') ? `-${sym}${grouped(text.slice(1))}` : `${sym}${grouped(text)}`;
  };
  return {
    sym,
    minor,
    money,
    exact: (amount: string | Dec) => money(amount, 4),
    kWh: (value: string) => grouped(roundedText(value, 3)),
    price: (value: string) => grouped(roundedText(value, 4)),
  };
}
