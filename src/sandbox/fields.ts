/**
 * DRF field validation with DRF's exact messages and codes, driven by a small spec per
 * resource. Used by the generic create/update routes, whose 400 bodies carry `message` + `pro`.
 */
import type { FieldError } from './errors.js';
import { isDateString } from './time.js';

export type FieldType =
  'string' | 'bool' | 'int' | 'float' | 'date' | 'choice' | 'pk' | 'pks' | 'tags' | 'strings';

export interface FieldSpec {
  type: FieldType;
  /** Required on create (POST) and on PUT. */
  required?: boolean;
  nullable?: boolean;
  /** Blank strings allowed (model blank=True). */
  blank?: boolean;
  max?: number;
  choices?: readonly string[];
  /** Custom message for an invalid choice (finding severity has one, raised with code `invalid`). */
  choiceMessage?: string;
  /** For pk/pks: does this id exist? */
  exists?: (id: number) => boolean;
}

export type Spec = Record<string, FieldSpec>;

const err = (message: string, code: string): FieldError[] => [{ message, code }];

function coerce(spec: FieldSpec, v: unknown): { value?: unknown; error?: FieldError[] } {
  if (v === null)
    return spec.nullable ? { value: null } : { error: err('This field may not be null.', 'null') };
  switch (spec.type) {
    case 'string': {
      if (typeof v !== 'string' && typeof v !== 'number')
        return { error: err('Not a valid string.', 'invalid') };
      const s = String(v);
      if (s.trim() === '' && !spec.blank) {
        // Nullable optional text fields store blank as null (component_name and friends).
        return spec.nullable
          ? { value: null }
          : { error: err('This field may not be blank.', 'blank') };
      }
      if (spec.max !== undefined && s.length > spec.max)
        return {
          error: err(`Ensure this field has no more than ${spec.max} characters.`, 'max_length'),
        };
      return { value: s };
    }
    case 'bool': {
      if ([true, 'true', 'True', 'TRUE', 1, '1', 'on', 'yes'].includes(v as never))
        return { value: true };
      if ([false, 'false', 'False', 'FALSE', 0, '0', 'off', 'no'].includes(v as never))
        return { value: false };
      return { error: err('Must be a valid boolean.', 'invalid') };
    }
    case 'int': {
      const n =
        typeof v === 'number'
          ? v
          : typeof v === 'string' && /^\s*-?\d+\s*$/.test(v)
            ? Number(v)
            : NaN;
      return Number.isInteger(n)
        ? { value: n }
        : { error: err('A valid integer is required.', 'invalid') };
    }
    case 'float': {
      const n =
        typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
      return Number.isFinite(n)
        ? { value: n }
        : { error: err('A valid number is required.', 'invalid') };
    }
    case 'date':
      return typeof v === 'string' && isDateString(v)
        ? { value: v }
        : {
            error: err(
              'Date has wrong format. Use one of these formats instead: YYYY-MM-DD.',
              'invalid',
            ),
          };
    case 'choice':
      return typeof v === 'string' && spec.choices!.includes(v)
        ? { value: v }
        : {
            error: spec.choiceMessage
              ? err(spec.choiceMessage, 'invalid')
              : err(`"${String(v)}" is not a valid choice.`, 'invalid_choice'),
          };
    case 'pk':
      return pk(spec, v);
    case 'pks': {
      if (!Array.isArray(v))
        return {
          error: err(`Expected a list of items but got type "${pyType(v)}".`, 'not_a_list'),
        };
      const out: number[] = [];
      for (const item of v) {
        const r = pk(spec, item);
        if (r.error) return r;
        out.push(r.value as number);
      }
      return { value: out };
    }
    case 'strings':
    case 'tags': {
      if (!Array.isArray(v))
        return {
          error: err(`Expected a list of items but got type "${pyType(v)}".`, 'not_a_list'),
        };
      if (v.some((t) => typeof t !== 'string'))
        return { error: err('All list items must be of string type.', 'not_a_str') };
      return { value: spec.type === 'tags' ? normalizeTags(v as string[]) : v };
    }
  }
}

function pk(spec: FieldSpec, v: unknown): { value?: unknown; error?: FieldError[] } {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : NaN;
  if (!Number.isInteger(n))
    return {
      error: err(`Incorrect type. Expected pk value, received ${pyType(v)}.`, 'incorrect_type'),
    };
  if (spec.exists && !spec.exists(n))
    return { error: err(`Invalid pk "${n}" - object does not exist.`, 'does_not_exist') };
  return { value: n };
}

function pyType(v: unknown): string {
  if (typeof v === 'string') return 'str';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return 'list';
  return v === null ? 'NoneType' : 'dict';
}

/**
 * Tag names as tagulous stores them: lower-cased, split on commas, quotes and spaces (tags may
 * not contain them), de-duplicated, order kept.
 */
export function normalizeTags(tags: readonly string[]): string[] {
  const out: string[] = [];
  for (const t of tags)
    for (const part of t.split(/[\s,"']+/))
      if (part !== '' && !out.includes(part.toLowerCase())) out.push(part.toLowerCase());
  return out;
}

/**
 * Validates `body` against `spec`. `partial` (PATCH) skips required checks. Unknown keys are
 * ignored, as DRF does; read-only fields are simply absent from the spec.
 */
export function validateFields(
  spec: Spec,
  body: Record<string, unknown>,
  partial: boolean,
): { values: Record<string, unknown>; errors: Record<string, FieldError[]> } {
  const values: Record<string, unknown> = {};
  const errors: Record<string, FieldError[]> = {};
  for (const [name, fs] of Object.entries(spec)) {
    if (!(name in body)) {
      if (fs.required && !partial) errors[name] = err('This field is required.', 'required');
      continue;
    }
    const r = coerce(fs, body[name]);
    if (r.error) errors[name] = r.error;
    else values[name] = r.value;
  }
  return { values, errors };
}

/** The body as an object, or null when it is not a JSON object / form. */
export function asObject(body: unknown): Record<string, unknown> | null {
  return body !== null && typeof body === 'object' && !Array.isArray(body)
    ? (body as Record<string, unknown>)
    : null;
}
