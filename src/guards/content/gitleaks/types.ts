/** The parts of a gitleaks rule the engine uses (gitleaks `config.Rule`, text scanning only). */

/** One allowlist of a rule, or the global one (gitleaks `config.Allowlist`, paths dropped). */
export interface GitleaksAllowlist {
  /** `AND`: every criterion present must match; default `OR`: any one. */
  condition?: 'AND' | 'OR';
  /** What `regexes` are matched against: the secret (default), the whole match, or its line. */
  regexTarget?: 'secret' | 'match' | 'line';
  regexes?: readonly string[];
  /** Case-insensitive substrings of the secret that mark it as a false positive. */
  stopwords?: readonly string[];
}

export interface GitleaksRule {
  id: string;
  /** RE2 syntax. */
  regex: string;
  /** Capture group holding the secret; default: the first non-empty group, else the match. */
  secretGroup?: number;
  /** Minimum Shannon entropy (bits per character) of the secret. */
  entropy?: number;
  /** Lower-case literals one of which the text must contain for the rule to run. */
  keywords: readonly string[];
  allowlists?: readonly GitleaksAllowlist[];
}
