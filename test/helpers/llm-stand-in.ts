import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A message of the conversation as the model received it, whatever the wire protocol. */
export interface SeenMessage {
  role: string;
  content: string;
  toolCalls: { name: string; args: Record<string, unknown> }[];
  toolCallId?: string;
}

/** What the scripted model does next. */
export type Turn =
  | { toolCalls: { name: string; args: Record<string, unknown> }[] }
  | { text: string }
  /** Accepts the request and never answers. */
  | { hang: true }
  | { status: number; error: string };

export interface SeenRequest {
  protocol: 'openai' | 'azure' | 'ollama';
  path: string;
  headers: IncomingMessage['headers'];
  stream: boolean;
  tools: { name: string; parameters: unknown }[];
  messages: SeenMessage[];
}

export type Script = (messages: SeenMessage[], request: SeenRequest) => Turn;

/**
 * A local stand-in for a chat model server that speaks the wire protocols the LLM answerer uses: OpenAI chat
 * completions (JSON and server-sent events; also what vLLM, LM Studio and Ollama's /v1 serve), Azure OpenAI
 * (deployment path, api-version, api-key header) and Ollama's native /api/chat (NDJSON stream). What it answers comes
 * from a script that reads the conversation, as a model would.
 */
export class ModelStandIn {
  readonly requests: SeenRequest[] = [];
  private server: Server | null = null;
  private readonly hanging = new Set<ServerResponse>();
  url = '';

  constructor(
    public script: Script,
    /** Pause between streamed chunks, so that a reader sees the text grow. */
    private readonly chunkDelayMs = 0,
  ) {}

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => void this.handle(req, res, body).catch((err) => (res.writeHead(500), res.end(String(err)))));
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse, body: string): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    const json = JSON.parse(body || '{}');
    const protocol = url.pathname === '/api/chat' ? 'ollama' : url.pathname.startsWith('/openai/deployments/') ? 'azure' : 'openai';
    const request: SeenRequest = {
      protocol,
      path: `${url.pathname}${url.search}`,
      headers: req.headers,
      // Ollama streams unless told not to.
      stream: protocol === 'ollama' ? json.stream !== false : json.stream === true,
      tools: (json.tools ?? []).map((t: { function: { name: string; parameters: unknown } }) => ({ name: t.function.name, parameters: t.function.parameters })),
      messages: (json.messages ?? []).map((m: Record<string, unknown>) => seen(m)),
    };
    this.requests.push(request);
    const turn = this.script(request.messages, request);
    if ('hang' in turn) {
      this.hanging.add(res);
      return;
    }
    if ('status' in turn) {
      res.writeHead(turn.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: turn.error, type: 'error', code: String(turn.status) } }));
      return;
    }
    if (protocol === 'ollama') return this.ollama(res, turn, request.stream);
    return this.openai(res, turn, request.stream);
  }

  private async openai(res: ServerResponse, turn: Exclude<Turn, { hang: true } | { status: number }>, stream: boolean): Promise<void> {
    const toolCalls = 'toolCalls' in turn ? turn.toolCalls.map((c, i) => ({ id: `call_${this.requests.length}_${i}`, type: 'function', function: { name: c.name, arguments: JSON.stringify(c.args) } })) : undefined;
    const finish = toolCalls ? 'tool_calls' : 'stop';
    if (!stream) {
      const message = { role: 'assistant', content: 'text' in turn ? turn.text : null, ...(toolCalls ? { tool_calls: toolCalls } : {}) };
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion', created: 0, model: 'stand-in', choices: [{ index: 0, message, finish_reason: finish }] }));
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    const chunk = (delta: Record<string, unknown>, finish_reason: string | null = null) =>
      `data: ${JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 0, model: 'stand-in', choices: [{ index: 0, delta, finish_reason }] })}\n\n`;
    res.write(chunk({ role: 'assistant', content: '' }));
    if (toolCalls) toolCalls.forEach((c, index) => res.write(chunk({ tool_calls: [{ index, ...c }] })));
    else if ('text' in turn) for (const piece of pieces(turn.text)) await this.send(res, chunk({ content: piece }));
    res.write(chunk({}, finish));
    res.end('data: [DONE]\n\n');
  }

  private async ollama(res: ServerResponse, turn: Exclude<Turn, { hang: true } | { status: number }>, stream: boolean): Promise<void> {
    const base = { model: 'stand-in', created_at: new Date(0).toISOString() };
    const toolCalls = 'toolCalls' in turn ? turn.toolCalls.map((c) => ({ function: { name: c.name, arguments: c.args } })) : undefined;
    const done = { ...base, message: { role: 'assistant', content: '' }, done: true, done_reason: 'stop', prompt_eval_count: 1, eval_count: 1 };
    if (!stream) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ...done, message: { role: 'assistant', content: 'text' in turn ? turn.text : '', ...(toolCalls ? { tool_calls: toolCalls } : {}) } }));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/x-ndjson' });
    if (toolCalls) res.write(`${JSON.stringify({ ...base, message: { role: 'assistant', content: '', tool_calls: toolCalls }, done: false })}\n`);
    else if ('text' in turn) for (const piece of pieces(turn.text)) await this.send(res, `${JSON.stringify({ ...base, message: { role: 'assistant', content: piece }, done: false })}\n`);
    res.end(`${JSON.stringify(done)}\n`);
  }

  private async send(res: ServerResponse, data: string): Promise<void> {
    res.write(data);
    if (this.chunkDelayMs) await new Promise((r) => setTimeout(r, this.chunkDelayMs));
  }
}

/** A text in pieces of a few words, the way models stream. */
function pieces(text: string): string[] {
  return text.match(/(?:\S+\s*){1,3}|\s+/g) ?? [text];
}

function seen(m: Record<string, unknown>): SeenMessage {
  const content = typeof m.content === 'string' ? m.content : Array.isArray(m.content) ? m.content.map((p: { text?: string }) => p.text ?? '').join('') : '';
  const calls = (m.tool_calls ?? []) as { function: { name: string; arguments: string | Record<string, unknown> } }[];
  return {
    role: String(m.role),
    content,
    toolCalls: calls.map((c) => ({ name: c.function.name, args: typeof c.function.arguments === 'string' ? JSON.parse(c.function.arguments || '{}') : c.function.arguments })),
    toolCallId: typeof m.tool_call_id === 'string' ? m.tool_call_id : undefined,
  };
}

/** A port nothing listens on: a server is opened there and closed again. */
export async function deadPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}
