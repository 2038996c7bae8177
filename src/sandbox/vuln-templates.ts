/**
 * Vulnerability classes the seed generator instantiates: title, CWE, plausible severities and
 * realistic description / mitigation / impact / references text, written for the sandbox.
 */
import type { Severity } from './model.js';

/** A vulnerability class the generator instantiates many times with varying details. */
export interface VulnTemplate {
  title: string;
  cwe: number;
  severities: readonly Severity[];
  kind: 'sast' | 'sca' | 'dast' | 'iac';
  description: string;
  mitigation: string;
  impact: string;
  references: string;
}

const OWASP = 'https://owasp.org/www-project-top-ten/';
const CWE = (n: number): string => `https://cwe.mitre.org/data/definitions/${n}.html`;

export const VULN_TEMPLATES: readonly VulnTemplate[] = [
  {
    title: 'SQL Injection',
    cwe: 89,
    severities: ['Critical', 'High'],
    kind: 'sast',
    description:
      'User-controlled input from the request is concatenated into a SQL statement without parameterization. An attacker can alter the structure of the query, read or modify arbitrary rows and, depending on the database privileges, execute administrative operations.',
    mitigation:
      'Use prepared statements with bound parameters or the ORM query builder. Never build SQL by string concatenation. Apply least privilege to the database account used by the application.',
    impact: 'Full read/write access to application data; possible authentication bypass.',
    references: `${CWE(89)}\nhttps://cheatsheetseries.owasp.org/cheatsheets/SQL_Injection_Prevention_Cheat_Sheet.html`,
  },
  {
    title: 'Cross-Site Scripting (Reflected)',
    cwe: 79,
    severities: ['High', 'Medium'],
    kind: 'dast',
    description:
      'A request parameter is reflected in the HTML response without output encoding. A crafted link can run script in the victim browser in the context of the application origin.',
    mitigation:
      'Encode all untrusted data for the HTML context in which it is rendered, use a templating engine with auto-escaping and deploy a restrictive Content-Security-Policy.',
    impact:
      'Session theft, actions performed on behalf of the victim, phishing inside the trusted origin.',
    references: `${CWE(79)}\nhttps://cheatsheetseries.owasp.org/cheatsheets/Cross_Site_Scripting_Prevention_Cheat_Sheet.html`,
  },
  {
    title: 'Cross-Site Scripting (Stored)',
    cwe: 79,
    severities: ['High'],
    kind: 'dast',
    description:
      'Content submitted by one user is stored and later rendered to other users without encoding. The payload executes for every visitor of the affected page.',
    mitigation:
      'Encode output for its context and sanitize rich text with an allow-list sanitizer.',
    impact: 'Account takeover of any user, including administrators, who views the content.',
    references: CWE(79),
  },
  {
    title: 'OS Command Injection',
    cwe: 78,
    severities: ['Critical', 'High'],
    kind: 'sast',
    description:
      'A shell command is built from request data and executed through a shell. Metacharacters in the input allow the attacker to append arbitrary commands.',
    mitigation:
      'Avoid invoking a shell; call the program directly with an argument vector and validate arguments against an allow-list.',
    impact: 'Remote code execution with the privileges of the service account.',
    references: CWE(78),
  },
  {
    title: 'Path Traversal',
    cwe: 22,
    severities: ['High', 'Medium'],
    kind: 'sast',
    description:
      'A file path is derived from user input without canonicalization. Sequences such as ../ let the caller read files outside the intended directory.',
    mitigation:
      'Resolve the path, verify that it stays below the base directory, and prefer opaque identifiers over file names.',
    impact: 'Disclosure of configuration files, keys and source code.',
    references: CWE(22),
  },
  {
    title: 'Server-Side Request Forgery',
    cwe: 918,
    severities: ['High', 'Medium'],
    kind: 'dast',
    description:
      'The application fetches a URL supplied by the client. Internal addresses, including the cloud metadata service, are reachable through this feature.',
    mitigation:
      'Allow-list destination hosts, block link-local and private ranges after DNS resolution, and disable redirects.',
    impact: 'Access to internal services and cloud instance credentials.',
    references: CWE(918),
  },
  {
    title: 'XML External Entity Processing',
    cwe: 611,
    severities: ['High', 'Medium'],
    kind: 'sast',
    description:
      'The XML parser resolves external entities and DTDs. A document that declares an external entity can read local files or trigger outbound requests.',
    mitigation:
      'Disable DTD processing and external entity resolution in the parser configuration.',
    impact: 'Local file disclosure, SSRF and denial of service.',
    references: CWE(611),
  },
  {
    title: 'Insecure Deserialization',
    cwe: 502,
    severities: ['Critical', 'High'],
    kind: 'sast',
    description:
      'Untrusted bytes are deserialized with a general-purpose object deserializer, which can instantiate arbitrary classes present on the class path.',
    mitigation:
      'Use a data-only format such as JSON with an explicit schema, or an allow-list of types.',
    impact: 'Remote code execution through gadget chains.',
    references: CWE(502),
  },
  {
    title: 'Use of Weak Hash Algorithm',
    cwe: 328,
    severities: ['Medium', 'Low'],
    kind: 'sast',
    description:
      'MD5 or SHA-1 is used for a security-relevant purpose. Both algorithms have practical collision attacks and are unsuitable for integrity checks or password storage.',
    mitigation:
      'Use SHA-256 or better for integrity, and Argon2id, scrypt or bcrypt for passwords.',
    impact: 'Forgery of integrity-protected data; faster offline password cracking.',
    references: CWE(328),
  },
  {
    title: 'Hard-coded Credentials',
    cwe: 798,
    severities: ['High', 'Critical'],
    kind: 'sast',
    description:
      'A credential is embedded in source code or configuration committed to the repository. Anyone with read access to the repository or the build artifacts can use it.',
    mitigation:
      'Revoke and rotate the credential, remove it from history, and load secrets from a secret manager at run time.',
    impact: 'Unauthorized access to the system the credential protects.',
    references: CWE(798),
  },
  {
    title: 'Missing Authorization Check',
    cwe: 862,
    severities: ['High', 'Medium'],
    kind: 'dast',
    description:
      'An API endpoint performs a state-changing operation without verifying that the caller owns the referenced object. Changing the identifier in the request acts on other tenants data.',
    mitigation: 'Enforce object-level authorization on every request, centrally, deny by default.',
    impact: 'Horizontal privilege escalation across accounts.',
    references: `${CWE(862)}\n${OWASP}`,
  },
  {
    title: 'Open Redirect',
    cwe: 601,
    severities: ['Medium', 'Low'],
    kind: 'dast',
    description:
      'The redirect target is taken from a query parameter without validation, so the application can be used to send users to an attacker-controlled site.',
    mitigation: 'Only redirect to relative paths or to an allow-list of destinations.',
    impact: 'Credible phishing links on the trusted domain.',
    references: CWE(601),
  },
  {
    title: 'Missing Content-Security-Policy Header',
    cwe: 693,
    severities: ['Low', 'Info'],
    kind: 'dast',
    description:
      'Responses do not set a Content-Security-Policy header, so the browser applies no restriction on script sources if an injection occurs.',
    mitigation: 'Define a strict CSP with nonces or hashes and report-uri for violations.',
    impact: 'Increases the impact of any cross-site scripting flaw.',
    references: 'https://developer.mozilla.org/en-US/docs/Web/HTTP/CSP',
  },
  {
    title: 'Cookie Without Secure Flag',
    cwe: 614,
    severities: ['Low'],
    kind: 'dast',
    description:
      'A session cookie is set without the Secure attribute and may be sent over plain HTTP connections.',
    mitigation: 'Set Secure, HttpOnly and SameSite on all session cookies.',
    impact: 'Session identifiers can be captured on untrusted networks.',
    references: CWE(614),
  },
  {
    title: 'TLS Certificate Validation Disabled',
    cwe: 295,
    severities: ['High', 'Medium'],
    kind: 'sast',
    description:
      'An HTTP client is configured with certificate verification disabled (verify=False or rejectUnauthorized: false).',
    mitigation:
      'Keep verification on; pin a private CA bundle where internal certificates are used.',
    impact: 'Man-in-the-middle interception of credentials and data.',
    references: CWE(295),
  },
  {
    title: 'Regular Expression Denial of Service',
    cwe: 1333,
    severities: ['Medium', 'Low'],
    kind: 'sca',
    description:
      'A regular expression with nested quantifiers is applied to attacker-controlled input and can take exponential time to evaluate.',
    mitigation:
      'Upgrade the package to a fixed version, or bound the input length before matching.',
    impact: 'CPU exhaustion and service unavailability.',
    references: CWE(1333),
  },
  {
    title: 'Prototype Pollution',
    cwe: 1321,
    severities: ['High', 'Medium'],
    kind: 'sca',
    description:
      'A deep-merge utility copies the __proto__ key from untrusted JSON, which modifies Object.prototype for the whole process.',
    mitigation: 'Upgrade the library and reject __proto__, constructor and prototype keys.',
    impact: 'Denial of service or property injection that can lead to code execution.',
    references: CWE(1321),
  },
  {
    title: 'Heap-based Buffer Overflow',
    cwe: 787,
    severities: ['Critical', 'High', 'Medium'],
    kind: 'sca',
    description:
      'The bundled native library writes past the end of a heap buffer when parsing malformed input. The flaw is reachable through image and font decoding.',
    mitigation: 'Upgrade the affected OS package in the base image and rebuild.',
    impact: 'Memory corruption that may allow code execution.',
    references: CWE(787),
  },
  {
    title: 'Information Exposure Through Error Message',
    cwe: 209,
    severities: ['Low', 'Info'],
    kind: 'dast',
    description:
      'Unhandled exceptions return stack traces, framework versions and internal file paths to the client.',
    mitigation: 'Return generic error pages and log details server-side only.',
    impact: 'Reconnaissance information for further attacks.',
    references: CWE(209),
  },
  {
    title: 'Container Runs as Root',
    cwe: 250,
    severities: ['Medium', 'Low'],
    kind: 'iac',
    description:
      'The container image does not declare a non-root USER and the pod spec does not set runAsNonRoot.',
    mitigation: 'Add a USER instruction and set securityContext.runAsNonRoot: true.',
    impact: 'A container escape starts with root privileges.',
    references: CWE(250),
  },
  {
    title: 'S3 Bucket Without Encryption',
    cwe: 311,
    severities: ['Medium'],
    kind: 'iac',
    description:
      'The Terraform resource defines an S3 bucket without default server-side encryption.',
    mitigation: 'Enable SSE-KMS with a customer-managed key and block public access.',
    impact: 'Data at rest is not protected against storage-level disclosure.',
    references: CWE(311),
  },
  {
    title: 'Use of Insecure Random Number Generator',
    cwe: 338,
    severities: ['Medium', 'Low'],
    kind: 'sast',
    description: 'A non-cryptographic PRNG is used to generate tokens that must be unpredictable.',
    mitigation: 'Use the platform CSPRNG (secrets, crypto.randomBytes, SecureRandom).',
    impact: 'Tokens can be predicted and sessions hijacked.',
    references: CWE(338),
  },
  {
    title: 'JWT Signature Not Verified',
    cwe: 347,
    severities: ['Critical', 'High'],
    kind: 'sast',
    description:
      'JSON Web Tokens are decoded without verifying the signature, or the none algorithm is accepted.',
    mitigation:
      'Verify signatures with a fixed algorithm list and validate issuer, audience and expiry.',
    impact: 'Authentication bypass by forging tokens.',
    references: CWE(347),
  },
  {
    title: 'Outdated Component With Known Vulnerabilities',
    cwe: 1104,
    severities: ['High', 'Medium', 'Low'],
    kind: 'sca',
    description:
      'The dependency is several major versions behind and is affected by published advisories.',
    mitigation: 'Upgrade to a supported release and enable automated dependency updates.',
    impact: 'Exposure to publicly known exploits.',
    references: `${CWE(1104)}\n${OWASP}`,
  },
];
