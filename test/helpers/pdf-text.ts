/**
 * The text of a PDF as a reader's copy would give it, read with Mozilla's
 * pdf.js (the engine of Firefox's viewer): pieces on one line joined, lines
 * ended with a newline. Used to check what a statement says.
 */
export async function pdfText(bytes: Uint8Array): Promise<string> {
  let text = '';
  for (const page of await pdfPages(bytes)) {
    for (const item of page.items) text += item.str + (item.hasEOL ? '\n' : '');
    text += '\n';
  }
  return text;
}

/** A piece of text pdf.js reads on a page, and the box its font may draw it in (PDF points, y up). */
export interface TextBox {
  page: number;
  str: string;
  /** Left and right: where the piece starts and how far it advances. */
  x0: number;
  x1: number;
  /** Bottom and top: the baseline less the font's descent, plus its ascent (the font's own line box). */
  y0: number;
  y1: number;
  baseline: number;
  size: number;
}

interface PdfPage {
  width: number;
  height: number;
  items: {
    str: string;
    hasEOL: boolean;
    transform: number[];
    width: number;
    height: number;
    fontName: string;
  }[];
  styles: Record<string, { ascent: number; descent: number }>;
}

async function pdfPages(bytes: Uint8Array): Promise<PdfPage[]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({
    data: new Uint8Array(bytes),
    disableFontFace: true,
    useSystemFonts: false,
    verbosity: 0,
  }).promise;
  const pages: PdfPage[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i);
    const content = await page.getTextContent();
    const [x0, y0, x1, y1] = page.view as [number, number, number, number];
    pages.push({
      width: x1 - x0,
      height: y1 - y0,
      items: content.items.filter((item) => 'str' in item),
      styles: content.styles as PdfPage['styles'],
    });
  }
  await doc.destroy();
  return pages;
}

/**
 * Every page's pieces of text with their boxes, from pdf.js's text content: the piece's
 * origin and advance (transform and width) across, and its font's ascent and descent at
 * its size up and down. The spaces pdf.js adds between pieces are left out. pdf.js joins
 * pieces of one font that follow each other closer than a tenth of an em into one, so
 * pieces that touch are read as one; pieces that overlap by more than a fifth of an em
 * come out separate.
 */
export async function pdfTextBoxes(
  bytes: Uint8Array,
): Promise<{ width: number; height: number; boxes: TextBox[] }[]> {
  return (await pdfPages(bytes)).map((page, index) => ({
    width: page.width,
    height: page.height,
    boxes: page.items
      .filter((item) => item.str.trim() !== '' && item.width > 0)
      .map((item) => {
        const [, , c, d, x, y] = item.transform as [number, number, number, number, number, number];
        const size = Math.hypot(c, d);
        const style = page.styles[item.fontName] ?? { ascent: 1, descent: 0 };
        return {
          page: index + 1,
          str: item.str,
          x0: x,
          x1: x + item.width,
          y0: y + Math.min(0, style.descent) * size,
          y1: y + Math.max(style.ascent, 0) * size,
          baseline: y,
          size,
        };
      }),
  }));
}

/** The pairs of boxes of one page that overlap by more than `tolerance` points both across and up (touching is fine). */
export function overlappingBoxes(boxes: TextBox[], tolerance = 0.5): [TextBox, TextBox][] {
  const pairs: [TextBox, TextBox][] = [];
  const sorted = [...boxes].sort((a, b) => a.x0 - b.x0);
  for (let i = 0; i < sorted.length; i++) {
    const a = sorted[i]!;
    for (let j = i + 1; j < sorted.length && sorted[j]!.x0 < a.x1 - tolerance; j++) {
      const b = sorted[j]!;
      const across = Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0);
      const up = Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0);
      if (across > tolerance && up > tolerance) pairs.push([a, b]);
    }
  }
  return pairs;
}
