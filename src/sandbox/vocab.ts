/**
 * Small vocabularies for the seeded data set. Written for the sandbox (it ships in the product and
 * must not read /work/shared at run time), modelled on the kind of findings real scanners report.
 */

export { VULN_TEMPLATES, type VulnTemplate } from './vuln-templates.js';

export const PRODUCT_TYPES = [
  { name: 'Web Applications', description: 'Customer-facing web properties' },
  { name: 'Internal Services', description: 'Back-office and platform services' },
  { name: 'Mobile', description: 'iOS and Android applications' },
] as const;

export const PRODUCTS = [
  { name: 'Juice Shop', type: 0, platform: 'web', criticality: 'high', lifecycle: 'production' },
  {
    name: 'Payments API',
    type: 1,
    platform: 'web service',
    criticality: 'very high',
    lifecycle: 'production',
  },
  {
    name: 'Customer Portal',
    type: 0,
    platform: 'web',
    criticality: 'high',
    lifecycle: 'construction',
  },
  {
    name: 'Identity Service',
    type: 1,
    platform: 'web service',
    criticality: 'very high',
    lifecycle: 'production',
  },
  {
    name: 'Mobile Banking',
    type: 2,
    platform: 'mobile',
    criticality: 'high',
    lifecycle: 'production',
  },
  {
    name: 'Data Pipeline',
    type: 1,
    platform: 'web service',
    criticality: 'medium',
    lifecycle: 'construction',
  },
  {
    name: 'Legacy Intranet',
    type: 0,
    platform: 'web',
    criticality: 'low',
    lifecycle: 'retirement',
  },
] as const;

export const SCANNERS = [
  { name: 'Semgrep JSON Report', static: true, kinds: ['sast'] },
  { name: 'Bandit Scan', static: true, kinds: ['sast'] },
  { name: 'Trivy Scan', static: true, kinds: ['sca', 'iac'] },
  { name: 'Snyk Scan', static: true, kinds: ['sca'] },
  { name: 'ZAP Scan', static: false, kinds: ['dast'] },
  { name: 'Burp Scan', static: false, kinds: ['dast'] },
  { name: 'SonarQube Scan', static: true, kinds: ['sast'] },
] as const;

export const SOURCE_DIRS = [
  'src/api',
  'src/services',
  'app/controllers',
  'lib/util',
  'internal/handlers',
  'web/views',
];
export const SOURCE_FILES = [
  'orders.py',
  'user_controller.rb',
  'auth.go',
  'payments.ts',
  'search.java',
  'upload.js',
  'report.php',
  'session.py',
];
export const PACKAGES = [
  ['lodash', '4.17.20', '4.17.21'],
  ['express', '4.17.1', '4.19.2'],
  ['jackson-databind', '2.9.10', '2.12.7'],
  ['log4j-core', '2.14.1', '2.17.1'],
  ['openssl', '1.1.1k', '1.1.1w'],
  ['requests', '2.25.1', '2.31.0'],
  ['minimist', '1.2.5', '1.2.8'],
  ['spring-web', '5.3.18', '5.3.34'],
  ['pyyaml', '5.3', '5.4'],
  ['golang.org/x/net', '0.7.0', '0.23.0'],
] as const;
export const DAST_PATHS = [
  '/login',
  '/search',
  '/api/v1/orders',
  '/account/settings',
  '/redirect',
  '/upload',
  '/admin/users',
];
export const DAST_PARAMS = ['q', 'next', 'id', 'file', 'url', 'name', 'sort'];
export const TAG_POOL = [
  'pci',
  'gdpr',
  'external',
  'internal',
  'backend',
  'frontend',
  'triage',
  'sprint-42',
];
export const NOTE_TEXTS = [
  'Confirmed on staging.',
  'Assigned to the platform team for the next sprint.',
  'Compensating control: WAF rule 942100 blocks the payload.',
  'False positive candidate: input is validated upstream.',
  'Fix merged; waiting for the next release.',
  'Reproduced with the provided request.',
];
