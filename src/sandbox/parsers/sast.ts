/**
 * Parsers for the static-analysis JSON formats among DefectDojo's sample reports: Bandit,
 * Semgrep, SonarQube (JSON export) and Gitleaks (v8). Output shapes follow DefectDojo's parsers
 * closely enough for titles, severities, files and lines to be meaningful.
 */
import type { ParsedFinding, ScanParser } from './types.js';
import { arr, cweOf, json, num, obj, severityOf, str } from './types.js';

export const parseBandit: ScanParser = (data) =>
  arr(obj(json(data)).results).map((r): ParsedFinding => {
    const o = obj(r);
    return {
      title: str(o.issue_text) ?? 'Bandit finding',
      severity: severityOf(o.issue_severity, 'Low'),
      description: `**Test Name:** ${str(o.test_name) ?? ''}\n**Test ID:** ${str(o.test_id) ?? ''}\n**Filename:** ${str(o.filename) ?? ''}\n**Line number:** ${num(o.line_number) ?? ''}\n**Issue Confidence:** ${str(o.issue_confidence) ?? ''}\n**Code:**\n\`\`\`\n${str(o.code) ?? ''}\n\`\`\``,
      references: str(o.more_info),
      cwe: cweOf(obj(o.issue_cwe).id),
      file_path: str(o.filename),
      line: num(o.line_number),
      vuln_id_from_tool: str(o.test_id),
      static_finding: true,
    };
  });

export const parseSemgrep: ScanParser = (data) =>
  arr(obj(json(data)).results).map((r): ParsedFinding => {
    const o = obj(r);
    const extra = obj(o.extra);
    const meta = obj(extra.metadata);
    const cwe = arr(meta.cwe)[0] ?? meta.cwe;
    return {
      title: str(o.check_id) ?? 'Semgrep finding',
      severity: severityOf(extra.severity, 'Info'),
      description: `${str(extra.message) ?? ''}\n\n**Snippet:**\n\`\`\`\n${str(extra.lines) ?? ''}\n\`\`\``,
      mitigation: str(extra.fix),
      references: arr(meta.references).map(String).join('\n') || null,
      cwe: cweOf(cwe),
      file_path: str(o.path),
      line: num(obj(o.start).line),
      vuln_id_from_tool: str(o.check_id),
      static_finding: true,
    };
  });

/** SonarQube's JSON export: issues reference rules by key; BLOCKER..INFO map to Critical..Info. */
export const parseSonarQube: ScanParser = (data) => {
  const doc = obj(json(data));
  const rules = obj(doc.rules);
  const sev: Record<string, ParsedFinding['severity']> = {
    BLOCKER: 'Critical',
    CRITICAL: 'High',
    MAJOR: 'Medium',
    MINOR: 'Low',
    INFO: 'Info',
  };
  return arr(doc.issues).map((i): ParsedFinding => {
    const o = obj(i);
    const rule = obj(rules[str(o.rule) ?? '']);
    const html = (str(rule.htmlDesc) ?? '').replace(/<[^>]+>/g, '').trim();
    return {
      title: str(rule.name) ?? str(o.description) ?? str(o.rule) ?? 'SonarQube issue',
      severity: sev[str(o.severity) ?? ''] ?? 'Info',
      description: `${str(o.message) ?? ''}\n\n${html}`.trim(),
      file_path: str(o.component),
      line: num(o.line),
      unique_id_from_tool: str(o.key),
      vuln_id_from_tool: str(o.rule),
      cwe: cweOf(/CWE-(\d+)/.exec(str(rule.htmlDesc) ?? '')?.[1]),
      static_finding: true,
    };
  });
};

/** Gitleaks v8 (a JSON array) and v7 (one object per line is not supported: arrays only). */
export const parseGitleaks: ScanParser = (data) =>
  arr(json(data)).map((r): ParsedFinding => {
    const o = obj(r);
    const file = str(o.File) ?? '';
    const desc = str(o.Description) ?? str(o.RuleID) ?? 'secret';
    return {
      title: `Hard coded ${desc} found in ${file}`,
      severity: 'High',
      description: `**Secret:** ${str(o.Secret) ?? ''}\n**Match:** ${str(o.Match) ?? ''}\n**Rule Id:** ${str(o.RuleID) ?? ''}\n**Commit:** ${str(o.Commit) ?? ''}\n**Commit message:** ${str(o.Message) ?? ''}\n**Author:** ${str(o.Author) ?? ''}\n**Date:** ${str(o.Date) ?? ''}`,
      cwe: 798,
      file_path: file,
      line: num(o.StartLine),
      vuln_id_from_tool: str(o.RuleID),
      unique_id_from_tool: str(o.Fingerprint),
      static_finding: true,
    };
  });
