/**
 * Starts a real rsyslogd (Debian package) as a throwaway instance: its own config, work dir and
 * output files in a temp dir, unprivileged ports, imtcp (plain and gtls/TLS) and imudp inputs,
 * each written raw (`%msg%`) to its own file so the test can verify the chain from there.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { freePort, waitFor, type TestCa } from './helpers.js';

export interface Rsyslog {
  dir: string;
  ports: { tcp: number; tls: number; udp: number };
  out: { tcp: string; tls: string; udp: string };
  start(): Promise<void>;
  stop(): Promise<void>;
  stderr(): string;
}

async function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port }, () => {
      s.destroy();
      resolve(true);
    });
    s.on('error', () => resolve(false));
  });
}

export async function makeRsyslog(dir: string, ca: TestCa): Promise<Rsyslog> {
  const ports = { tcp: await freePort(), tls: await freePort(), udp: await freePort() };
  const out = {
    tcp: path.join(dir, 'tcp.log'),
    tls: path.join(dir, 'tls.log'),
    udp: path.join(dir, 'udp.log'),
  };
  const conf = path.join(dir, 'rsyslog.conf');
  fs.mkdirSync(path.join(dir, 'work'), { recursive: true });
  fs.writeFileSync(
    conf,
    `global(workDirectory="${dir}/work" maxMessageSize="64k"
  defaultNetstreamDriverCAFile="${ca.caFile}"
  defaultNetstreamDriverCertFile="${ca.certFile}"
  defaultNetstreamDriverKeyFile="${ca.keyFile}")
module(load="imtcp" maxSessions="50")
module(load="imudp")
template(name="raw" type="string" string="%msg%\\n")
ruleset(name="tcp") { action(type="omfile" file="${out.tcp}" template="raw") }
ruleset(name="tls") { action(type="omfile" file="${out.tls}" template="raw") }
ruleset(name="udp") { action(type="omfile" file="${out.udp}" template="raw") }
input(type="imtcp" address="127.0.0.1" port="${ports.tcp}" ruleset="tcp")
input(type="imtcp" address="127.0.0.1" port="${ports.tls}" ruleset="tls"
  streamDriver.name="gtls" streamDriver.mode="1" streamDriver.authMode="anon")
input(type="imudp" address="127.0.0.1" port="${ports.udp}" ruleset="udp")
`,
  );
  let child: ChildProcess | undefined;
  let err = '';
  return {
    dir,
    ports,
    out,
    stderr: () => err,
    async start() {
      child = spawn('rsyslogd', ['-n', '-f', conf, '-i', path.join(dir, 'rsyslogd.pid')], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
      child.stdout!.on('data', (d: Buffer) => (err += d.toString()));
      let up = false;
      const poll = async () => {
        up = (await listening(ports.tcp)) && (await listening(ports.tls));
      };
      await waitFor(
        () => {
          void poll();
          if (child!.exitCode !== null) throw new Error(`rsyslogd exited: ${err}`);
          return up;
        },
        15_000,
        'rsyslogd to listen',
      );
    },
    async stop() {
      const c = child;
      if (!c || c.exitCode !== null || c.signalCode !== null) return;
      await new Promise<void>((r) => {
        c.once('exit', () => r());
        c.kill('SIGTERM');
      });
    },
  };
}
