import vm from 'node:vm';

/*
 * pdfjs-dist's legacy build (pdf.mjs, and pdf.worker.mjs again) installs core-js polyfills over two built-ins on
 * Node 20 (V8 < 12.2): Array.prototype.push, for a corner case (pushing onto an array whose length is read-only),
 * and JSON.parse (source text access in revivers). Every push in the process then goes through a JavaScript
 * function; parsing the corpus took about a third more CPU time. Neither corner case is used by pdf.js or by us.
 *
 * This module keeps the built-ins as they are when it is first evaluated, which helps when it is imported before
 * anything that imports pdf.js (bench/parse.ts does). `restoreNatives` puts them back once pdf.js is loaded (load.ts
 * calls it). If pdf.js was loaded first, what was kept are the polyfills, and nothing is changed.
 */
const kept = { push: Array.prototype.push, parse: JSON.parse };

// core-js also replaces Function.prototype.toString so that its polyfills print as native code: ask another realm.
const sourceOf = vm.runInNewContext('Function.prototype.toString') as (this: unknown) => string;
const isNative = (f: unknown) => typeof f === 'function' && /\{\s*\[native code\]\s*\}\s*$/.test(sourceOf.call(f));

/**
 * Puts back the native Array.prototype.push and JSON.parse, where they were kept before pdf.js replaced them: by this
 * module, or by the caller (a thread entry that loads pdf.js before TypeScript can be).
 */
export function restoreNatives(natives: { push: unknown; parse: unknown } = kept): void {
  if (Array.prototype.push !== natives.push && isNative(natives.push)) {
    Object.defineProperty(Array.prototype, 'push', { value: natives.push, writable: true, enumerable: false, configurable: true });
  }
  if (JSON.parse !== natives.parse && isNative(natives.parse)) {
    Object.defineProperty(JSON, 'parse', { value: natives.parse, writable: true, enumerable: false, configurable: true });
  }
}
