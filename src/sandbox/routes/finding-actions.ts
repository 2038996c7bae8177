/**
 * The custom finding actions (API.md §2.2, §2.3): notes, tags, remove_tags, close, verify. These
 * return `serializer.errors` directly: plain error dicts, no `message` / `pro` keys.
 */
import { findingFor } from '../access.js';
import { actionError, DojoHttpError, internalError, validationError } from '../errors.js';
import { asObject, normalizeTags } from '../fields.js';
import { closeFinding } from '../finding-state.js';
import type { FindingRow } from '../model.js';
import { renderFinding, renderNote, userStub } from '../serialize.js';
import type { Ctx, DetailHandler, Methods } from '../router.js';
import { dojoDateTime } from '../time.js';

/** Reads the body as an object; anything else is the plain non_field_errors dict. */
function actionBody(ctx: Ctx): Record<string, unknown> {
  const o = asObject(ctx.body() ?? {});
  if (!o)
    throw actionError({ non_field_errors: ['Invalid data. Expected a dictionary, but got list.'] });
  return o;
}

function strictBool(v: unknown): boolean | undefined {
  if ([true, 'true', 'True', 1, '1'].includes(v as never)) return true;
  if ([false, 'false', 'False', 0, '0'].includes(v as never)) return false;
  return undefined;
}

/** Adds a note row to the finding and stamps last_reviewed (a side effect of adding a note). */
function addNote(
  ctx: Ctx,
  f: FindingRow,
  entry: string,
  isPrivate: boolean,
  noteType: number | null,
): void {
  const stamp = dojoDateTime(ctx.now);
  const n = ctx.db.notes.insert((id) => ({
    id,
    finding: f.id,
    author: ctx.user.id,
    editor: null,
    entry,
    note_type: noteType,
    private: isPrivate,
    edited: false,
    date: stamp,
    edit_time: stamp,
  }));
  f.notes.push(n.id);
  f.last_reviewed = stamp;
  f.last_reviewed_by = ctx.user.id;
}

const notes: Methods<DetailHandler> = {
  GET: (ctx, id) => {
    const f = findingFor(ctx, id);
    const rows = f.notes.map((n) => ctx.db.notes.get(n)).filter((n) => n !== undefined);
    return {
      status: 200,
      body: { finding_id: f.id, notes: rows.map((n) => renderNote(ctx.db, n)) },
    };
  },
  // Finding_View is enough: a Reader may add notes.
  POST: (ctx, id) => {
    const f = findingFor(ctx, id, 'note_add');
    const body = actionBody(ctx);
    const errors: Record<string, string[]> = {};
    const entry = body.entry;
    if (entry === undefined) errors.entry = ['This field is required.'];
    else if (typeof entry !== 'string') errors.entry = ['Not a valid string.'];
    else if (entry.trim() === '') errors.entry = ['This field may not be blank.'];
    const priv = body.private === undefined ? false : strictBool(body.private);
    if (priv === undefined) errors.private = ['Must be a valid boolean.'];
    if (Object.keys(errors).length) throw actionError(errors);
    addNote(ctx, f, entry as string, priv!, null);
    // DefectDojo serializes the input, not the saved row: the answer has no id.
    return {
      status: 201,
      body: { author: userStub(ctx.db, ctx.user.id), editor: null, entry, private: priv },
    };
  },
};

function tagsOf(ctx: Ctx): string[] | undefined {
  const body = actionBody(ctx);
  const t = body.tags;
  if (t === undefined) throw actionError({ tags: ['This field is required.'] });
  // TagListSerializerField also accepts a JSON-encoded list in a string.
  let list: unknown = t;
  if (typeof t === 'string') {
    try {
      list = JSON.parse(t);
    } catch {
      list = [t];
    }
  }
  if (!Array.isArray(list))
    throw actionError({ tags: [`Expected a list of items but got type "${typeof list}".`] });
  if (list.some((x) => typeof x !== 'string'))
    throw actionError({ tags: ['All list items must be of string type.'] });
  return list as string[];
}

