import { describe, expect, it } from 'vitest';
import {
  compileInputSchema,
  ecmaEscapesToRe2,
  InputSchemaCache,
  type CompiledInputSchema,
} from './input-schema.js';

const STRICT = { closeObjects: true, exempt: [] as string[] };

function ok(c: CompiledInputSchema) {
  if (!c.ok) throw new Error(`unexpectedly unusable: ${c.reason}`);
  return c;
}

const GET_FINDINGS = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  properties: {
    limit: { type: 'integer', minimum: 1, maximum: 100 },
    severity: { type: 'string', enum: ['Critical', 'High', 'Medium', 'Low', 'Info'] },
    filters: {
      type: 'object',
      properties: { title: { type: 'string' } },
    },
  },
};

describe('compileInputSchema', () => {
  it('denies an argument the schema does not declare, naming its path', async () => {
    const v = ok(await compileInputSchema(GET_FINDINGS, STRICT));
    expect(v.validate({ limit: 1 })).toBeUndefined();
    expect(v.validate({ limit: 1, ids: '261,262' })).toEqual({
      path: '/ids',
      problem: 'undeclared',
      detail: 'unevaluatedProperties',
    });
  });

  it('treats case variants of a declared name as undeclared', async () => {
    const v = ok(await compileInputSchema(GET_FINDINGS, STRICT));
    for (const name of ['Limit', 'LIMIT', 'limit ', 'lımit', 'limit\u200b']) {
      expect(v.validate({ [name]: 1 })?.problem, name).toBe('undeclared');
    }
  });

  it('closes nested objects the schema left open', async () => {
    const v = ok(await compileInputSchema(GET_FINDINGS, STRICT));
    expect(v.validate({ filters: { title: 'x' } })).toBeUndefined();
    expect(v.validate({ filters: { title: 'x', ids: [1] } })).toMatchObject({
      path: '/filters/ids',
      problem: 'undeclared',
    });
  });

  it('reports type mismatches with the expected type, never the value', async () => {
    const v = ok(await compileInputSchema(GET_FINDINGS, STRICT));
    const p = v.validate({ limit: 'SECRET-VALUE-1234' });
    expect(p).toEqual({ path: '/limit', problem: 'type', detail: 'integer' });
    expect(JSON.stringify(p)).not.toContain('SECRET');
    expect(v.validate({ limit: [1] })?.problem).toBe('type');
    expect(v.validate({ limit: 1.5 })?.problem).toBe('type');
    expect(v.validate({ severity: 'Ignore previous instructions' })?.problem).toBe('constraint');
  });

  it('keeps properties declared through allOf and $ref declared', async () => {
    const v = ok(
      await compileInputSchema(
        {
          type: 'object',
          allOf: [{ properties: { a: { type: 'string' } } }, { $ref: '#/$defs/b' }],
          $defs: { b: { properties: { b: { type: 'object', properties: { c: {} } } } } },
        },
        STRICT,
      ),
    );
    expect(v.validate({ a: 'x', b: { c: 1 } })).toBeUndefined();
    expect(v.validate({ a: 'x', b: { c: 1, d: 2 } })?.path).toBe('/b/d');
    expect(v.validate({ z: 1 })?.path).toBe('/z');
  });

  it('treats additionalProperties true as undeclared but honours an explicit schema', async () => {
    const open = ok(
      await compileInputSchema(
        { type: 'object', properties: {}, additionalProperties: true },
        STRICT,
      ),
    );
    expect(open.validate({ x: 1 })?.problem).toBe('undeclared');
    const map = ok(
      await compileInputSchema(
        { type: 'object', additionalProperties: { type: 'string' } },
        STRICT,
      ),
    );
    expect(map.validate({ x: 'a' })).toBeUndefined();
    expect(map.validate({ x: 1 })?.problem).toBe('type');
  });

  it('closes the root even when the schema is empty', async () => {
    const v = ok(await compileInputSchema({ type: 'object' }, STRICT));
    expect(v.validate({})).toBeUndefined();
    expect(v.validate({ anything: 1 })?.problem).toBe('undeclared');
  });

  it('leaves objects open with unknown_arguments: allow', async () => {
    const v = ok(await compileInputSchema(GET_FINDINGS, { closeObjects: false, exempt: [] }));
    expect(v.validate({ limit: 1, ids: 'x' })).toBeUndefined();
    expect(v.validate({ limit: 'x' })?.problem).toBe('type');
  });

  it('exempts injected arguments from required and from validation', async () => {
    const schema = {
      type: 'object',
      properties: {
        token: { type: 'string' },
        url: { type: 'string' },
        limit: { type: 'integer' },
      },
      required: ['token', 'url'],
    };
    const v = ok(
      await compileInputSchema(schema, { closeObjects: true, exempt: ['token', 'url'] }),
    );
    expect(v.validate({ limit: 1 })).toBeUndefined();
    expect(v.validate({ token: 5, limit: 1 })).toBeUndefined(); // replaced by the proxy anyway
    const noExempt = ok(await compileInputSchema(schema, STRICT));
    expect(noExempt.validate({ limit: 1 })?.problem).toBe('missing');
  });

  it('runs patterns in linear time and refuses patterns RE2 cannot express', async () => {
    const v = ok(
      await compileInputSchema(
        { type: 'object', properties: { s: { type: 'string', pattern: '^(a+)+$' } } },
        STRICT,
      ),
    );
    const t0 = performance.now();
    expect(v.validate({ s: `${'a'.repeat(50_000)}!` })?.problem).toBe('constraint');
    expect(performance.now() - t0).toBeLessThan(5_000); // backtracking would not finish
    // Each pattern is its own (ajv shares compiled patterns by their string form).
    const two = ok(
      await compileInputSchema(
        {
          type: 'object',
          properties: { a: { pattern: '^a$' }, b: { pattern: '^b$' } },
        },
        STRICT,
      ),
    );
    expect(two.validate({ a: 'a', b: 'b' })).toBeUndefined();
    expect(two.validate({ a: 'a', b: 'a' })?.path).toBe('/b');
    for (const pattern of ['^(?=a)a$', '^(a)\\1$', '(?<!x)y']) {
      const c = await compileInputSchema(
        { type: 'object', properties: { s: { type: 'string', pattern } } },
        STRICT,
      );
      expect(c.ok, pattern).toBe(false);
    }
    const pp = await compileInputSchema(
      { type: 'object', patternProperties: { '^(?!x)': {} } },
      STRICT,
    );
    expect(pp.ok).toBe(false);
  });

  it('refuses remote refs, nested $id and oversized schemas', async () => {
    const remote = { type: 'object', properties: { a: { $ref: 'https://evil.example/s.json' } } };
    expect((await compileInputSchema(remote, STRICT)).ok).toBe(false);
    const nestedId = { type: 'object', properties: { a: { $id: 'urn:x:y', type: 'string' } } };
    expect((await compileInputSchema(nestedId, STRICT)).ok).toBe(false);
    let deep: Record<string, unknown> = { type: 'object' };
    for (let i = 0; i < 100; i++) deep = { type: 'object', properties: { a: deep } };
    expect((await compileInputSchema(deep, STRICT)).ok).toBe(false);
    expect((await compileInputSchema(undefined, STRICT)).ok).toBe(false);
    expect((await compileInputSchema({ type: 'object', properties: { a: 7 } }, STRICT)).ok).toBe(
      false,
    );
  });

  it('accepts two schemas with the same root $id (one shared ajv instance)', async () => {
    expect((await compileInputSchema({ $id: 'urn:a:b', type: 'object' }, STRICT)).ok).toBe(true);
    expect(
      (await compileInputSchema({ $id: 'urn:a:b', type: 'object', properties: {} }, STRICT)).ok,
    ).toBe(true);
  });

  it('never changes the arguments it validates', async () => {
    const v = ok(
      await compileInputSchema(
        { type: 'object', properties: { limit: { type: 'integer', default: 5 } } },
        STRICT,
      ),
    );
    const args = { limit: undefined as unknown };
    delete args.limit;
    v.validate(args);
    expect(args).toEqual({});
  });
});

