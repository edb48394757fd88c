// Documents for the bulk-ingest bench, made from the corpus's text PDFs: each is a copy of one corpus PDF with its
// numbers and years changed in the page content streams, so it has the source's pages, layout, fonts and tables
// and different figures. Names (municipality, committee) are left as the source has them: in these subset fonts a
// name's letters need not exist, and a name rewritten glyph by glyph would not be one. The file name varies.
//
// How: the corpus PDFs (Skia/PDF: classic xref, Flate streams, Type0 Identity-H fonts with a ToUnicode CMap) are
// read object by object; each font's ToUnicode gives the glyph codes of the digits 0–9; in each page's content the
// glyphs are decoded in order and every run of digits is rewritten: a year (1990–2039) moves by the document's
// year shift, other digits are drawn at random (a leading digit stays non-zero). Digits are tabular (equal widths) in
// these fonts, so positions hold. The file is written again with a new xref. PDFs of another make are copied as
// they are, with a comment appended so that their content hash differs.
//
// node bin/run-ts.mjs bench/generate-docs.ts OUT_DIR COUNT [--shared DIR]
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { deflateSync, inflateSync } from 'node:zlib';

interface PdfObject {
  num: number;
  dict: string;
  /** Inflated stream data, when the object has a Flate stream. */
  data: Buffer | null;
  /** The object as it stands in the file, for objects written back unchanged. */
  raw: Buffer;
}

/** A corpus PDF read into objects, with its pages' content streams and their fonts' digit codes. */
export interface Template {
  name: string;
  objects: Map<number, PdfObject>;
  trailer: string;
  /** Content stream object → font resource name → digit code (hex, 4 digits) per digit 0–9 (null where absent). */
  contents: { obj: number; fonts: Map<string, Map<string, number>> }[];
  pages: number;
}

export function readTemplate(file: string): Template | null {
  const bytes = readFileSync(file);
  const text = bytes.toString('latin1');
  if (!/\/Producer \(Skia\/PDF/.test(text) || /\/ObjStm|\/Type\s*\/XRef/.test(text)) return null;
  const objects = new Map<number, PdfObject>();
  const re = /(\d+) 0 obj\s*/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const start = m.index;
    const end = text.indexOf('endobj', re.lastIndex);
    if (end < 0) break;
    const body = text.slice(re.lastIndex, end);
    const streamAt = body.search(/stream\r?\n/);
    let dict = body;
    let data: Buffer | null = null;
    if (streamAt >= 0 && /\/FlateDecode/.test(body.slice(0, streamAt))) {
      dict = body.slice(0, streamAt);
      const len = Number(/\/Length (\d+)/.exec(dict)?.[1]);
      const dataStart = re.lastIndex + streamAt + (body[streamAt + 6] === '\r' ? 8 : 7);
      try {
        data = inflateSync(bytes.subarray(dataStart, dataStart + len));
      } catch {
        data = null;
      }
    }
    objects.set(Number(m[1]), { num: Number(m[1]), dict, data, raw: bytes.subarray(start, end + 6) });
    re.lastIndex = end + 6;
  }
  const trailer = /trailer\s*(<<[\s\S]*?>>)\s*startxref/.exec(text)?.[1];
  if (!trailer) return null;

  const ref = (s: string, key: string) => Number(new RegExp(`/${key} (\\d+) 0 R`).exec(s)?.[1] ?? NaN);
  const digitCodes = new Map<number, Map<string, number>>();
  const fontDigits = (fontObj: number) => {
    let map = digitCodes.get(fontObj);
    if (map) return map;
    map = new Map();
    const cmap = objects.get(ref(objects.get(fontObj)?.dict ?? '', 'ToUnicode'))?.data?.toString('latin1') ?? '';
    for (const [, src, dst] of cmap.matchAll(/<([0-9A-Fa-f]{4})>\s*<([0-9A-Fa-f]{4})>(?!\s*<)/g)) {
      const d = parseInt(dst!, 16) - 0x30;
      if (d >= 0 && d <= 9) map.set(src!.toUpperCase(), d);
    }
    for (const [, lo, hi, dst] of cmap.matchAll(/<([0-9A-Fa-f]{4})>\s*<([0-9A-Fa-f]{4})>\s*<([0-9A-Fa-f]{4})>/g)) {
      for (let c = parseInt(lo!, 16); c <= parseInt(hi!, 16); c++) {
        const d = parseInt(dst!, 16) + c - parseInt(lo!, 16) - 0x30;
        if (d >= 0 && d <= 9) map.set(c.toString(16).toUpperCase().padStart(4, '0'), d);
      }
    }
    digitCodes.set(fontObj, map);
    return map;
  };
  const contents: Template['contents'] = [];
  let pages = 0;
  for (const o of objects.values()) {
    if (!/\/Type \/Page\b(?!s)/.test(o.dict)) continue;
    pages++;
    const fontDict = /\/Font <<([^>]*)>>/.exec(o.dict)?.[1] ?? '';
    const fonts = new Map<string, Map<string, number>>();
    for (const [, name, num] of fontDict.matchAll(/\/(\S+) (\d+) 0 R/g)) fonts.set(name!, fontDigits(Number(num)));
    const c = ref(o.dict, 'Contents');
    if (objects.get(c)?.data) contents.push({ obj: c, fonts });
  }
  return { name: path.basename(file, '.pdf'), objects, trailer, contents, pages };
}

