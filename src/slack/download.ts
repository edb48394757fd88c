import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';

export class TooLarge extends Error {}

/**
 * Streams a Slack file to `dest` with the bot token, hashing it on the way: never more than `maxBytes` in memory or
 * on disk (the download is aborted when the announced length or the bytes received pass it), and aborted after
 * `timeoutMs`. Returns the file's sha256 and length.
 */
export async function downloadToFile(url: string, token: string, dest: string, maxBytes: number, timeoutMs: number): Promise<{ sha256: string; bytes: number }> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(new Error(`the download took longer than ${Math.round(timeoutMs / 1000)} s`)), timeoutMs);
  try {
    const res = await fetch(url, { headers: { Authorization: `Bearer ${token}` }, signal: abort.signal, redirect: 'follow' });
    if (!res.ok || !res.body) throw new Error(`the download failed (HTTP ${res.status})`);
    const announced = Number(res.headers.get('content-length'));
    if (Number.isFinite(announced) && announced > maxBytes) {
      abort.abort();
      throw new TooLarge(`${announced}`);
    }
    const hash = createHash('sha256');
    let bytes = 0;
    const count = new Transform({
      transform(chunk: Buffer, _enc, done) {
        bytes += chunk.length;
        if (bytes > maxBytes) return done(new TooLarge(`${bytes}`));
        hash.update(chunk);
        done(null, chunk);
      },
    });
    await pipeline(Readable.fromWeb(res.body as WebReadableStream), count, createWriteStream(dest), { signal: abort.signal });
    return { sha256: hash.digest('hex'), bytes };
  } catch (err) {
    abort.abort();
    await rm(dest, { force: true });
    const reason = abort.signal.reason;
    if (err instanceof TooLarge) throw err;
    if (reason instanceof Error && /longer than/.test(reason.message)) throw reason;
    throw err;
  } finally {
    clearTimeout(timer);
  }
}
