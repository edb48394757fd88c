/** Geometry is in PDF points with the origin at the page's top-left corner, y growing downwards. */
export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface TextItem {
  str: string;
  /** Left edge and baseline. */
  x: number;
  baseline: number;
  /** Top edge (baseline − font size). */
  top: number;
  w: number;
  fontSize: number;
  bold: boolean;
  fontName: string;
  /** Marked-content id (`p30R_mc6`) linking the item to the structure tree, when the PDF is tagged. */
  mcid: string | null;
  /** OCR word confidence 0–100; null for text-layer items. */
  confidence: number | null;
}

export interface Shape extends Rect {
  kind: 'fill' | 'stroke';
  /** Fill or stroke colour as `#rrggbb`, when known. */
  color: string | null;
}

export interface StructNode {
  role: string;
  children: StructNode[];
  /** Marked-content ids of the content leaves directly under this node. */
  mcids: string[];
}

export interface PageContent {
  number: number;
  width: number;
  height: number;
  items: TextItem[];
  shapes: Shape[];
  /** Fraction of the page area covered by images. */
  imageCoverage: number;
  struct: StructNode | null;
}

export interface LoadedPdf {
  fileName: string;
  sha256: string;
  pageCount: number;
  info: { title: string | null; author: string | null; subject: string | null; producer: string | null; creator: string | null };
  tagged: boolean;
  pages: LoadedPage[];
}

export type LoadedPage = { ok: true; content: PageContent } | { ok: false; number: number; error: string };
