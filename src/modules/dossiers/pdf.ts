import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Block, FormDoc, Inline, PaperSize, Signer } from './documents.js';

/*
 * PDF of a printed form (documents.tsx builds the FormDoc; the HTML view shows the same words). pdfmake 0.3 on the
 * server with the Roboto fonts it ships (they cover Vietnamese).
 *
 * pdfmake's default export is one shared instance whose fonts and access policies are global. This file makes its
 * own instance of the same class, so other modules' PDF settings and ours cannot interfere. The fonts are copied
 * into pdfmake's virtual file system once, so no local file is read while rendering (local access policy: none)
 * and no URL is fetched (URL access policy: none).
 */

interface PdfMake {
  virtualfs: { writeFileSync(name: string, content: Buffer): void; existsSync(name: string): boolean };
  setFonts(fonts: Record<string, Record<'normal' | 'bold' | 'italics' | 'bolditalics', string>>): void;
  setUrlAccessPolicy(policy: (url: string) => boolean): void;
  setLocalAccessPolicy(policy: (path: string) => boolean): void;
  setTableLayouts(layouts: Record<string, Record<string, () => number>>): void;
  createPdf(doc: Record<string, unknown>): { getBuffer(): Promise<Buffer> };
}

type Content = Record<string, unknown> | string | Content[];

const require = createRequire(import.meta.url);
const FONT_FILES = {
  normal: 'Roboto-Regular.ttf',
  bold: 'Roboto-Medium.ttf',
  italics: 'Roboto-Italic.ttf',
  bolditalics: 'Roboto-MediumItalic.ttf',
} as const;
const VFS_DIR = 'tnmt-forms';

const TABLE_LAYOUTS = {
  pfThin: {
    hLineWidth: () => 0.5,
    vLineWidth: () => 0.5,
    paddingLeft: () => 3,
    paddingRight: () => 3,
    paddingTop: () => 2,
    paddingBottom: () => 2,
  },
};

let instance: PdfMake | undefined;

function pdfmake(): PdfMake {
  if (instance) return instance;
  const shared = require('pdfmake') as PdfMake;
  const Own = Object.getPrototypeOf(shared).constructor as new () => PdfMake;
  const pm = new Own();
  const fontDir = join(dirname(require.resolve('pdfmake/package.json')), 'build', 'fonts', 'Roboto');
  const fonts = {} as Record<keyof typeof FONT_FILES, string>;
  for (const [style, file] of Object.entries(FONT_FILES) as [keyof typeof FONT_FILES, string][]) {
    const name = `${VFS_DIR}/${file}`;
    if (!pm.virtualfs.existsSync(name)) pm.virtualfs.writeFileSync(name, readFileSync(join(fontDir, file)));
    fonts[style] = name;
  }
  pm.setFonts({ Roboto: fonts });
  pm.setUrlAccessPolicy(() => false);
  pm.setLocalAccessPolicy(() => false);
  pm.setTableLayouts(TABLE_LAYOUTS);
  instance = pm;
  return pm;
}

/** Page size, margins (Decree 30: left 30–35 mm, right 15–20 mm on A4; scaled for A5) and type sizes. */
const LAYOUT: Record<PaperSize, { margins: [number, number, number, number]; base: number; head: number; title: number; small: number; agency: number; signSpace: number }> = {
  A5: { margins: [54, 30, 28, 28], base: 9.6, head: 8.6, title: 11, small: 8, agency: 128, signSpace: 34 },
  A4: { margins: [85, 57, 50, 57], base: 13, head: 12, title: 14, small: 11, agency: 190, signSpace: 64 },
};

const DOTS = '……………………';

/**
 * "ông/bà", "Ông/Bà": pdfmake may break a line after the slash; keep such pairs together. The punctuation and the
 * space after the pair stay in the same piece, or justification would widen the gap around it.
 */
const SLASH_PAIR = /(\p{L}+\/\p{L}+[.,;:!?)]*\s?)/u;

function runs(parts: Inline[]): Content[] {
  return parts.flatMap((p) => {
    const text = typeof p === 'string' ? p : p.text;
    const style = typeof p === 'string' ? {} : { bold: p.bold ?? false, italics: p.italic ?? false };
    return text
      .split(SLASH_PAIR)
      .filter((piece) => piece !== '')
      .map((piece) => (SLASH_PAIR.test(piece) ? { text: piece, noWrap: true, ...style } : { text: piece, ...style }));
  });
}

