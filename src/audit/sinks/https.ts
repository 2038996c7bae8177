/**
 * HTTPS sink: POSTs batches of records as a JSON array (generic) or as concatenated Splunk HEC
 * event objects. A batch counts as delivered only on a 2xx answer; anything else is retried by the
 * delivery loop (and re-sent records carry `"replay":true`).
 */
import fs from 'node:fs';
import { Agent, request } from 'undici';
import { isLoopbackHost } from '../../shared/loopback.js';
import type { HttpsSinkSpec } from '../schema.js';
import { notSent, type RecordSender } from './delivery.js';

const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_CONNECT_TIMEOUT',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
]);

export class HttpsSender implements RecordSender {
  readonly name: string;
  readonly generation = 0;
  private readonly agent: Agent;
  private readonly url: URL;

  constructor(
    private readonly spec: HttpsSinkSpec,
    private readonly timeoutMs: number,
  ) {
    this.url = new URL(spec.url);
    if (
      this.url.protocol !== 'https:' &&
      !(this.url.protocol === 'http:' && isLoopbackHost(this.url.hostname))
    ) {
      throw new Error(`audit https sink: ${this.url.protocol} is only allowed to a loopback host`);
    }
    this.name = spec.name ?? `https-${this.url.host}`;
    const ca = spec.ca_file ? fs.readFileSync(spec.ca_file) : undefined;
    this.agent = new Agent({
      connect: { ca, timeout: timeoutMs },
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
  }

  /** Request body for a batch of sealed record lines. */
  body(lines: string[]): string {
    if (this.spec.format === 'generic') return `[${lines.join(',')}]`;
    // Splunk HEC: one {"time","sourcetype","event"} object per record, concatenated.
    return lines
      .map((l) => {
        const t = /"time":"([^"]+)"/.exec(l);
        const time = t ? Date.parse(t[1]!) / 1000 : Date.now() / 1000;
        return `{"time":${time},"sourcetype":${JSON.stringify(this.spec.splunk_sourcetype)},"event":${l}}`;
      })
      .join('\n');
  }

  async send(lines: string[]): Promise<void> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.spec.token) {
      headers.authorization =
        this.spec.format === 'splunk_hec'
          ? `Splunk ${this.spec.token}`
          : `Bearer ${this.spec.token}`;
    }
    const res = await request(this.url, {
      method: 'POST',
      headers,
      body: this.body(lines),
      dispatcher: this.agent,
      headersTimeout: this.timeoutMs,
      bodyTimeout: this.timeoutMs,
    }).catch((err: unknown) => {
      // Refused or failed TLS connections carried no record; anything later may have.
      const code = (err as { code?: unknown }).code;
      throw typeof code === 'string' && NOT_SENT_CODES.has(code) ? notSent(err) : err;
    });
    await res.body.dump();
    if (res.statusCode < 200 || res.statusCode > 299) {
      throw Object.assign(new Error(`HTTP ${res.statusCode}`), { code: `http_${res.statusCode}` });
    }
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}
