/**
 * `dojo-guard proxy --policy FILE... [--upstream URL] [--host H] [--port N]`: the policy proxy.
 * Startup order (keep it): read the policy source → state store → audit recorder → compile the
 * policy (guards need store and recorder) → listen. Any failure before listening is fatal.
 */
import v8 from 'node:v8';
import { Option, type Command } from 'commander';
import { addEnvAndExamples, PROXY_ENV, PROXY_EXAMPLES } from './help-text.js';

/**
 * Optional V8 flags, set before the proxy's module graph is imported (the imports below are
 * dynamic for that reason: heap flags only affect what is allocated after them).
 * `DOJO_GUARD_V8_OPTIMIZE_FOR_SIZE=1` sets `--optimize-for-size`: a fresh guard ~125 → ~95 MB
 * RSS and 1,000 idle sessions ~165 → ~116–130 MB, but about 2× the CPU per request (measured,
 * bench/README.md), so it is opt-in for memory-bound deployments. `--max-semi-space-size` set
 * here has no effect (the young generation is sized when the isolate starts).
 */
function applyV8Flags(env: NodeJS.ProcessEnv): void {
  if (env.DOJO_GUARD_V8_OPTIMIZE_FOR_SIZE === '1') v8.setFlagsFromString('--optimize-for-size');
}

interface ProxyFlags {
  policy: string[];
  candidate?: string[];
  upstream?: string;
  host?: string;
  port?: string;
  allowedHost?: string[];
  watch: boolean;
}

/** Comma-separated list from an environment variable; blanks dropped. */
function envList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Registers `dojo-guard proxy`. */
export function registerProxyCommand(program: Command): void {
  const cmd = program
    .command('proxy')
    .description('Run the MCP policy proxy in front of a Streamable HTTP MCP server')
    // Containers configure through the environment (Dockerfile, examples/kubernetes/); a flag wins.
    .addOption(
      new Option('--policy <files...>', 'policy YAML file(s), merged by top-level section')
        .env('DOJO_GUARD_POLICY')
        .makeOptionMandatory(),
    )
    .addOption(
      new Option(
        '--upstream <url>',
        "upstream MCP endpoint (overrides the policy's upstream.url)",
      ).env('DOJO_GUARD_UPSTREAM'),
    )
    .addOption(
      new Option(
        '--candidate <files...>',
        'candidate policy file(s): decide every request in shadow beside the active policy, ' +
          'audit where it differs (never enforced)',
      ).env('DOJO_GUARD_CANDIDATE'),
    )
    .option('--host <host>', "bind address (overrides the policy's server.host)")
    .option('--port <port>', "bind port, 0 = any free port (overrides the policy's server.port)")
    .option(
      '--allowed-host <name>',
      'accepted Host header value, added to server.allowed_hosts (repeatable; also ' +
        'DOJO_GUARD_ALLOWED_HOSTS=name1,name2)',
      (v: string, prev: string[] | undefined) => [...(prev ?? []), v],
    )
    .option('--no-watch', 'do not reload when a policy file changes (SIGHUP still reloads)')
    .action(async (flags: ProxyFlags, cmd: Command) => {
      applyV8Flags(process.env);
      // DOJO_GUARD_POLICY holds one path or a comma-separated list (an env var is one string).
      if (cmd.getOptionValueSource('policy') === 'env') flags.policy = envList(flags.policy[0]);
      if (cmd.getOptionValueSource('candidate') === 'env')
        flags.candidate = envList(flags.candidate?.[0]);
      const { PolicyLoadError } = await import('../policy/load.js');
      try {
        await runProxy(flags);
      } catch (err) {
        if (err instanceof PolicyLoadError) {
          for (const i of err.issues) process.stderr.write(`error: ${i}\n`);
          process.exit(1);
        }
        throw err;
      }
    });
  addEnvAndExamples(cmd, PROXY_ENV, PROXY_EXAMPLES);
}

