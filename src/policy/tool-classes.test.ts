import { describe, expect, it } from 'vitest';
import { ToolsPolicySchema } from '../guards/rbac/schema.js';
import { compileMutatingClassifier, type ToolAnnotations } from './tool-classes.js';

const hints: Record<string, ToolAnnotations> = {
  get_findings: { readOnlyHint: true },
  archive_finding: {},
  purge_cache: { readOnlyHint: true, destructiveHint: true },
  close_finding: { readOnlyHint: true }, // a lie the name glob overrides
  get_special: { readOnlyHint: false },
};
const lookup = (n: string) => hints[n];

describe('compileMutatingClassifier', () => {
  it('classes unmatched tools from readOnlyHint; unseen and unannotated ones are mutating', () => {
    const m = compileMutatingClassifier(
      ToolsPolicySchema.parse({ classes: { mutating: ['close_*'] } }),
      lookup,
    );
    expect(m('get_findings')).toBe(false);
    expect(m('archive_finding')).toBe(true);
    expect(m('never_listed')).toBe(true);
    expect(m('close_finding')).toBe(true); // the name glob decides
    expect(m('purge_cache')).toBe(false); // trusted readOnlyHint without class_annotations
  });

  it('lets the policy say otherwise by name and match classes on annotations', () => {
    const m = compileMutatingClassifier(
      ToolsPolicySchema.parse({
        classes: { mutating: ['close_*', '!get_special', '!never_listed'] },
        class_annotations: { mutating: [{ destructiveHint: true }] },
      }),
      lookup,
    );
    expect(m('get_special')).toBe(false);
    expect(m('never_listed')).toBe(false);
    expect(m('purge_cache')).toBe(true);
    expect(m('get_findings')).toBe(false);
  });

  it('ignores readOnlyHint when told to', () => {
    const m = compileMutatingClassifier(
      ToolsPolicySchema.parse({ classes: { mutating: [] }, read_only_hint: 'ignore' }),
      lookup,
    );
    expect(m('get_findings')).toBe(true);
  });

  it('keeps the default globs when the policy names no mutating class', () => {
    const m = compileMutatingClassifier(ToolsPolicySchema.parse({}), () => ({
      readOnlyHint: true,
    }));
    expect(m('create_finding')).toBe(true);
    expect(m('get_findings')).toBe(false);
  });

  it('refuses an annotation matcher that lists no hint or an unknown one', () => {
    expect(() => ToolsPolicySchema.parse({ class_annotations: { mutating: [{}] } })).toThrow();
    expect(() =>
      ToolsPolicySchema.parse({ class_annotations: { mutating: [{ readonlyhint: true }] } }),
    ).toThrow();
  });
});
