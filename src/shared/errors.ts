/** Base class for errors whose message is safe to show to a client (no secrets, no internals). */
export class SafeError extends Error {
  static readonly code: string = 'internal_error';
  readonly code: string;
  constructor(message: string, code?: string) {
    super(message);
    this.name = new.target.name;
    this.code = code ?? (new.target as typeof SafeError).code;
  }
}

/** A configuration problem found at startup: the process prints it and exits non-zero. */
export class ConfigError extends SafeError {
  static override readonly code = 'config_error';
}
