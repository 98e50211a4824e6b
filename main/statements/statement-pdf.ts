/**
 * A statement as PDF, written in the main process by pdfkit (so the CLI, the
 * loopback server and the desktop app make the same file without a window).
 *
 * The standard PDF fonts have neither Thai script nor the baht sign, so the
 * shipped Noto Sans (Latin, €, £) and Noto Sans Thai (Thai, ฿) are embedded,
 * subset to the glyphs used. Text is cut into runs by script and each run is
 * set in its font on a common baseline; pdfkit applies the fonts' OpenType
 * layout, so Thai vowels and tone marks sit where they belong, and writes a
 * ToUnicode map so the text can be searched and copied.
 *
 * The file is reproducible: its dates come from the run, not the clock, so
 * the same statement gives the same bytes.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { DateTime } from 'luxon';
import PDFDocument from 'pdfkit';

import type { StatementDto } from '../../shared/contract';
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

const PAGE = { width: 595.28, height: 841.89, margin: 48 };
const INK = '#1d2433';
const MUTED = '#5b6476';
const RULE = '#c9ced8';
const BAND = '#eef1f6';

interface Column {
  label: string;
  width: number;
  align: 'left' | 'right';
}

class Writer {
  readonly doc: PDFKit.PDFDocument;
  y = PAGE.margin;
  constructor(doc: PDFKit.PDFDocument) {
    this.doc = doc;
  }

  width(text: string, size: number, bold = false): number {
    let w = 0;
    for (const run of scriptRuns(text)) {
      this.doc.font(fontOf(run.thai, bold)).fontSize(size);
      w += this.doc.widthOfString(run.text);
    }
    return w;
  }

  /** Text on a baseline at y, left-aligned at x or right-aligned to x + width. */
  text(
    text: string,
    x: number,
    baseline: number,
    options: { size?: number; bold?: boolean; color?: string; align?: 'left' | 'right'; width?: number } = {},
  ) {
    const size = options.size ?? 9;
    const bold = options.bold ?? false;
    let cursor = x;
    if (options.align === 'right' && options.width !== undefined)
      cursor = x + options.width - this.width(text, size, bold);
    this.doc.fillColor(options.color ?? INK);
    for (const run of scriptRuns(text)) {
      this.doc.font(fontOf(run.thai, bold)).fontSize(size);
      this.doc.text(run.text, cursor, baseline, { lineBreak: false, baseline: 'alphabetic' });
      cursor += this.doc.widthOfString(run.text);
    }
  }

  /** Text wrapped at word boundaries to the page's width, one baseline after another. */
  paragraph(text: string, options: { size?: number; color?: string } = {}) {
    const size = options.size ?? 8;
    const limit = PAGE.width - 2 * PAGE.margin;
    let line = '';
    const flush = () => {
      this.need(size + 4);
      this.text(line, PAGE.margin, this.y, { size, color: options.color });
      this.y += size + 3;
      line = '';
    };
    for (const word of text.split(' ')) {
      const candidate = line ? `${line} ${word}` : word;
      if (line && this.width(candidate, size) > limit) {
        flush();
        line = word;
      } else line = candidate;
    }
    if (line) flush();
  }

  /** Room for `height` more points on this page, or a new page. */
  need(height: number) {
    if (this.y + height > PAGE.height - PAGE.margin - 24) {
      this.doc.addPage();
      this.y = PAGE.margin;
    }
  }

  rule(color = RULE) {
    this.doc
      .moveTo(PAGE.margin, this.y)
      .lineTo(PAGE.width - PAGE.margin, this.y)
      .lineWidth(0.6)
      .strokeColor(color)
      .stroke();
  }

  heading(text: string) {
    this.need(40);
    this.y += 16;
    this.text(text, PAGE.margin, this.y, { size: 11.5, bold: true });
    this.y += 6;
    this.rule(INK);
    this.y += 4;
  }

  table(columns: Column[], rows: { cells: string[]; bold?: boolean; band?: boolean }[]) {
    const row = (cells: string[], opts: { bold?: boolean; color?: string; size?: number }) => {
      let x = PAGE.margin;
      cells.forEach((cell, i) => {
        const col = columns[i]!;
        this.text(cell, x + (col.align === 'left' ? 0 : -4), this.y, {
          size: opts.size ?? 9,
          bold: opts.bold,
          color: opts.color,
          align: col.align,
          width: col.width,
        });
        x += col.width;
      });
    };
    this.need(30);
    this.y += 12;
    row(
      columns.map((c) => c.label),
      { color: MUTED, size: 8 },
    );
    this.y += 5;
    this.rule();
    for (const r of rows) {
      this.need(16);
      if (r.band) {
        this.doc
          .rect(PAGE.margin, this.y + 1, PAGE.width - 2 * PAGE.margin, 15)
          .fillColor(BAND)
          .fill();
      }
      this.y += 12;
      row(r.cells, { bold: r.bold });
      this.y += 4;
    }
  }
}

