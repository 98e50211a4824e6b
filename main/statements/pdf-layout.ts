/**
 * The page machinery of Energy Ledger's PDF files (a participant's invoice or credit
 * note, its statement of account), written in the main process by pdfkit so the CLI,
 * the loopback server and the desktop app make the same file without a window. The
 * fonts and the setting of text are pdf-text.ts's.
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
import PDFDocument from 'pdfkit';

import { fonts, INK, MUTED, registerFonts, TextWriter, type Reach, type Style } from './pdf-text';

export const PAGE = { width: 595.28, height: 841.89, margin: 48 };
/** The full width of the page's text, and the lowest any text of the body may reach (the footer is below). */
export const FULL = PAGE.width - 2 * PAGE.margin;
const BOTTOM = PAGE.height - PAGE.margin - 24;
/** Clear space between one line's lowest reach and the next line's highest. */
const LEAD = 1;
/** Space between a table's columns. */
export const GUTTER = 12;
export const RULE = '#c9ced8';
export const BAND = '#eef1f6';

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

/**
 * Places text on the page so that no two pieces meet: every line keeps clear of the last
 * one by its fonts' reach (ascent and descent), text wraps (or, in the footer, is cut short)
 * to the width it is given, and a table's columns are as wide as their widest figure.
 */
export class Writer extends TextWriter {
  /** The baseline of the last line placed (or where the next one is measured from). */
  y = PAGE.margin;
  /** How far the last line placed reaches below its baseline. */
  below = 0;

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
  registerFonts(doc);
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