function block(b: Block, size: PaperSize): Content {
  const L = LAYOUT[size];
  switch (b.kind) {
    case 'para':
      return {
        text: runs(b.parts),
        leadingIndent: b.indent ? L.base * 1.5 : 0,
        alignment: b.align ?? 'justify',
        margin: [0, 2, 0, 2],
      };
    case 'fields':
      if (b.items.length === 1) {
        const f = b.items[0]!;
        return { text: [`${f.label}: `, f.value || DOTS], margin: [0, 1.5, 0, 1.5] };
      }
      return {
        columns: b.items.map((f) => ({ width: '*', text: [`${f.label}: `, f.value || DOTS] })),
        columnGap: 8,
        margin: [0, 1.5, 0, 1.5],
      };
    case 'list':
      return { ol: b.items, margin: [12, 2, 0, 2] };
    case 'table': {
      const total = b.columns.reduce((s, c) => s + c.width, 0);
      return {
        table: {
          headerRows: 1,
          dontBreakRows: true,
          widths: b.columns.map((c) => `${((c.width / total) * 100).toFixed(2)}%`),
          body: [
            b.columns.map((c) => ({ text: c.label, bold: true, alignment: 'center' })),
            ...b.rows.map((row) => row.map((cell, j) => ({ text: cell, alignment: b.columns[j]?.align ?? 'left' }))),
          ],
        },
        layout: 'pfThin',
        fontSize: L.base - 0.5,
        margin: [0, 2, 0, 4],
      };
    }
    case 'note':
      return { text: b.text, italics: true, fontSize: L.small, margin: [0, 2, 0, 0] };
  }
}

function signer(s: Signer, size: PaperSize): Content {
  const L = LAYOUT[size];
  return {
    stack: [
      { text: s.title, bold: true },
      { text: s.hint, italics: true, fontSize: L.small },
      { text: s.name || ' ', bold: true, margin: [0, L.signSpace, 0, 0] },
    ],
    alignment: 'center',
    unbreakable: true,
  };
}

/** The pdfmake document of a form. */
export function formDocDefinition(doc: FormDoc, size: PaperSize): Record<string, unknown> {
  const L = LAYOUT[size];
  const rule = 40;
  const header: Content = {
    columns: [
      {
        width: L.agency,
        stack: [
          { text: doc.agency.superior },
          { text: doc.agency.issuer.join('\n'), bold: true },
          { canvas: [{ type: 'line', x1: (L.agency - rule) / 2, y1: 1, x2: (L.agency + rule) / 2, y2: 1, lineWidth: 0.6 }] },
          { text: doc.number, margin: [0, 3, 0, 0] },
        ],
        alignment: 'center',
      },
      {
        width: '*',
        stack: [
          { text: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', bold: true },
          { text: 'Độc lập - Tự do - Hạnh phúc', bold: true, fontSize: L.head + 0.5, decoration: 'underline' },
          { text: doc.placeDate, italics: true, fontSize: L.head + 0.5, margin: [0, 6, 0, 0] },
        ],
        alignment: 'center',
      },
    ],
    columnGap: 6,
    fontSize: L.head,
  };
  const signatures: Content =
    doc.signers.length > 1
      ? { columns: doc.signers.map((s) => ({ width: '*', ...(signer(s, size) as object) })), columnGap: 12, margin: [0, 10, 0, 0] }
      : {
          columns: [
            doc.recipients
              ? {
                  width: '*',
                  stack: [
                    { text: 'Nơi nhận:', bold: true, italics: true, fontSize: L.small + 0.5 },
                    ...doc.recipients.map((r) => ({ text: `- ${r}`, fontSize: L.small })),
                  ],
                  margin: [0, 2, 0, 0],
                }
              : { width: '*', text: '' },
            { width: '55%', ...(signer(doc.signers[0]!, size) as object) },
          ],
          columnGap: 12,
          margin: [0, 10, 0, 0],
        };
  return {
    pageSize: size,
    pageOrientation: 'portrait',
    pageMargins: L.margins,
    info: { title: `${doc.title} – ${doc.number}`, subject: `Mẫu ${doc.form} (Thông tư 01/2018/TT-VPCP)`, creator: 'tnmt' },
    defaultStyle: { font: 'Roboto', fontSize: L.base, lineHeight: 1.12 },
    content: [
      header,
      { text: doc.title, bold: true, fontSize: L.title, alignment: 'center', margin: [0, 16, 0, 0] },
      doc.subtitle ? { text: runs(doc.subtitle), alignment: 'center', margin: [0, 2, 0, 0] } : '',
      { stack: doc.body.map((b) => block(b, size)), margin: [0, 10, 0, 0] },
      signatures,
      ...(doc.footer?.length ? [{ stack: doc.footer.map((b) => block(b, size)), margin: [0, 14, 0, 0] }] : []),
    ],
  };
}


/** Renders a form to PDF bytes. */
export async function renderFormPdf(doc: FormDoc, size: PaperSize = 'A5'): Promise<Buffer> {
  const pm = pdfmake();
  const def = formDocDefinition(doc, size);
  return pm.createPdf(def).getBuffer();
}