/** The template with its numbers changed (see the file's head), as PDF bytes. */
export function vary(t: Template, seed: number): Buffer {
  let state = seed >>> 0 || 1;
  const rand = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const yearShift = Math.floor(rand() * 9) - 4;
  const changed = new Map<number, Buffer>();
  for (const { obj, fonts } of t.contents) {
    const src = t.objects.get(obj)!.data!.toString('latin1');
    // Every hex string shown in the stream, with the font in force.
    const shown: { at: number; len: number; codes: string[]; digits: Map<string, number> | undefined }[] = [];
    let font: Map<string, number> | undefined;
    // The font is part of the graphics state: `Q` restores the one in force at its `q`.
    const saved: (Map<string, number> | undefined)[] = [];
    for (const m of src.matchAll(/\/(\S+) [\d.]+ Tf|<([0-9A-Fa-f]+)>|(?<![\w/])([qQ])(?!\w)/g)) {
      if (m[3] === 'q') saved.push(font);
      else if (m[3] === 'Q') font = saved.pop();
      else if (m[1]) font = fonts.get(m[1]);
      else if (m[2] && m[2].length % 4 === 0) shown.push({ at: m.index! + 1, len: m[2].length, codes: m[2].toUpperCase().match(/.{4}/g)!, digits: font });
    }
    // Runs of digit glyphs, across strings (text set glyph by glyph is split into one string per glyph).
    const glyphs = shown.flatMap((s, si) => s.codes.map((code, ci) => ({ si, ci, d: s.digits?.get(code) })));
    const codeOf = (digits: Map<string, number>, d: number) => [...digits].find(([, v]) => v === d)?.[0];
    for (let i = 0; i < glyphs.length; ) {
      if (glyphs[i]!.d === undefined) {
        i++;
        continue;
      }
      let j = i;
      while (j < glyphs.length && glyphs[j]!.d !== undefined) j++;
      const run = glyphs.slice(i, j);
      const value = run.map((g) => g.d).join('');
      const year = run.length === 4 && Number(value) >= 1990 && Number(value) <= 2039;
      const next = year ? String(Number(value) + yearShift) : run.map((_, k) => String(Math.floor(rand() * (k === 0 ? 9 : 10)) + (k === 0 ? 1 : 0))).join('');
      run.forEach((g, k) => {
        const s = shown[g.si]!;
        const code = codeOf(s.digits!, Number(next[k]));
        if (code) s.codes[g.ci] = code;
      });
      i = j;
    }
    let out = '';
    let last = 0;
    for (const s of shown) {
      out += src.slice(last, s.at) + s.codes.join('');
      last = s.at + s.len;
    }
    changed.set(obj, Buffer.from(out + src.slice(last), 'latin1'));
  }
  return write(t, changed);
}

function write(t: Template, changed: Map<number, Buffer>): Buffer {
  const parts: Buffer[] = [Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let offset = parts[0]!.length;
  const offsets = new Map<number, number>();
  for (const o of t.objects.values()) {
    offsets.set(o.num, offset);
    const data = changed.get(o.num);
    let chunk: Buffer;
    if (data) {
      const z = deflateSync(data);
      const dict = o.dict.replace(/\/Length \d+/, `/Length ${z.length}`);
      chunk = Buffer.concat([Buffer.from(`${o.num} 0 obj\n${dict.trimEnd()}\nstream\n`, 'latin1'), z, Buffer.from('\nendstream\nendobj\n', 'latin1')]);
    } else chunk = Buffer.concat([o.raw, Buffer.from('\n')]);
    parts.push(chunk);
    offset += chunk.length;
  }
  const size = Math.max(...t.objects.keys()) + 1;
  let xref = `xref\n0 ${size}\n0000000000 65535 f \n`;
  for (let n = 1; n < size; n++) {
    const at = offsets.get(n);
    xref += at === undefined ? '0000000000 65535 f \n' : `${String(at).padStart(10, '0')} 00000 n \n`;
  }
  const trailer = t.trailer.replace(/\/Size \d+/, `/Size ${size}`).replace(/\/Prev \d+/, '');
  parts.push(Buffer.from(`${xref}trailer\n${trailer}\nstartxref\n${offset}\n%%EOF\n`, 'latin1'));
  return Buffer.concat(parts);
}

/** Writes `count` generated PDFs into `out`, round robin over the corpus's text PDFs; returns their pages in all. */
export function generateDocs(sharedDir: string, out: string, count: number, from = 0): { files: string[]; pages: number } {
  const dir = path.join(sharedDir, 'corpus/pdf');
  const templates = readdirSync(dir)
    .filter((f) => f.endsWith('.pdf'))
    .sort()
    .map((f) => readTemplate(path.join(dir, f)))
    .filter((t): t is Template => t !== null && t.contents.length > 0);
  if (!templates.length) throw new Error(`no corpus PDF of a known make in ${dir}`);
  mkdirSync(out, { recursive: true });
  const files: string[] = [];
  let pages = 0;
  for (let i = from; i < from + count; i++) {
    const t = templates[i % templates.length]!;
    const file = path.join(out, `gen${String(i).padStart(5, '0')}-${t.name}.pdf`);
    writeFileSync(file, vary(t, i + 1));
    files.push(file);
    pages += t.pages;
  }
  return { files, pages };
}

if (import.meta.url === pathToFileURL(path.resolve(process.argv[1] ?? '')).href) {
  const [out, count] = process.argv.slice(2);
  const i = process.argv.indexOf('--shared');
  const shared = path.resolve(i > 0 ? process.argv[i + 1]! : '../shared');
  const r = generateDocs(shared, path.resolve(out!), Number(count ?? 10));
  console.log(`${r.files.length} documents, ${r.pages} pages, in ${out}`);
}
