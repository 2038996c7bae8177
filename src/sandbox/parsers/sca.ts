/**
 * Parsers for the dependency/container JSON formats among DefectDojo's sample reports: npm audit
 * (v7+), Snyk and Trivy.
 */
import type { ParsedFinding, ScanParser } from './types.js';
import { arr, cweOf, json, num, obj, severityOf, str } from './types.js';

/** npm audit v7+: one finding per advisory in `via` (string entries are transitive pointers). */
export const parseNpmAudit7: ScanParser = (data) => {
  const out: ParsedFinding[] = [];
  for (const v of Object.values(obj(obj(json(data)).vulnerabilities))) {
    const pkg = obj(v);
    const name = str(pkg.name) ?? 'package';
    const fix = obj(pkg.fixAvailable);
    const advisories = arr(pkg.via).filter((x) => typeof x === 'object');
    const list = advisories.length > 0 ? advisories : [{}];
    for (const a of list) {
      const adv = obj(a);
      out.push({
        title: str(adv.title)
          ? `${name}: ${str(adv.title)}`
          : `${name}: vulnerable dependency range ${str(pkg.range) ?? ''}`,
        severity: severityOf(adv.severity ?? pkg.severity, 'Info'),
        description: `**Package:** ${name}\n**Range:** ${str(adv.range) ?? str(pkg.range) ?? ''}\n**Nodes:** ${arr(pkg.nodes).join(', ')}\n**Effects:** ${arr(pkg.effects).join(', ')}\n**Advisory:** ${str(adv.url) ?? 'n/a'}`,
        mitigation: str(fix.name)
          ? `Upgrade ${str(fix.name)} to ${str(fix.version) ?? 'a fixed version'}.`
          : null,
        references: str(adv.url),
        cwe: cweOf(arr(adv.cwe)[0]),
        cvssv3: str(obj(adv.cvss).vectorString),
        cvssv3_score: num(obj(adv.cvss).score),
        component_name: name,
        vuln_id_from_tool: adv.source === undefined ? null : String(adv.source),
        fix_available: pkg.fixAvailable !== false,
        static_finding: true,
      });
    }
  }
  return out;
};

/** Snyk CLI JSON: one project object or an array of them (--all-projects). */
export const parseSnyk: ScanParser = (data) => {
  const doc = json(data);
  const projects = Array.isArray(doc) ? doc : [doc];
  return projects.flatMap((p) =>
    arr(obj(p).vulnerabilities).map((v): ParsedFinding => {
      const o = obj(v);
      const ids = obj(o.identifiers);
      const pkg = str(o.packageName) ?? str(o.moduleName) ?? 'package';
      return {
        title: `${pkg}@${str(o.version) ?? ''}: ${str(o.title) ?? 'vulnerability'}`,
        severity: severityOf(o.severityWithCritical ?? o.severity, 'Info'),
        description: str(o.description) ?? '',
        mitigation: arr(o.fixedIn).length ? `Upgrade to ${arr(o.fixedIn).join(', ')}` : null,
        references:
          arr(o.references)
            .map((r) => str(obj(r).url))
            .filter(Boolean)
            .join('\n') || null,
        cwe: cweOf(arr(ids.CWE)[0]),
        vulnerability_ids: arr(ids.CVE).map(String),
        cvssv3: str(o.CVSSv3),
        cvssv3_score: num(o.cvssScore),
        component_name: pkg,
        component_version: str(o.version),
        vuln_id_from_tool: str(o.id),
        fix_available: arr(o.fixedIn).length > 0,
        fix_version: arr(o.fixedIn).map(String)[0] ?? null,
        file_path: str(obj(p).displayTargetFile) ?? str(obj(p).path),
        static_finding: true,
      };
    }),
  );
};

/** Trivy JSON (schema 2): Results[].Vulnerabilities[]. */
export const parseTrivy: ScanParser = (data) =>
  arr(obj(json(data)).Results).flatMap((r) => {
    const res = obj(r);
    return arr(res.Vulnerabilities).map((v): ParsedFinding => {
      const o = obj(v);
      const id = str(o.VulnerabilityID) ?? 'UNKNOWN';
      const pkg = str(o.PkgName) ?? '';
      const nvd = obj(obj(o.CVSS).nvd);
      return {
        title: `${id} ${pkg} ${str(o.InstalledVersion) ?? ''}`.trim(),
        severity: severityOf(o.Severity, 'Info'),
        description: `${str(o.Title) ?? ''}\n**Target:** ${str(res.Target) ?? ''}\n**Type:** ${str(res.Type) ?? ''}\n**Fixed version:** ${str(o.FixedVersion) ?? ''}\n\n${str(o.Description) ?? ''}`,
        mitigation: str(o.FixedVersion)
          ? `Upgrade to version: ${str(o.FixedVersion)}`
          : 'No known fix',
        references:
          [str(o.PrimaryURL), ...arr(o.References).map(String)].filter(Boolean).join('\n') || null,
        cwe: cweOf(arr(o.CweIDs)[0]),
        vulnerability_ids: id.startsWith('CVE-') || id.startsWith('GHSA-') ? [id] : [],
        cvssv3: str(nvd.V3Vector),
        cvssv3_score: num(nvd.V3Score),
        component_name: pkg,
        component_version: str(o.InstalledVersion),
        file_path: str(o.PkgPath) ?? str(res.Target),
        fix_available: str(o.FixedVersion) !== null,
        fix_version: str(o.FixedVersion),
        static_finding: true,
      };
    });
  });
