/**
 * The bearer token the benchmark presents to dojo-guard: the demo's reader token (public, its
 * SHA-256 is in policies/demo.yaml). The reader role may call every tool the workloads use.
 * BENCH_TOKEN overrides it when benchmarking another policy.
 */
import { demoToken } from '../demo/tokens.js';

/** Plaintext bearer token for the guard path. */
export const DEMO_BENCH_TOKEN = process.env.BENCH_TOKEN ?? demoToken('reader');
