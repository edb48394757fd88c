import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One Web API call the bot made, with its arguments decoded as Slack's server would. */
export interface SlackCall {
  method: string;
  args: Record<string, unknown>;
  token: string | null;
}

/**
 * A local stand-in for Slack: its Web API (form or JSON bodies, `ok` envelopes), the file-upload URLs of
 * files.uploadV2, private file downloads that need the bot token, and response URLs of slash commands.
 */
export class FakeSlack {
  readonly calls: SlackCall[] = [];
  readonly uploads: { fileId: string; bytes: Buffer }[] = [];
  readonly responses: { path: string; body: Record<string, unknown> }[] = [];
  private readonly files = new Map<string, { name: string; bytes: Buffer }>();
  private server: Server | null = null;
  private nextTs = 1_700_000_000;
  private nextFile = 1;
  private waiters: { pred: () => boolean; resolve: () => void }[] = [];
  url = '';

  constructor(readonly botToken = 'xoxb-test-token', readonly botUserId = 'UBOT') {}

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      void this.handle(req).then(
        ({ status, body, type }) => {
          res.writeHead(status, { 'content-type': type });
          res.end(body);
          this.wake();
        },
        (err) => {
          res.writeHead(500);
          res.end(String(err));
          this.wake();
        },
      );
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  /** Makes a file downloadable as Slack serves `url_private_download`; returns the file object of an event. */
  addFile(name: string, bytes: Buffer): { id: string; name: string; filetype: string; mimetype: string; url_private_download: string } {
    const id = `F${String(this.nextFile++).padStart(6, '0')}`;
    this.files.set(id, { name, bytes });
    return { id, name, filetype: 'pdf', mimetype: 'application/pdf', url_private_download: `${this.url}/files-pri/${id}/${encodeURIComponent(name)}` };
  }

  callsTo(method: string): SlackCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Resolves when the predicate holds (checked after each request), or rejects after the timeout. */
  waitFor(pred: () => boolean, timeoutMs = 60_000): Promise<void> {
    if (pred()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('FakeSlack: timed out waiting')), timeoutMs);
      this.waiters.push({ pred, resolve: () => (clearTimeout(timer), resolve()) });
    });
  }

  private wake(): void {
    this.waiters = this.waiters.filter((w) => (w.pred() ? (w.resolve(), false) : true));
  }

  private async handle(req: IncomingMessage): Promise<{ status: number; body: string; type: string }> {
    const raw = await readBody(req);
    const url = new URL(req.url ?? '/', this.url);
    const json = (o: unknown) => ({ status: 200, body: JSON.stringify(o), type: 'application/json' });
    if (url.pathname.startsWith('/upload/')) {
      this.uploads.push({ fileId: url.pathname.split('/')[2]!, bytes: fileFromUpload(raw, String(req.headers['content-type'] ?? '')) });
      return { status: 200, body: 'OK', type: 'text/plain' };
    }
    if (url.pathname.startsWith('/files-pri/')) {
      const id = url.pathname.split('/')[2]!;
      const f = this.files.get(id);
      if (req.headers.authorization !== `Bearer ${this.botToken}`) return { status: 403, body: 'forbidden', type: 'text/plain' };
      return f ? { status: 200, body: f.bytes as unknown as string, type: 'application/pdf' } : { status: 404, body: 'not found', type: 'text/plain' };
    }
    if (url.pathname.startsWith('/respond/')) {
      this.responses.push({ path: url.pathname, body: JSON.parse(raw.toString('utf8')) as Record<string, unknown> });
      return { status: 200, body: 'ok', type: 'text/plain' };
    }
    const method = url.pathname.replace(/^\/api\//, '');
    const args = decodeArgs(raw, String(req.headers['content-type'] ?? ''));
    const auth = req.headers.authorization;
    this.calls.push({ method, args, token: auth ? auth.replace(/^Bearer /, '') : ((args.token as string) ?? null) });
    const ts = () => `${this.nextTs++}.000100`;
    switch (method) {
      case 'auth.test':
        return json({ ok: true, url: 'https://fake.slack/', team: 'Test', user: 'namndkoll', team_id: 'T1', user_id: this.botUserId, bot_id: 'B1' });
      case 'chat.postMessage':
        return json({ ok: true, channel: args.channel, ts: ts(), message: { text: args.text } });
      case 'chat.update':
        return json({ ok: true, channel: args.channel, ts: args.ts });
      case 'chat.postEphemeral':
        return json({ ok: true, message_ts: ts() });
      case 'files.getUploadURLExternal': {
        const id = `F${String(this.nextFile++).padStart(6, '0')}`;
        return json({ ok: true, upload_url: `${this.url}/upload/${id}`, file_id: id });
      }
      case 'files.completeUploadExternal':
        return json({ ok: true, files: Array.isArray(args.files) ? args.files : JSON.parse(String(args.files ?? '[]')) });
      default:
        return json({ ok: true });
    }
  }
}

/** The file's bytes from an upload-URL POST: raw, or the file part of a multipart form as the Web API client sends. */
function fileFromUpload(raw: Buffer, contentType: string): Buffer {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType);
  if (!boundary) return raw;
  const sep = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  let at = raw.indexOf(sep);
  while (at >= 0) {
    const next = raw.indexOf(sep, at + sep.length);
    if (next < 0) break;
    const part = raw.subarray(at + sep.length, next);
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd >= 0 && /filename=/i.test(part.subarray(0, headerEnd).toString('latin1'))) return part.subarray(headerEnd + 4, part.length - 2);
    at = next;
  }
  return raw;
}

function decodeArgs(raw: Buffer, contentType: string): Record<string, unknown> {
  const text = raw.toString('utf8');
  if (contentType.includes('application/json')) return text ? (JSON.parse(text) as Record<string, unknown>) : {};
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(text)) {
    // The Web API client sends arrays and objects (blocks, attachments) as JSON strings in form bodies.
    out[k] = /^[[{]/.test(v) ? safeJson(v) : v;
  }
  return out;
}

function safeJson(v: string): unknown {
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Sends a request to the bot the way Slack does: signed with the signing secret over `v0:{ts}:{body}`. */
export async function signedPost(
  url: string,
  secret: string,
  body: string,
  contentType: 'application/json' | 'application/x-www-form-urlencoded',
  options: { timestamp?: number; signature?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; text: string }> {
  const ts = options.timestamp ?? Math.floor(Date.now() / 1000);
  const sig = options.signature ?? `v0=${createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex')}`;
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': contentType, 'x-slack-request-timestamp': String(ts), 'x-slack-signature': sig, ...options.headers },
    body,
  });
  return { status: res.status, text: await res.text() };
}

export function eventEnvelope(event: Record<string, unknown>, eventId: string): string {
  return JSON.stringify({
    token: 'legacy',
    team_id: 'T1',
    api_app_id: 'A1',
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: 'T1', user_id: 'UBOT', is_bot: true }],
    event,
  });
}
