/**
 * Turns a DefectDojo HTTP answer or a transport failure into one of our DojoApiError classes.
 * Upstream bodies are parsed only to pick the class and to extract validation messages, which are
 * sanitised (control characters removed, truncated, few) before they reach a client.
 */
import {
  DojoApiError,
  DojoAuthError,
  DojoBadResponseError,
  DojoEndpointAbsentError,
  DojoForbiddenError,
  DojoNotFoundError,
  DojoTimeoutError,
  DojoUnreachableError,
  DojoValidationError,
} from './errors.js';

/** DRF's 403 texts that mean "these credentials are bad", as opposed to "not allowed". */
const AUTH_FAILURE_TEXT =
  /^(Invalid token|Authentication credentials were not provided|Invalid token header|User inactive or deleted|Invalid username\/password)/i;

/** Model names DefectDojo puts in `No <Model> matches the given query.` (API.md §1.2). */
const MODEL_WORDS: Record<string, string> = {
  Finding: 'finding',
  Product: 'product',
  Product_Type: 'product type',
  Engagement: 'engagement',
  Test: 'test',
  Test_Type: 'test type',
  User: 'user',
  Dojo_Group: 'group',
  Dojo_Group_Member: 'group member',
  Role: 'role',
  Notes: 'note',
};

/** Routes that OSS DefectDojo 3.x removed; a 404 on them means "not on this version". */
const VERSIONED_ROUTES = /^(dojo_groups|dojo_group_members|roles|global_roles)\//;

const MAX_DETAILS = 8;
const MAX_DETAIL_CHARS = 200;

// Control (C0/C1), zero-width and bidi-override characters.
// eslint-disable-next-line no-control-regex
const UNSAFE_CHARS = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g;

function clean(text: string): string {
  // Strip control and bidi characters so a message cannot forge log lines or reorder text.
  const s = text.replace(UNSAFE_CHARS, ' ');
  return s.length > MAX_DETAIL_CHARS ? `${s.slice(0, MAX_DETAIL_CHARS)}…` : s;
}

function asStrings(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.flatMap(asStrings);
  return [];
}

/**
 * Extracts `field: message` lines from the three 400 shapes: a field dict (with the `message`
 * repr and `pro` advert, which we drop), a bare array of strings, and `{"error": ...}` /
 * `{"detail": ...}` / `{"message": ...}` single messages.
 * @example validationDetails({ title: ['This field is required.'], pro: ['...'] }) // ['title: This field is required.']
 */
export function validationDetails(body: unknown): string[] {
  const out: string[] = [];
  if (Array.isArray(body) || typeof body === 'string') {
    out.push(...asStrings(body).map(clean));
  } else if (body && typeof body === 'object') {
    const obj = body as Record<string, unknown>;
    const fieldKeys = Object.keys(obj).filter((k) => k !== 'message' && k !== 'pro');
    for (const key of fieldKeys) {
      const safeKey = /^[A-Za-z0-9_.]{1,64}$/.test(key) ? key : 'field';
      for (const msg of asStrings(obj[key])) {
        out.push(key === 'detail' || key === 'error' ? clean(msg) : `${safeKey}: ${clean(msg)}`);
      }
    }
    // Only when nothing else explains the error is the single `message` useful (malformed JSON).
    if (out.length === 0 && typeof obj.message === 'string' && !obj.message.startsWith('{')) {
      out.push(clean(obj.message));
    }
  }
  return out.slice(0, MAX_DETAILS);
}

function detailOf(body: unknown): string {
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    const d = (body as Record<string, unknown>).detail;
    if (typeof d === 'string') return d;
  }
  return '';
}

/**
 * Maps a non-2xx DefectDojo answer. `path` is the API path relative to /api/v2/ (e.g.
 * `findings/12/`), `body` the parsed JSON or undefined when the body was not JSON.
 */