async function runProxy(flags: ProxyFlags): Promise<void> {
  const port = flags.port === undefined ? undefined : Number(flags.port);
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) {
    throw new Error(`invalid --port: ${flags.port}`);
  }
  const env = process.env;
  const allowedHosts = [...(flags.allowedHost ?? []), ...envList(env.DOJO_GUARD_ALLOWED_HOSTS)];
  const [
    { createAuditRecorder },
    { loadPolicy, readPolicySource },
    { createProxyServer },
    { upstreamPorts },
    { auditStateHealth, createStateStore },
    { announceListening, logger },
    { notePolicyLoaded },
    { createPolicyReloader },
    { createTlsListener },
    { tracingSettings },
    { installTracer, shutdownTracing },
    { packageVersion },
  ] = await Promise.all([
    import('../audit/index.js'),
    import('../policy/load.js'),
    import('../proxy/server.js'),
    import('../proxy/upstream-ports.js'),
    import('../state/index.js'),
    import('../shared/logger.js'),
    import('../proxy/metrics-runtime.js'),
    import('../proxy/reload.js'),
    import('../proxy/tls.js'),
    import('../proxy/tracing-config.js'),
    import('../proxy/tracing.js'),
    import('../shared/version.js'),
  ]);
  const { auditSinkConfigured } = await import('../audit/sinks-configured.js');
  const { source } = await readPolicySource(flags.policy, env);
  const host = flags.host ?? source.server.host;
  const store = await createStateStore(source.state);
  const recorder = await createAuditRecorder(source.audit, {
    bindHost: host,
    env,
    startDetail: { component: 'proxy' },
  });
  if (!auditSinkConfigured(source.audit, env)) {
    // audit.allow_no_sink: true (otherwise createAuditRecorder refused to start).
    logger.error('CRITICAL: audit.allow_no_sink: no audit sink, decisions are recorded nowhere', {
      severity: 'critical',
      setting: 'audit.allow_no_sink',
    });
  }
  // Redis outages and recoveries land in the audit trail (mutations are refused meanwhile).
  const stopStateHealth = auditStateHealth(store, recorder);
  const loadOne = (files: string[]) =>
    loadPolicy(files, {
      env,
      deps: { store, recorder, now: Date.now, upstreamPorts },
      overrides: { host: flags.host, port, upstreamUrl: flags.upstream, allowedHosts },
    });
  const candidateFiles = flags.candidate?.length ? flags.candidate : undefined;
  // The candidate is loaded, reloaded and swapped with the active policy (src/proxy/candidate.ts).
  const load = async () => {
    const active = await loadOne(flags.policy);
    if (!candidateFiles) return active;
    const { withCandidate } = await import('../proxy/candidate.js');
    const cand = await loadOne(candidateFiles);
    return {
      policy: withCandidate(active.policy, cand.policy),
      warnings: [...active.warnings, ...cand.warnings.map((w) => `candidate: ${w}`)],
    };
  };
  const { policy, warnings } = await load();
  for (const w of warnings) logger.warn('policy warning', { warning: w });
  recorder.setPolicyRevision(policy.revision);
  notePolicyLoaded();

  // Tracing: the SDK is imported only when configured (off costs one `?.` per request).
  const tracing = tracingSettings(source, env, packageVersion());
  if (tracing) {
    const { startTracing } = await import('../proxy/tracing-sdk.js');
    installTracer(startTracing(tracing));
    logger.info('tracing on', { endpoint: new URL(tracing.endpoint).origin });
  }

  // One reference, swapped whole on reload; in-flight exchanges keep their snapshot.
  const live = { policy };
  // TLS material is checked before listening (a bad file is fatal here); rotation needs no restart.
  const tls = policy.server.tls && createTlsListener(policy.server.tls);
  const server = createProxyServer({ policy: () => live.policy, store, recorder, tls });
  const reloader = createPolicyReloader({
    files: [...flags.policy, ...(candidateFiles ?? [])],
    load,
    current: () => live.policy,
    swap: (next) => (live.policy = next),
    recorder,
  });
  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info('proxy stopping', { signal });
    reloader.close();
    stopStateHealth();
    await server.close();
    await shutdownTracing().catch(() => undefined);
    await recorder.close().catch(() => undefined);
    await store.close().catch(() => undefined);
    process.exit(0);
  };
  // Handlers before the listening line: a harness may signal as soon as it reads it.
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
  // Reload on SIGHUP and on file change: build the new policy completely, then swap the one
  // reference; a broken file keeps the old policy (src/proxy/reload.ts). Bind address, state and
  // audit settings need a restart.
  process.on('SIGHUP', () => {
    if (!stopping) void reloader.reload('sighup');
  });
  if (flags.watch) reloader.watch();
  const addr = await server.listen(policy.server.host, policy.server.port);
  logger.info('proxy started', {
    upstream: policy.upstream.url.origin,
    revision: policy.revision,
    ...(policy.candidate && { candidateRevision: policy.candidate.revision }),
  });
  const shown = addr.host.includes(':') ? `[${addr.host}]` : addr.host;
  const scheme = tls ? 'https' : 'http';
  announceListening('proxy', `${scheme}://${shown}:${addr.port}${policy.server.path}`);
}
