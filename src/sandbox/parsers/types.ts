import type { Severity } from '../model.js';

/** What a scan parser yields per finding; the importer fills in the rest of the row. */
export interface ParsedFinding {
  title: string;
  severity: Severity;
  description: string;
  mitigation?: string | null;
  impact?: string | null;
  references?: string | null;
  cwe?: number | null;
  file_path?: string | null;
  line?: number | null;
  component_name?: string | null;
  component_version?: string | null;
  vulnerability_ids?: string[];
  unique_id_from_tool?: string | null;
  vuln_id_from_tool?: string | null;
  fix_available?: boolean | null;
  fix_version?: string | null;
  cvssv3?: string | null;
  cvssv3_score?: number | null;
  static_finding: boolean;
}

/** A parser reads the uploaded file; throwing means DefectDojo's 500 for an unreadable file. */
export type ScanParser = (data: Buffer) => ParsedFinding[];

type Json = Record<string, unknown>;

/** Parses JSON or throws (the importer turns that into the 500 body). */
export function json(data: Buffer): unknown {
  return JSON.parse(data.toString('utf8').replace(/^\uFEFF/, ''));
}

export const obj = (v: unknown): Json =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {};
export const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const str = (v: unknown): string | null =>
  typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null;
export const num = (v: unknown): number | null =>
  typeof v === 'number' && Number.isFinite(v) ? v : null;

/** Maps a scanner's severity word onto DefectDojo's five levels. */
export function severityOf(word: unknown, fallback: Severity = 'Info'): Severity {
  const w = String(word ?? '').toLowerCase();
  if (w === 'critical' || w === 'blocker') return 'Critical';
  if (w === 'high' || w === 'error') return 'High';
  if (w === 'medium' || w === 'moderate' || w === 'warning' || w === 'major') return 'Medium';
  if (w === 'low' || w === 'minor') return 'Low';
  if (w === 'info' || w === 'informational' || w === 'unknown' || w === 'note') return 'Info';
  return fallback;
}

/** `CWE-79` -> 79. */
export function cweOf(v: unknown): number | null {
  const m = /(\d+)/.exec(String(v ?? ''));
  return m ? Number(m[1]) : null;
}