export function errorFromStatus(status: number, path: string, body: unknown): DojoApiError {
  const detail = detailOf(body);
  if (status === 401 || (status === 403 && AUTH_FAILURE_TEXT.test(detail))) {
    return new DojoAuthError(
      'DefectDojo rejected the API token (invalid, missing or belonging to an inactive user)',
      { status },
    );
  }
  if (status === 403) {
    return new DojoForbiddenError(
      'The DefectDojo user behind this token is not allowed to perform this action',
      { status },
    );
  }
  if (status === 404) {
    const m = /^No (\w+) matches the given query\.?$/.exec(detail);
    if (m && MODEL_WORDS[m[1]!]) {
      return new DojoNotFoundError(
        `DefectDojo has no ${MODEL_WORDS[m[1]!]} with that id, or this token cannot see it`,
        { status },
      );
    }
    if (body === undefined || VERSIONED_ROUTES.test(path) || !/\/\d+\/$/.test(path)) {
      const rbac = VERSIONED_ROUTES.test(path)
        ? ' (groups and roles were removed from open-source DefectDojo 3.x; they exist in 2.x and Pro)'
        : '';
      return new DojoEndpointAbsentError(
        `This DefectDojo does not offer the endpoint /api/v2/${path.split('/')[0]}/${rbac}`,
        { status },
      );
    }
    return new DojoNotFoundError(
      'DefectDojo has no object with that id, or this token cannot see it',
      {
        status,
      },
    );
  }
  if (status === 400 || status === 409 || status === 422) {
    const details = validationDetails(body);
    const head =
      status === 409 ? 'DefectDojo reported a conflict' : 'DefectDojo rejected the request';
    const msg = details.length ? `${head}: ${details.join('; ')}` : head;
    return new DojoValidationError(msg, details, status);
  }
  if (status === 405) {
    return new DojoEndpointAbsentError(
      'This DefectDojo does not allow that method on this endpoint',
      {
        status,
      },
    );
  }
  if (status === 415) {
    return new DojoBadResponseError('DefectDojo refused the request media type', { status });
  }
  if (status === 429) {
    return new DojoApiError('DefectDojo is rate limiting requests; try again later', {
      status,
      code: 'dojo_rate_limited',
      retryable: true,
    });
  }
  if (status >= 500) {
    return new DojoBadResponseError(`DefectDojo failed to handle the request (HTTP ${status})`, {
      status,
      retryable: status === 502 || status === 503 || status === 504,
    });
  }
  if (status >= 300 && status < 400) {
    return new DojoBadResponseError(
      `DefectDojo answered with a redirect (HTTP ${status}); check DEFECTDOJO_URL (scheme, host, path)`,
      { status },
    );
  }
  return new DojoBadResponseError(`DefectDojo answered with unexpected HTTP ${status}`, { status });
}

const TLS_CODES = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|ALTNAME/;

/**
 * Maps a thrown fetch/undici error (no HTTP answer) to timeout or unreachable. The upstream
 * error text is never copied: it can contain the URL.
 */
export function errorFromTransport(err: unknown, timedOut: boolean): DojoApiError {
  const e = err as { name?: string; code?: string; cause?: { code?: string; name?: string } };
  const code = e?.cause?.code ?? e?.code ?? '';
  if (
    timedOut ||
    e?.name === 'TimeoutError' ||
    e?.cause?.name === 'TimeoutError' ||
    /TIMEOUT/.test(code)
  ) {
    return new DojoTimeoutError('DefectDojo did not answer in time', { retryable: true });
  }
  if (TLS_CODES.test(code)) {
    return new DojoUnreachableError(
      'TLS handshake with DefectDojo failed (certificate not trusted or wrong host; see DEFECTDOJO_CA_FILE)',
    );
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new DojoUnreachableError('DefectDojo host name could not be resolved', {
      retryable: true,
    });
  }
  return new DojoUnreachableError('DefectDojo is unreachable (connection refused or reset)', {
    retryable: true,
  });
}
