import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { PDFDocumentProxy, PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { IngestError } from './errors.ts';
import { restoreNatives } from './natives.ts';
import type { LoadedPage, LoadedPdf, PageContent, Shape, StructNode, TextItem } from './types.ts';
import { readShapes } from './shapes.ts';

const BOLD_FONT = /bold|black|heavy|semibold|demibold|extrabold/i;

let pdfjsReady: Promise<void> | undefined;

/**
 * Loads pdf.js's worker code into this thread (pdf.js runs it in-thread on Node, importing it on the first
 * document otherwise), then undoes the polyfills it installs over built-ins (see natives.ts). Idempotent.
 */
export function preparePdfjs(): Promise<void> {
  pdfjsReady ??= (async () => {
    const g = globalThis as { pdfjsWorker?: unknown };
    if (!g.pdfjsWorker) {
      // Its 5 MB source map (read when source maps are on, as under tsx) costs more than the 2 MB of code it maps.
      const maps = process.sourceMapsEnabled;
      process.setSourceMapsEnabled(false);
      try {
        const workerCode = 'pdfjs-dist/legacy/build/pdf.worker.mjs'; // a variable: the package ships no types for it
        g.pdfjsWorker = await import(workerCode);
      } finally {
        process.setSourceMapsEnabled(maps);
      }
    }
    restoreNatives();
  })();
  return pdfjsReady;
}

/** Reads a PDF file into per-page text items, shapes and structure; a page that fails is reported, not fatal. */
export async function loadPdf(filePath: string, onPage?: (page: number, total: number) => void): Promise<LoadedPdf> {
  const fileName = path.basename(filePath);
  let bytes: Buffer;
  try {
    bytes = await readFile(filePath);
  } catch (err) {
    throw new IngestError(fileName, `cannot read the file (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  return loadPdfBytes(fileName, bytes, onPage);
}

export async function loadPdfBytes(
  fileName: string,
  bytes: Uint8Array,
  onPage?: (page: number, total: number) => void,
): Promise<LoadedPdf> {
  if (bytes.length === 0) throw new IngestError(fileName, 'the file is empty');
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  if (!head.includes('%PDF-')) throw new IngestError(fileName, 'not a PDF (no %PDF- header)');
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  await preparePdfjs();

  let doc: PDFDocumentProxy;
  try {
    doc = await pdfjs.getDocument({
      data: new Uint8Array(bytes),
      verbosity: 0,
      isEvalSupported: false,
      disableFontFace: true,
      useSystemFonts: false,
      stopAtErrors: false,
    }).promise;
  } catch (err) {
    const tail = Buffer.from(bytes.subarray(Math.max(0, bytes.length - 2048))).toString('latin1');
    const truncated = !tail.includes('%%EOF');
    throw new IngestError(fileName, truncated ? `the PDF is truncated (it ends without %%EOF): ${describeLoadError(err)}` : describeLoadError(err));
  }
  try {
    if (doc.numPages === 0) throw new IngestError(fileName, 'the PDF has no pages');
    const meta = await doc.getMetadata().catch(() => null);
    const info = (meta?.info ?? {}) as Record<string, unknown>;
    const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);
    const markInfo = await doc.getMarkInfo().catch(() => null);
    const pages: LoadedPage[] = [];
    let tagged = false;
    for (let n = 1; n <= doc.numPages; n++) {
      try {
        const page = await doc.getPage(n);
        const content = await readPage(page, n);
        if (content.struct) tagged = true;
        pages.push({ ok: true, content });
        page.cleanup();
      } catch (err) {
        pages.push({ ok: false, number: n, error: err instanceof Error ? err.message : String(err) });
      }
      onPage?.(n, doc.numPages);
    }
    if (pages.every((p) => !p.ok)) {
      const first = pages[0] as { error: string };
      throw new IngestError(fileName, `no page could be read (${first.error})`);
    }
    return {
      fileName,
      sha256,
      pageCount: doc.numPages,
      info: {
        title: str(info.Title),
        author: str(info.Author),
        subject: str(info.Subject),
        producer: str(info.Producer),
        creator: str(info.Creator),
      },
      tagged: tagged || Boolean(markInfo?.Marked),
      pages,
    };
  } finally {
    await doc.destroy();
  }
}

function describeLoadError(err: unknown): string {
  const name = (err as { name?: string })?.name;
  const message = err instanceof Error ? err.message : String(err);
  if (name === 'PasswordException') return 'the PDF is password-protected';
  if (name === 'InvalidPDFException') return `not a valid PDF (${message})`;
  if (/Unexpected end|truncated|startxref|XRef/i.test(message)) return `the PDF is corrupt or truncated (${message})`;
  return `the PDF cannot be opened (${message})`;
}

async function readPage(page: PDFPageProxy, number: number): Promise<PageContent> {
  const viewport = page.getViewport({ scale: 1 });
  const ops = await page.getOperatorList();
  const text = await page.getTextContent({ includeMarkedContent: true });
  const items: TextItem[] = [];
  const mcStack: (string | null)[] = [];
  const fontCache = new Map<string, { bold: boolean; name: string }>();
  const fontOf = (fontName: string) => {
    let f = fontCache.get(fontName);
    if (!f) {
      let name = fontName;
      let bold = false;
      if (page.commonObjs.has(fontName)) {
        const obj = page.commonObjs.get(fontName) as { name?: string; bold?: boolean; black?: boolean };
        name = obj?.name ?? fontName;
        bold = Boolean(obj?.bold || obj?.black) || BOLD_FONT.test(name);
      }
      f = { bold, name };
      fontCache.set(fontName, f);
    }
    return f;
  };
  for (const it of text.items) {
    if ('type' in it) {
      if (it.type === 'beginMarkedContentProps' || it.type === 'beginMarkedContent') mcStack.push((it as { id?: string }).id ?? null);
      else if (it.type === 'endMarkedContent') mcStack.pop();
      continue;
    }
    if (!it.str.trim()) continue;
    const m = pdfjs.Util.transform(viewport.transform, it.transform) as number[];
    const fontSize = Math.hypot(m[2]!, m[3]!);
    if (fontSize < 0.5) continue;
    const horizontalScale = Math.hypot(it.transform[0]!, it.transform[1]!) || 1;
    const scale = Math.hypot(m[0]!, m[1]!) / horizontalScale;
    const font = fontOf(it.fontName);
    const baseline = m[5]!;
    items.push({
      str: it.str,
      x: m[4]!,
      baseline,
      top: baseline - fontSize,
      w: it.width * scale,
      fontSize,
      bold: font.bold,
      fontName: font.name,
      mcid: innermostId(mcStack),
      confidence: null,
    });
  }
  const { shapes, imageArea } = readShapes(ops, viewport.transform as number[]);
  const tree = await page.getStructTree().catch(() => null);
  return {
    number,
    width: viewport.width,
    height: viewport.height,
    items,
    shapes: shapes.filter((s: Shape) => s.w > 0 || s.h > 0),
    imageCoverage: Math.min(1, imageArea / (viewport.width * viewport.height)),
    struct: tree ? toStructNode(tree as unknown as RawStruct) : null,
  };
}

function innermostId(stack: (string | null)[]): string | null {
  for (let i = stack.length - 1; i >= 0; i--) if (stack[i]) return stack[i]!;
  return null;
}

interface RawStruct {
  role?: string;
  type?: string;
  id?: string;
  children?: RawStruct[];
}

function toStructNode(raw: RawStruct): StructNode {
  const node: StructNode = { role: raw.role ?? 'Root', children: [], mcids: [] };
  for (const child of raw.children ?? []) {
    if (child.type === 'content' && child.id) node.mcids.push(child.id);
    else if (child.role) node.children.push(toStructNode(child));
  }
  return node;
}
