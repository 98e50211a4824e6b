/**
 * Text in Energy Ledger's PDF files (a participant's invoice or credit note, its statement
 * of account): its fonts, and text measured, wrapped, cut short and set on a baseline.
 *
 * The standard PDF fonts have neither Thai script nor the baht sign, so the
 * shipped Noto Sans (Latin, €, £) and Noto Sans Thai (Thai, ฿) are embedded,
 * subset to the glyphs used. Text is cut into runs by script and each run is
 * set in its font on a common baseline; pdfkit applies the fonts' OpenType
 * layout, so Thai vowels and tone marks sit where they belong, and writes a
 * ToUnicode map so the text can be searched and copied. How far each font
 * reaches above and below the baseline is read from it, so that lines can keep
 * clear of each other (pdf-layout.ts places them); text wraps between Thai words too.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

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
/** The shipped fonts' bytes, read once. */
export function fonts(): Record<FontName, Buffer> {
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

export const INK = '#1d2433';
export const MUTED = '#5b6476';

/** How far a font's glyphs may reach above and below the baseline, in ems (its hhea ascent and descent). */
export interface Reach {
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

export interface Style {
  size?: number;
  bold?: boolean;
  color?: string;
}

/**
 * Measures text and sets it on a baseline: each script run in its font, widths remembered,
 * text wrapped to a width or cut short with … to fit.
 */
export class TextWriter {
  readonly doc: PDFKit.PDFDocument;
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
}

const fontOf = (thai: boolean, bold: boolean): FontName =>
  thai ? (bold ? 'thai-bold' : 'thai') : bold ? 'latin-bold' : 'latin';

/** Registers the fonts in a new document under their PostScript names. */
export function registerFonts(doc: PDFKit.PDFDocument): void {
  for (const [name, data] of Object.entries(fonts()))
    doc.registerFont(registeredName(name as FontName), data);
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
