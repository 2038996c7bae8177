/**
 * What the compiled policy needs from the upstream, supplied by whoever runs the proxy (the
 * proxy's implementation: src/proxy/upstream-ports.ts, wired by src/cli/proxy.ts), so the policy
 * layer never imports the transport. Without it (`policy validate`, offline tools) nothing is
 * listed and a finding lookup fails: a tool never seen stays unknown (classed as a mutation) and
 * a mutation that needs finding facts is refused, never forwarded unchecked.
 */
import type { FactSource } from '../guards/finding-facts/source.js';
import type { ToolLister } from '../guards/tool-catalog/definitions.js';
import type { CompiledUpstream } from './compiled.js';

export interface UpstreamPorts {
  /** The proxy's own tools/list of the upstream. */
  toolLister: ToolLister;
  /** A finding lookup through `tool`, the finding id passed as `idArgument`. */
  factSource(tool: string, idArgument: string): FactSource;
}

/** Builds the ports for one compiled upstream (one call per compiled policy). */
export type UpstreamPortsFactory = (upstream: CompiledUpstream) => UpstreamPorts;

/** The ports of a policy compiled with no proxy to reach the upstream through. */
export const NO_UPSTREAM: UpstreamPorts = Object.freeze({
  toolLister: () => Promise.reject(new Error('no upstream wired to list tools')),
  factSource: () => () => Promise.reject(new Error('no upstream wired to look findings up')),
});
