/**
 * scan_type -> parser. Scan types without a parser here are accepted, counted as an import and
 * produce no findings (the sandbox is not a full DefectDojo).
 */
import { parseBandit, parseGitleaks, parseSemgrep, parseSonarQube } from './sast.js';
import { parseNpmAudit7, parseSnyk, parseTrivy } from './sca.js';
import type { ScanParser } from './types.js';

export type { ParsedFinding, ScanParser } from './types.js';

const PARSERS: Record<string, ScanParser> = {
  'Bandit Scan': parseBandit,
  'Gitleaks Scan': parseGitleaks,
  'NPM Audit v7+ Scan': parseNpmAudit7,
  'Semgrep JSON Report': parseSemgrep,
  'Snyk Scan': parseSnyk,
  'SonarQube Scan': parseSonarQube,
  'Trivy Scan': parseTrivy,
};

/** The parser for a scan type, if the sandbox has one. */
export function parserFor(scanType: string): ScanParser | undefined {
  return PARSERS[scanType];
}

/** Scan types whose findings the sandbox really creates. */
export const PARSED_SCAN_TYPES: readonly string[] = Object.keys(PARSERS);
