/**
 * Syslog sink: RFC 5424 messages (formatted by syslog-client) over UDP, TCP or TCP+TLS with
 * RFC 6587 octet-counting framing (`<len> <msg>`), so a record containing a newline can never
 * split a frame. syslog-client's own transports frame TCP with newlines and have no TLS, so the
 * sockets are ours.
 */
import dgram from 'node:dgram';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import tls from 'node:tls';
import syslog, { type Client as SyslogClient } from 'syslog-client';
import type { SyslogSinkSpec } from '../schema.js';
import { notSent, type RecordSender } from './delivery.js';

/** RFC 5424 severities used here. */
const CRITICAL = 2;
const WARNING = 4;
const NOTICE = 5;
const INFO = 6;

/**
 * RFC 5424 severity of a record, from the record's own top-level fields only: a lifecycle
 * record's `severity` (critical → 2, warning → 4), a decision's `outcome` (denied → 5), a `gap`
 * (records lost in a crash) → 4, anything else → 6. Never a text search of the line: arguments,
 * untrusted facts and verdict notes are client data (`{"note":{"severity":"critical"}}` in a
 * read's arguments must not page anyone), and only these members are written by the guard.
 * @example severityOf('{"kind":"decision","outcome":"denied",…}') // 5
 */
export function severityOf(line: string): number {
  let rec: unknown;
  try {
    rec = JSON.parse(line);
  } catch {
    return INFO;
  }
  if (rec === null || typeof rec !== 'object' || Array.isArray(rec)) return INFO;
  const r = rec as { kind?: unknown; severity?: unknown; outcome?: unknown };
  switch (r.kind) {
    case 'lifecycle':
      return r.severity === 'critical' ? CRITICAL : r.severity === 'warning' ? WARNING : INFO;
    case 'decision':
      return r.outcome === 'denied' ? NOTICE : INFO;
    case 'gap':
      return WARNING;
    default:
      return INFO;
  }
}

export class SyslogSender implements RecordSender {
  readonly name: string;
  generation = 0;
  onConnectionLost?: (generation: number) => void;
  private socket: net.Socket | undefined;
  private udp: dgram.Socket | undefined;
  private readonly formatter: SyslogClient;
  private readonly port: number;
  private readonly ca: Buffer | undefined;
  private readonly hostname = os.hostname().slice(0, 255) || '-';

  constructor(
    private readonly spec: SyslogSinkSpec,
    private readonly timeoutMs: number,
  ) {
    this.name = spec.name ?? `syslog-${spec.transport}-${spec.host}`;
    this.port = spec.port ?? (spec.transport === 'tls' ? 6514 : 514);
    this.ca = spec.ca_file ? fs.readFileSync(spec.ca_file) : undefined;
    this.formatter = syslog.createClient(spec.host, {
      rfc3164: false,
      appName: spec.app_name,
      facility: spec.facility,
      syslogHostname: this.hostname,
    });
  }

  /** One RFC 5424 message (no trailing newline). */
  format(line: string): Buffer {
    const buf = this.formatter.buildFormattedMessage(line, {
      facility: this.spec.facility,
      severity: severityOf(line),
      rfc3164: false,
      appName: this.spec.app_name,
      syslogHostname: this.hostname,
      msgid: 'audit',
    });
    return buf[buf.length - 1] === 0x0a ? buf.subarray(0, buf.length - 1) : buf;
  }

  async send(lines: string[]): Promise<void> {
    const msgs = lines.map((l) => this.format(l));
    if (this.spec.transport === 'udp') return this.sendUdp(msgs);
    const frames = msgs.map((m) => Buffer.concat([Buffer.from(`${m.length} `), m]));
    const sock = await this.connect().catch((err: unknown) => {
      throw notSent(err);
    });
    (sock as net.Socket & { carried?: boolean }).carried = true;
    await new Promise<void>((resolve, reject) => {
      sock.write(Buffer.concat(frames), (err) => (err ? reject(err) : resolve()));
    });
  }

  private async sendUdp(msgs: Buffer[]): Promise<void> {
    if (!this.udp) {
      this.udp = dgram.createSocket(net.isIPv6(this.spec.host) ? 'udp6' : 'udp4');
      this.udp.on('error', () => this.udp?.close());
      this.udp.unref();
    }
    const u = this.udp;
    for (const m of msgs) {
      await new Promise<void>((resolve, reject) =>
        u.send(m, this.port, this.spec.host, (err) => (err ? reject(err) : resolve())),
      );
    }
  }

  private connect(): Promise<net.Socket> {
    if (this.socket && !this.socket.destroyed) return Promise.resolve(this.socket);
    const gen = ++this.generation;
    return new Promise((resolve, reject) => {
      const opts = { host: this.spec.host, port: this.port };
      const onReady = (): void => {
        sock.setTimeout(0);
        this.socket = sock;
        resolve(sock);
      };
      const sock: net.Socket =
        this.spec.transport === 'tls'
          ? tls.connect(
              {
                ...opts,
                ca: this.ca,
                servername: this.spec.server_name ?? serverName(this.spec.host),
              },
              onReady,
            )
          : net.connect(opts, onReady);
      sock.setTimeout(this.timeoutMs, () => sock.destroy(new Error('syslog connect timeout')));
      sock.on('error', (err) => {
        if (this.socket !== sock) reject(err);
      });
      // The collector closing the stream means data written since may be lost: replay it.
      sock.on('end', () => sock.destroy());
      sock.on('close', () => {
        if (this.socket === sock) this.socket = undefined;
        if ((sock as net.Socket & { carried?: boolean }).carried) this.onConnectionLost?.(gen);
      });
    });
  }

  async close(): Promise<void> {
    const s = this.socket;
    this.socket = undefined;
    if (s) {
      (s as net.Socket & { carried?: boolean }).carried = false;
      await new Promise<void>((r) => s.end(() => r()));
      s.destroy();
    }
    this.udp?.close();
    this.udp = undefined;
    this.formatter.close();
  }
}

/** SNI must be a DNS name, never an IP literal. */
function serverName(host: string): string | undefined {
  return net.isIP(host) ? undefined : host;
}
