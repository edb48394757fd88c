import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/** A file as an event's `files` lists it. */
export interface FakeFile {
  id: string;
  name: string;
  size: number;
  filetype: string;
  mimetype: string;
  url_private_download: string;
}

/** One Web API call the bot made, with its arguments decoded as Slack's server would. */
export interface SlackCall {
  method: string;
  args: Record<string, unknown>;
  token: string | null;
  /** When the call arrived (performance.now()). */
  at: number;
  /** The `ts` the stand-in gave a posted message. */
  ts?: string;
}

/**
 * A local stand-in for Slack: its Web API (form or JSON bodies, `ok` envelopes), the file-upload URLs of
 * files.uploadV2, private file downloads that need the bot token, and response URLs of slash commands.
 */
export class FakeSlack {
  readonly calls: SlackCall[] = [];
  readonly uploads: { fileId: string; bytes: Buffer }[] = [];
  readonly responses: { path: string; body: Record<string, unknown> }[] = [];
  private readonly files = new Map<string, { name: string; bytes: Buffer | null; size: number; failures: number; declared?: number }>();
  /** Bytes of each file sent to whoever downloaded it. */
  readonly served = new Map<string, number>();
  private server: Server | null = null;
  private nextTs = 1_700_000_000;
  private nextFile = 1;
  private waiters: { pred: () => boolean; resolve: () => void }[] = [];
  url = '';
  /** The WebSocket address apps.connections.open hands out (Socket Mode). */
  socketUrl = '';

  constructor(readonly botToken = 'xoxb-test-token', readonly botUserId = 'UBOT') {}

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      if (req.url?.startsWith('/files-pri/')) return void this.download(req, res);
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

  /**
   * Makes a file downloadable as Slack serves `url_private_download`; returns the file object of an event, whose
   * `size` is the file's. `failures`: that many downloads answer HTTP 500 first.
   */
  addFile(name: string, bytes: Buffer, options: { failures?: number } = {}): FakeFile {
    return this.register(name, bytes, bytes.length, options.failures ?? 0);
  }

  /**
   * A file Slack announces with `size` bytes; a download gets that many bytes (zeros, sent as they are read).
   * `declared`: the size the event and the download's content-length claim instead (a file that lies about it).
   */
  addAnnouncedFile(name: string, size: number, options: { declared?: number } = {}): FakeFile {
    const file = this.register(name, null, size, 0);
    if (options.declared !== undefined) {
      this.files.get(file.id)!.declared = options.declared;
      file.size = options.declared;
    }
    return file;
  }

  private register(name: string, bytes: Buffer | null, size: number, failures: number): FakeFile {
    const id = `F${String(this.nextFile++).padStart(6, '0')}`;
    this.files.set(id, { name, bytes, size, failures });
    return { id, name, size, filetype: 'pdf', mimetype: 'application/pdf', url_private_download: `${this.url}/files-pri/${id}/${encodeURIComponent(name)}` };
  }

  private fileObject(id: string): FakeFile | null {
    const f = this.files.get(id);
    return f ? { id, name: f.name, size: f.size, filetype: 'pdf', mimetype: 'application/pdf', url_private_download: `${this.url}/files-pri/${id}/${encodeURIComponent(f.name)}` } : null;
  }

  private download(req: IncomingMessage, res: ServerResponse): void {
    const id = new URL(req.url ?? '/', this.url).pathname.split('/')[2]!;
    const f = this.files.get(id);
    const done = (status: number, body: string | Buffer) => {
      res.writeHead(status, { 'content-type': status === 200 ? 'application/pdf' : 'text/plain', 'content-length': String(Buffer.byteLength(body)) });
      res.end(body);
    };
    if (req.headers.authorization !== `Bearer ${this.botToken}`) return done(403, 'forbidden');
    if (!f) return done(404, 'not found');
    if (f.failures > 0) {
      f.failures--;
      return done(500, 'internal error');
    }
    this.served.set(id, 0);
    // A lying length is not sent as content-length (the HTTP client would stop at it): the body just runs on.
    res.writeHead(200, f.declared === undefined ? { 'content-type': 'application/pdf', 'content-length': String(f.size) } : { 'content-type': 'application/pdf' });
    if (f.bytes) {
      this.served.set(id, f.bytes.length);
      return void res.end(f.bytes);
    }
    // Sent in 1 MB pieces as the reader takes them, so that a reader that stops early gets (and costs) little.
    const piece = Buffer.alloc(1024 * 1024);
    let sent = 0;
    const more = () => {
      while (sent < f.size) {
        const n = Math.min(piece.length, f.size - sent);
        sent += n;
        this.served.set(id, sent);
        if (!res.write(n === piece.length ? piece : piece.subarray(0, n))) return void res.once('drain', more);
      }
      res.end();
    };
    res.on('close', () => res.destroy());
    more();
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
    if (url.pathname.startsWith('/respond/')) {
      this.responses.push({ path: url.pathname, body: JSON.parse(raw.toString('utf8')) as Record<string, unknown> });
      return { status: 200, body: 'ok', type: 'text/plain' };
    }
    const method = url.pathname.replace(/^\/api\//, '');
    const args = decodeArgs(raw, String(req.headers['content-type'] ?? ''));
    const auth = req.headers.authorization;
    const call: SlackCall = { method, args, token: auth ? auth.replace(/^Bearer /, '') : ((args.token as string) ?? null), at: performance.now() };
    this.calls.push(call);
    const ts = () => (call.ts = `${this.nextTs++}.000100`);
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
      case 'files.info': {
        const file = this.fileObject(String(args.file));
        return json(file ? { ok: true, file } : { ok: false, error: 'file_not_found' });
      }
      case 'apps.connections.open':
        return json(this.socketUrl ? { ok: true, url: this.socketUrl } : { ok: false, error: 'not_allowed_token_type' });
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

/**
 * A local stand-in for Slack's Socket Mode endpoint: the WebSocket address apps.connections.open hands out. It greets
 * each connection with `hello`, sends events in envelopes, and records the acknowledgements (`envelope_id`).
 */
export class FakeSocketMode {
  readonly acks: string[] = [];
  private server: WebSocketServer | null = null;
  private socket: WebSocket | null = null;
  private connected: Promise<void> = Promise.resolve();
  private nextEnvelope = 1;
  url = '';

  async start(): Promise<void> {
    this.server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise<void>((resolve) => this.server!.once('listening', () => resolve()));
    this.url = `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}/link/?ticket=test`;
    this.connected = new Promise((resolve) =>
      this.server!.on('connection', (socket) => {
        this.socket = socket;
        socket.on('message', (data) => {
          const m = JSON.parse(String(data)) as { envelope_id?: string };
          if (m.envelope_id) this.acks.push(m.envelope_id);
        });
        socket.send(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'fake', approximate_connection_time: 18060 }, connection_info: { app_id: 'A1' } }));
        resolve();
      }),
    );
  }

  /** Resolves when the bot has connected and been greeted. */
  whenConnected(): Promise<void> {
    return this.connected;
  }

  /** Sends an Events API payload (as `eventEnvelope` builds it) in an envelope; returns the envelope id. */
  sendEvent(payload: string): string {
    const id = `env-${this.nextEnvelope++}`;
    this.socket!.send(JSON.stringify({ envelope_id: id, type: 'events_api', accepts_response_payload: false, retry_attempt: 0, retry_reason: '', payload: JSON.parse(payload) }));
    return id;
  }

  async stop(): Promise<void> {
    for (const c of this.server?.clients ?? []) c.terminate();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
