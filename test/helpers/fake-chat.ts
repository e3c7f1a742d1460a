// Local receivers for Zulip and Slack, answering as their documentation describes: Zulip's
// POST /api/v1/messages (form-encoded, basic auth), PATCH /api/v1/messages/{id} and GET
// /api/v1/messages with a narrow; Slack's incoming webhook (JSON {text, ...}, answer "ok") and the
// Web API's chat.postMessage / chat.update (Bearer token, {ok, ...} answers).
import { FakeServer, jsonBody, type Recorded, type Reply } from './fake-http.ts';

export interface ZulipMessage {
  id: number;
  stream: string;
  topic: string;
  content: string;
  sender: string;
}

export interface SlackPost {
  via: 'webhook' | 'bot';
  channel: string;
  ts: string;
  payload: Record<string, unknown>;
}

export const WEBHOOK_PATH = '/services/T0000000/B0000000/webhookSECRETpart123';

export class FakeChat {
  readonly server: FakeServer;
  readonly zulip: ZulipMessage[] = [];
  readonly slack: SlackPost[] = [];
  zulipEmail = 'mm-bot@zulip.example';
  zulipKey = 'zulipAPIkeySECRET42';
  slackToken = 'xoxb-fake-SECRET-token-0001';
  /** Zulip refuses edits (its edit window closed). */
  editClosed = false;
  private nextId = 500;
  private nextTs = 1;

  constructor() {
    this.server = new FakeServer((r) => (r.path.startsWith('/api/v1/') ? this.zulipApi(r) : this.slackApi(r)));
  }

  async start(): Promise<this> {
    await this.server.start();
    return this;
  }

  close(): Promise<void> {
    return this.server.close();
  }

  get webhookUrl(): string {
    return `${this.server.url}${WEBHOOK_PATH}`;
  }

  get slackApiUrl(): string {
    return `${this.server.url}/api`;
  }

  private zulipApi(r: Recorded): Reply {
    const expected = `Basic ${Buffer.from(`${this.zulipEmail}:${this.zulipKey}`).toString('base64')}`;
    if (r.headers.authorization !== expected) return { status: 401, body: { result: 'error', msg: 'Invalid API key', code: 'INVALID_API_KEY' } };
    const form = new URLSearchParams(r.body);
    if (r.method === 'POST' && r.path === '/api/v1/messages') {
      if (r.headers['content-type'] !== 'application/x-www-form-urlencoded') return { status: 400, body: { result: 'error', msg: 'not form-encoded', code: 'BAD_REQUEST' } };
      if (form.get('type') !== 'stream' || !form.get('to') || !form.get('topic') || !form.get('content')) {
        return { status: 400, body: { result: 'error', msg: 'Missing argument', code: 'REQUEST_VARIABLE_MISSING' } };
      }
      const m = { id: this.nextId++, stream: form.get('to')!, topic: form.get('topic')!, content: form.get('content')!, sender: this.zulipEmail };
      this.zulip.push(m);
      return { status: 200, body: { result: 'success', msg: '', id: m.id } };
    }
    const edit = /^\/api\/v1\/messages\/(\d+)$/.exec(r.path);
    if (edit && r.method === 'PATCH') {
      const m = this.zulip.find((x) => x.id === Number(edit[1]));
      if (!m) return { status: 400, body: { result: 'error', msg: 'Invalid message(s)', code: 'BAD_REQUEST' } };
      if (this.editClosed) return { status: 400, body: { result: 'error', msg: 'The time limit for editing this message has passed', code: 'BAD_REQUEST' } };
      m.content = form.get('content') ?? m.content;
      return { status: 200, body: { result: 'success', msg: '' } };
    }
    if (r.method === 'GET' && r.path === '/api/v1/messages') {
      const narrow = JSON.parse(r.query.get('narrow') ?? '[]') as { operator: string; operand: string }[];
      const want = (op: string) => narrow.find((n) => n.operator === op)?.operand;
      const found = this.zulip.filter((m) => m.stream === want('stream') && m.topic === want('topic') && m.sender === want('sender'));
      return { status: 200, body: { result: 'success', msg: '', messages: found.map((m) => ({ id: m.id, content: m.content, sender_email: m.sender, subject: m.topic })) } };
    }
    return { status: 404, body: { result: 'error', msg: 'Not found', code: 'BAD_REQUEST' } };
  }

  private slackApi(r: Recorded): Reply {
    if (r.method === 'POST' && r.path === WEBHOOK_PATH) {
      const payload = jsonBody<Record<string, unknown>>(r);
      if (typeof payload.text !== 'string') return { status: 400, body: 'invalid_payload' };
      this.slack.push({ via: 'webhook', channel: 'webhook', ts: String(this.nextTs++), payload });
      return { status: 200, body: 'ok' };
    }
    if (r.method !== 'POST' || !r.path.startsWith('/api/')) return { status: 404, body: 'not found' };
    if (r.headers.authorization !== `Bearer ${this.slackToken}`) return { status: 200, body: { ok: false, error: 'invalid_auth' } };
    const payload = jsonBody<Record<string, unknown>>(r);
    if (r.path === '/api/chat.postMessage') {
      const channel = String(payload.channel).replace(/^#/, 'C0').toUpperCase();
      const post = { via: 'bot' as const, channel, ts: `1700000000.${String(this.nextTs++).padStart(6, '0')}`, payload };
      this.slack.push(post);
      return { status: 200, body: { ok: true, channel, ts: post.ts, message: { text: payload.text } } };
    }
    if (r.path === '/api/chat.update') {
      const post = this.slack.find((p) => p.channel === payload.channel && p.ts === payload.ts);
      if (!post) return { status: 200, body: { ok: false, error: 'message_not_found' } };
      post.payload = { ...post.payload, text: payload.text };
      return { status: 200, body: { ok: true, channel: post.channel, ts: post.ts } };
    }
    return { status: 200, body: { ok: false, error: 'unknown_method' } };
  }
}