const tags: Methods<DetailHandler> = {
  GET: (ctx, id) => ({ status: 200, body: { tags: findingFor(ctx, id).tags } }),
  // Appends (duplicates skipped) and answers 200 with all tags, although the schema says 201.
  POST: (ctx, id) => {
    const f = findingFor(ctx, id, 'finding_edit');
    for (const t of normalizeTags(tagsOf(ctx) ?? [])) if (!f.tags.includes(t)) f.tags.push(t);
    f.updated = dojoDateTime(ctx.now);
    return { status: 200, body: { tags: f.tags } };
  },
};

const pyList = (items: string[]): string => `[${items.map((t) => `'${t}'`).join(', ')}]`;

const removeTags: DetailHandler = (ctx, id) => {
  const f = findingFor(ctx, id, 'finding_edit');
  const wanted = normalizeTags(tagsOf(ctx) ?? []);
  if (wanted.length === 0) throw new DojoHttpError(400, { error: 'Empty Tag List Not Allowed' });
  for (const t of wanted)
    if (!f.tags.includes(t))
      throw new DojoHttpError(400, {
        error: `'${t}' is not a valid tag in list '${pyList(f.tags)}'`,
      });
  f.tags = f.tags.filter((t) => !wanted.includes(t));
  return { status: 204 };
};

const close: DetailHandler = (ctx, id) => {
  const f = findingFor(ctx, id, 'finding_edit');
  const body = actionBody(ctx);
  const errors: Record<string, string[]> = {};
  const flags: Record<string, boolean> = {};
  for (const k of ['is_mitigated', 'false_p', 'out_of_scope', 'duplicate']) {
    if (body[k] === undefined) continue;
    const b = strictBool(body[k]);
    if (b === undefined) errors[k] = ['Must be a valid boolean.'];
    else flags[k] = b;
  }
  // DD_EDITABLE_MITIGATED_DATA is off: mitigated_by may not be set; `mitigated` is ignored.
  if (body.mitigated_by !== undefined && body.mitigated_by !== null)
    errors.mitigated_by = ['Not allowed to set mitigated_by.'];
  if (body.note !== undefined && typeof body.note !== 'string')
    errors.note = ['Not a valid string.'];
  if (Object.keys(errors).length) throw actionError(errors);
  // The view reads request.data["is_mitigated"]: omitting it is a KeyError, i.e. a 500.
  if (flags.is_mitigated === undefined) throw internalError();
  const out = closeFinding(
    f,
    {
      is_mitigated: flags.is_mitigated,
      false_p: flags.false_p ?? false,
      out_of_scope: flags.out_of_scope ?? false,
      duplicate: flags.duplicate ?? false,
    },
    ctx.user.id,
    ctx.now,
  );
  if (typeof body.note === 'string' && body.note.trim() !== '')
    addNote(ctx, f, body.note, false, null);
  return { status: 200, body: out };
};

const verify: DetailHandler = (ctx, id) => {
  const f = findingFor(ctx, id, 'finding_edit');
  if (f.false_p)
    throw validationError({
      non_field_errors: [
        { message: 'False positive findings cannot be verified.', code: 'invalid' },
      ],
    });
  f.verified = true;
  f.updated = dojoDateTime(ctx.now);
  const body = asObject(ctx.body() ?? {});
  if (body && typeof body.note === 'string' && body.note.trim() !== '')
    addNote(ctx, f, body.note, false, null);
  return { status: 200, body: renderFinding(ctx.db, f, ctx.now) };
};

/** `/findings/{id}/<action>/` routes. */
export const findingActions: Record<string, Methods<DetailHandler>> = {
  notes,
  tags,
  remove_tags: { PUT: removeTags, PATCH: removeTags },
  close: { POST: close },
  verify: { POST: verify },
};