const fontOf = (thai: boolean, bold: boolean): FontName =>
  thai ? (bold ? 'thai-bold' : 'thai') : bold ? 'latin-bold' : 'latin';

/** The statement as a PDF file (A4). */
export async function statementPdf(s: StatementDto): Promise<Buffer> {
  const published = DateTime.fromFormat(s.run.publishedUtc, 'yyyy-MM-dd HH:mm:ss', { zone: 'UTC' });
  const isConsumer = s.meterTypes.every((m) => m.earnings === null);
  const thaiLabels = s.currency === 'THB';
  const title = isConsumer
    ? `Electricity bill${thaiLabels ? ' · ใบแจ้งค่าไฟฟ้า' : ''}`
    : `Earnings statement${thaiLabels ? ' · ใบแจ้งรายได้' : ''}`;
  const doc = new PDFDocument({
    size: 'A4',
    margin: PAGE.margin,
    // pdfkit takes a font's bytes here (its types say a name); this keeps it from loading Helvetica's AFM file.
    font: fonts().latin as unknown as string,
    bufferPages: true,
    info: {
      Title: `${title}: ${s.participant.name}, ${s.month}`,
      Author: s.workspaceName,
      Subject: `Energy Ledger statement, run ${s.run.id} (${s.run.identity})`,
      Creator: 'Energy Ledger',
      Producer: 'Energy Ledger (pdfkit)',
      CreationDate: published.toJSDate(),
      ModDate: published.toJSDate(),
    },
  });
  for (const [name, data] of Object.entries(fonts())) doc.registerFont(name, data);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const w = new Writer(doc);
  const sym = currencySymbols[s.currency] ?? `${s.currency} `;
  const money = (amount: string) =>
    amount.startsWith('-') ? `-${sym}${grouped(amount.slice(1))}` : `${sym}${grouped(amount)}`;
  const monthName = DateTime.fromISO(`${s.month}-01`).toFormat('LLLL yyyy');
  const right = PAGE.width - PAGE.margin;
  const full = PAGE.width - 2 * PAGE.margin;

  // Header: who issues it, to whom, for when, from which run.
  w.y += 10;
  w.text(s.workspaceName, PAGE.margin, w.y, { size: 10, bold: true, color: MUTED });
  w.text('Energy Ledger', PAGE.margin, w.y, { size: 8, color: MUTED, align: 'right', width: full });
  w.y += 26;
  w.text(title, PAGE.margin, w.y, { size: 18, bold: true });
  w.y += 22;
  w.text(s.participant.name, PAGE.margin, w.y, { size: 13, bold: true });
  w.y += 15;
  w.text(
    `Participant ${s.participant.id} (${s.participant.role}) · ${monthName}: ${s.periodFrom} to ${s.periodTo} (${s.timezone})`,
    PAGE.margin,
    w.y,
    { size: 9, color: MUTED },
  );
  w.y += 13;
  w.text(
    `Settlement run ${s.run.id}, published ${s.run.publishedUtc} UTC, engine ${s.run.engineVersion} · amounts in ${s.currency} (${sym.trim()})`,
    PAGE.margin,
    w.y,
    { size: 9, color: MUTED },
  );
  w.y += 13;
  w.text(
    `Run identity ${s.run.identity}${s.closed ? ' · month closed: this statement is final' : ''}${s.ofRecord ? '' : ' · not the statement of record'}`,
    PAGE.margin,
    w.y,
    { size: 7.5, color: MUTED },
  );

  // The amount box: what this month comes to and who pays whom.
  w.y += 14;
  const boxTop = w.y;
  doc.rect(PAGE.margin, boxTop, full, 54).fillColor(BAND).fill();
  const dueLabel =
    s.direction === 'receivable'
      ? `Amount to pay${thaiLabels ? ' · ยอดที่ต้องชำระ' : ''}`
      : `Amount you receive${thaiLabels ? ' · ยอดที่ได้รับ' : ''}`;
  w.text(dueLabel, PAGE.margin + 12, boxTop + 20, { size: 10, bold: true });
  w.text(`for ${monthName}, due by ${s.dueDate}`, PAGE.margin + 12, boxTop + 38, { size: 9, color: MUTED });
  w.text(money(s.thisMonth.replace('-', '')), PAGE.margin, boxTop + 34, {
    size: 20,
    bold: true,
    align: 'right',
    width: full - 12,
  });
  w.y = boxTop + 54;

  const several = s.meterTypes.length > 1;
  for (const m of s.meterTypes) {
    const mt = several ? ` (meter type ${m.meterType})` : '';
    if (m.earnings) {
      const e = m.earnings;
      w.heading(`What you sold${mt}`);
      w.table(
        [
          { label: 'Sold to', width: 170, align: 'left' },
          { label: 'kWh', width: 90, align: 'right' },
          { label: 'MWh (RECs)', width: 85, align: 'right' },
          { label: `Avg price ${sym}/kWh`, width: 75, align: 'right' },
          { label: `Amount ${sym}`, width: full - 420, align: 'right' },
        ],
        [
          ...e.buyers.map((b) => ({
            cells: [b.name, grouped(b.kWh), `${b.mwh} (${b.rec})`, b.averagePrice, money(b.amount)],
          })),
          {
            cells: [
              'Traded, 24/7 CFE',
              grouped(e.traded.kWh),
              `${e.traded.mwh} (${e.traded.rec})`,
              e.traded.averagePrice,
              money(e.traded.amount),
            ],
            bold: true,
          },
          {
            cells: [
              'Open market',
              grouped(e.openMarket.kWh),
              `${e.openMarket.mwh} (${e.openMarket.rec})`,
              e.openMarket.averagePrice,
              money(e.openMarket.amount),
            ],
          },
          {
            cells: [
              'Unsold',
              grouped(e.unsold.kWh),
              `${e.unsold.mwh} (${e.unsold.rec})`,
              '',
              money(e.unsold.amount),
            ],
          },
          {
            cells: [`Total earnings${thaiLabels ? ' · รวม' : ''}`, '', '', '', money(e.total)],
            bold: true,
            band: true,
          },
        ],
      );
      if (e.gapHours > 0) {
        w.y += 14;
        w.paragraph(`${e.gapHours} hour(s) were settled on gaps in the meter data.`, { color: MUTED });
      }
    }
    if (m.bill) {
      const b = m.bill;
      w.heading(`What you bought${mt}`);
      w.table(
        [
          { label: 'From', width: 200, align: 'left' },
          { label: 'kWh', width: 100, align: 'right' },
          { label: `Avg price ${sym}/kWh`, width: 100, align: 'right' },
          { label: `Amount ${sym}`, width: full - 400, align: 'right' },
        ],
        [
          ...b.generators.map((g) => ({
            cells: [g.name, grouped(g.kWh), g.averagePrice, money(g.amount)],
          })),
          {
            cells: ['Traded, 24/7 CFE', grouped(b.traded.kWh), '', money(b.traded.amount)],
            bold: true,
          },
          {
            cells: [
              `Grid${b.grid.providerName ? `: ${b.grid.providerName}` : ''}${b.grid.planName ? `, ${b.grid.planName}` : ''}`,
              grouped(b.grid.kWh),
              '',
              money(b.grid.amount),
            ],
            bold: true,
          },
          ...b.tariffItems.map((t) => ({
            cells: [
              `   ${t.name}`,
              t.quantity === null ? '' : `${grouped(t.quantity)} ${t.quantityKey}`,
              t.rate ?? '',
              money(t.amount),
            ],
          })),
          {
            cells: [`Total bill${thaiLabels ? ' · ยอดรวม' : ''}`, '', '', money(b.total)],
            bold: true,
            band: true,
          },
        ],
      );
      w.y += 14;
      const score = new Dec(b.cfeScore).times(100).toFixed(2);
      w.paragraph(
        `CFE score ${score} %: the share of your load met hour by hour by carbon-free energy from the pool.${b.tariffItems.length > 0 ? ' The indented tariff items are part of the grid amount.' : ''}${b.gapHours > 0 ? ` ${b.gapHours} hour(s) were settled on gaps in the meter data.` : ''}`,
        { color: MUTED },
      );
    }
  }

  if (!s.ofRecord) {
    w.heading('Not the statement of record');
    w.y += 12;
    w.paragraph(
      `Run ${s.run.id} is not the run ${s.month}'s statement is made from (the run the month was closed on, or else its run in force). This page shows its figures only: payments, balances and prior-period adjustments are on the statement of record.`,
      { size: 9 },
    );
  } else {
    // The account: balances and payments.
    w.heading('Your account');
    w.table(
      [
        { label: '', width: 300, align: 'left' },
        { label: 'Date', width: 100, align: 'left' },
        { label: `Amount ${sym}`, width: full - 400, align: 'right' },
      ],
      [
        {
          cells: [
            'Balance brought forward (+ owed to you, - owed by you)',
            '',
            money(s.balanceBroughtForward),
          ],
        },
        ...(s.adjustments.length > 0
          ? [
              { cells: [`${monthName} (+ owed to you, - owed by you)`, '', money(s.monthAmount)] },
              ...s.adjustments.map((a) => ({
                cells: [
                  `Prior-period adjustment for ${a.originalMonth} (re-settled: run ${a.fromRunId}, now run ${a.toRunId})`,
                  '',
                  money(a.amount),
                ],
              })),
            ]
          : []),
        {
          cells: [
            s.direction === 'payable'
              ? 'This statement: the market pays you'
              : 'This statement: you pay the market',
            '',
            money(s.thisMonth.replace('-', '')),
          ],
          bold: s.adjustments.length > 0,
        },
        ...s.payments.map((p) => ({
          cells: [`Payment${p.reference ? ` ${p.reference}` : ''}`, p.paidOn, money(p.amount)],
        })),
        {
          cells: [
            `Outstanding for ${s.month}${thaiLabels ? ' · ยอดค้างชำระ' : ''}`,
            `due ${s.dueDate}`,
            money(s.outstanding),
          ],
          bold: true,
        },
        {
          cells: [
            'Balance carried (+ owed to you, - owed by you)',
            `as of ${s.asOf}`,
            money(s.balanceCarried),
          ],
          band: true,
          bold: true,
        },
      ],
    );
  }

  // Footer on every page: the run that made the figures, for tracing.
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const y = PAGE.height - PAGE.margin + 8;
    doc
      .moveTo(PAGE.margin, y - 12)
      .lineTo(right, y - 12)
      .lineWidth(0.4)
      .strokeColor(RULE)
      .stroke();
    w.text(
      `${s.workspaceName} · ${s.participant.id} · ${s.month} · run ${s.run.id} · identity ${s.run.identity.slice(0, 16)}…`,
      PAGE.margin,
      y,
      { size: 7, color: MUTED },
    );
    w.text(`page ${i + 1 - range.start} of ${range.count}`, PAGE.margin, y, {
      size: 7,
      color: MUTED,
      align: 'right',
      width: full,
    });
  }
  doc.end();
  return done;
}
