/**
 * Errors of the DefectDojo REST client. Every one carries a stable snake_case `code` and a message
 * written by us, never copied from an upstream body or a stack, so it is safe to hand to an MCP
 * client. Keys never appear here: messages are built from fixed strings and sanitised fragments.
 */
import { SafeError } from '../shared/errors.js';

/** Base class: a DefectDojo call failed. `status` is the upstream HTTP status, when there was one. */
export class DojoApiError extends SafeError {
  static override readonly code: string = 'dojo_error';
  readonly status: number | undefined;
  /** Whether a GET that failed this way may be retried (network trouble, 502/503/504). */
  readonly retryable: boolean;
  constructor(message: string, opts: { status?: number; code?: string; retryable?: boolean } = {}) {
    super(message, opts.code);
    this.status = opts.status;
    this.retryable = opts.retryable ?? false;
  }
}

/** DefectDojo answered 403 to the credentials themselves (invalid, missing or inactive token). */
export class DojoAuthError extends DojoApiError {
  static override readonly code = 'dojo_auth_failed';
}

/** The token is valid but its user may not do this (403 "You do not have permission..."). */
export class DojoForbiddenError extends DojoApiError {
  static override readonly code = 'dojo_forbidden';
}

/** The object does not exist or is not visible to the token's user (404 "No X matches..."). */
export class DojoNotFoundError extends DojoApiError {
  static override readonly code = 'dojo_not_found';
}

/** The route does not exist on this DefectDojo version (e.g. groups/roles on OSS 3.x). */
export class DojoEndpointAbsentError extends DojoApiError {
  static override readonly code = 'dojo_endpoint_absent';
}

/** DefectDojo rejected the request body or filters (400 in one of its three body shapes). */
export class DojoValidationError extends DojoApiError {
  static override readonly code = 'dojo_validation_failed';
  /** Sanitised `field: message` pairs, at most a few, each truncated. */
  readonly details: string[];
  constructor(message: string, details: string[], status = 400) {
    super(message, { status });
    this.details = details;
  }
}

/** DefectDojo could not be reached: refused, reset, DNS failure, TLS failure. */
export class DojoUnreachableError extends DojoApiError {
  static override readonly code = 'dojo_unreachable';
}

/** DefectDojo did not answer within the configured connect or total timeout. */
export class DojoTimeoutError extends DojoApiError {
  static override readonly code = 'dojo_timeout';
}

/** DefectDojo answered something we cannot use: 5xx, a redirect, non-JSON, or too large. */
export class DojoBadResponseError extends DojoApiError {
  static override readonly code = 'dojo_bad_response';
}

/** The call needs a credential this server was not given (e.g. a write with only a read key). */
export class DojoCredentialMissingError extends DojoApiError {
  static override readonly code = 'dojo_credential_missing';
}

/** A request we refuse to send: our own argument checks (contradicting filters, bad base64...). */
export class DojoRequestError extends DojoApiError {
  static override readonly code = 'invalid_request';
}
