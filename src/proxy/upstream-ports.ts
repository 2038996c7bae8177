/**
 * The proxy's upstream ports for the policy compiler (src/policy/upstream-ports.ts): its own
 * tools/list (tool-list-fetch.ts) and the finding lookup on an internal session (fact-source.ts).
 */
import type { UpstreamPortsFactory } from '../policy/upstream-ports.js';
import { createUpstreamFactSource } from './fact-source.js';
import { createUpstreamToolLister } from './tool-list-fetch.js';

export const upstreamPorts: UpstreamPortsFactory = (upstream) => ({
  toolLister: createUpstreamToolLister(upstream),
  factSource: (tool, idArgument) => createUpstreamFactSource(upstream, tool, idArgument),
});