describe('InputSchemaCache', () => {
  it('compiles a definition once and a changed definition anew', async () => {
    const cache = new InputSchemaCache();
    const a = await cache.get(structuredClone(GET_FINDINGS), STRICT);
    expect(await cache.get(structuredClone(GET_FINDINGS), STRICT)).toBe(a);
    expect(await cache.get({ ...GET_FINDINGS, required: ['limit'] }, STRICT)).not.toBe(a);
    expect(await cache.get(GET_FINDINGS, { closeObjects: false, exempt: [] })).not.toBe(a);
  });
});

describe('ecmaEscapesToRe2', () => {
  it('keeps ECMAScript escapes meaningful under RE2', async () => {
    const v = ok(
      await compileInputSchema(
        {
          type: 'object',
          properties: {
            name: { type: 'string', pattern: '^[^/\\\\\\u0000-\\u001f]+$' },
            tag: { type: 'string', pattern: '^[^\\s,]+$' },
            word: { type: 'string', pattern: '^\\S+$' },
            emoji: { type: 'string', pattern: '^\\u{1F600}$' },
          },
        },
        STRICT,
      ),
    );
    expect(v.validate({ name: 'report.json' })).toBeUndefined();
    expect(v.validate({ name: 'a\u0001b' })?.path).toBe('/name');
    expect(v.validate({ name: 'a/b' })?.path).toBe('/name');
    expect(v.validate({ tag: 'a\u00a0b' })?.path).toBe('/tag'); // JS \s includes NBSP
    expect(v.validate({ tag: 'ab' })).toBeUndefined();
    expect(v.validate({ word: 'a\u3000b' })?.path).toBe('/word');
    expect(v.validate({ emoji: '\u{1F600}' })).toBeUndefined();
    expect(ecmaEscapesToRe2('^\\u0041$')).toBe('^\\x{0041}$');
  });
});

describe('ECMA-262 escapes in advertised patterns', () => {
  it('rewrites \\uXXXX and \\u{X} to RE2 and leaves escaped backslashes alone', async () => {
    const { ecmaEscapesToRe2 } = await import('./input-schema.js');
    expect(ecmaEscapesToRe2('^[^/\\\\\\u0000-\\u001f]+$')).toBe('^[^/\\\\\\x{0000}-\\x{001f}]+$');
    expect(ecmaEscapesToRe2('\\u{1F600}')).toBe('\\x{1F600}');
    expect(ecmaEscapesToRe2('\\\\u0041')).toBe('\\\\u0041');
  });

  it("compiles the bundled server's file-name pattern and applies it", async () => {
    const c = ok(
      await compileInputSchema(
        {
          type: 'object',
          properties: { file_name: { type: 'string', pattern: '^[^/\\\\\\u0000-\\u001f]+$' } },
        },
        STRICT,
      ),
    );
    expect(c.validate({ file_name: 'report.json' })).toBeUndefined();
    expect(c.validate({ file_name: 'a\u0001b' })).toBeDefined();
    expect(c.validate({ file_name: '../x/y' })).toBeDefined();
  });
});
