/**
 * DefectDojo's error bodies (API.md §1.2). Handlers throw `DojoHttpError`; the router renders it.
 * Three 400 shapes exist: the generic serializer/filter shape with `message` (a Python repr) and
 * `pro`, the plain dict of the custom finding actions, and the bare JSON array of import checks.
 */

export const PRO_TEXT =
  'Pro comes with support. Try today for free or email us at hello@defectdojo.com';

/** An error answer: status plus JSON body, or an HTML page (Django's 404 for unknown routes). */
export class DojoHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly html?: string,
  ) {
    super(`HTTP ${status}`);
  }
}

/** Python's repr() of a str: single quotes unless the text has a ' and no ". */
export function pyRepr(s: string): string {
  const useDouble = s.includes("'") && !s.includes('"');
  const q = useDouble ? '"' : "'";
  const body = s
    .replace(/\\/g, '\\\\')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t')
    .replace(new RegExp(q, 'g'), `\\${q}`);
  return `${q}${body}${q}`;
}

/** One field error with its DRF error code (`required`, `invalid`, `invalid_choice`, ...). */
export interface FieldError {
  message: string;
  code: string;
}

/** `{'f': [ErrorDetail(string='...', code='...')]}`: what `str(ValidationError)` prints. */
export function errorDictRepr(errors: Record<string, FieldError[]>): string {
  const parts = Object.entries(errors).map(
    ([k, list]) =>
      `${pyRepr(k)}: [${list.map((e) => `ErrorDetail(string=${pyRepr(e.message)}, code=${pyRepr(e.code)})`).join(', ')}]`,
  );
  return `{${parts.join(', ')}}`;
}

/** 400 from generic create/update or a filter: field lists + `message` + `pro`. */
export function validationError(errors: Record<string, FieldError[]>): DojoHttpError {
  const body: Record<string, unknown> = {};
  for (const [k, list] of Object.entries(errors)) body[k] = list.map((e) => e.message);
  body.message = errorDictRepr(errors);
  body.pro = [PRO_TEXT];
  return new DojoHttpError(400, body);
}

/** 400 from a custom finding action (notes, tags, close): the plain serializer.errors dict. */
export function actionError(errors: Record<string, string[]>): DojoHttpError {
  return new DojoHttpError(400, errors);
}

/** 404 for an object that is missing or not visible: `No Finding matches the given query.` */
export function notFound(model: string): DojoHttpError {
  return new DojoHttpError(404, { detail: `No ${model} matches the given query.` });
}

/** 403 for a visible object whose action the caller may not perform. */
export function forbidden(
  detail = 'You do not have permission to perform this action.',
): DojoHttpError {
  return new DojoHttpError(403, { detail });
}

/** 405 for a method the route does not offer. */
export function methodNotAllowed(method: string): DojoHttpError {
  return new DojoHttpError(405, { detail: `Method "${method}" not allowed.` });
}

/** Django's HTML 404 page for a URL no route matches. */
export function routeNotFound(path: string): DojoHttpError {
  const safe = path.replace(/[<>&"]/g, '');
  return new DojoHttpError(
    404,
    null,
    `<!doctype html>\n<html lang="en">\n<head>\n  <title>Not Found</title>\n</head>\n<body>\n  <h1>Not Found</h1><p>The requested resource was not found on this server.</p>\n<!-- ${safe} -->\n</body>\n</html>\n`,
  );
}

/** 500 the way DefectDojo's exception handler renders an unhandled error. */
export function internalError(): DojoHttpError {
  return new DojoHttpError(500, {
    message: 'Internal server error, check logs for details',
    pro: [PRO_TEXT],
  });
}
