/**
 * The labelled evaluation corpus, as the injection bench and the model trainer
 * (scripts/train-injection-model.mjs) read it: the shared files (../shared/injection/*.jsonl,
 * ../shared/defectdojo/benign-findings.jsonl), the repo's own set (test/fixtures/injection/), and
 * BIPIA attacks embedded in BIPIA's benign contexts. One split for both: FNV-1a of the row's text,
 * even = tuning half (rules and model were tuned or trained on it), odd = held-out.
 *
 * Dev tool only: the product never reads the corpus at run time.
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SHARED = process.env.DOJO_GUARD_CORPUS ?? path.resolve(REPO, '../shared');
const OWN = path.join(REPO, 'test/fixtures/injection');
/** The hand-written check set: reported on its own, never tuned on or trained on. */
const CHECK = path.join(OWN, 'check');

export interface Row {
  /** Display name of the file the row comes from. */
  file: string;
  fields: string[];
  label: 'injection' | 'benign';
  technique: string;
  lang?: string;
  vector?: string;
  heldOut: boolean;
  /** FNV-1a of the row text (the split hash). */
  hash: number;
  bytes: number;
}

/** FNV-1a 32-bit: the deterministic tune/held-out split. */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

function loadFile(file: string, name: string): Row[] {
  const rows: Row[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const o = JSON.parse(line) as Record<string, unknown>;
    const fields = ['text', 'title', 'description']
      .map((k) => o[k])
      .filter((v): v is string => typeof v === 'string' && v.length > 0);
    const key = fields.join('\n');
    const hash = fnv1a(key);
    rows.push({
      file: name,
      fields,
      label: o.label === 'injection' ? 'injection' : 'benign',
      technique:
        typeof o.technique === 'string' ? o.technique.split(':').slice(0, 2).join(':') : '-',
      lang: typeof o.lang === 'string' ? o.lang : undefined,
      vector: typeof o.vector === 'string' ? o.vector : undefined,
      heldOut: hash % 2 === 1,
      hash,
      bytes: Buffer.byteLength(key, 'utf8'),
    });
  }
  return rows;
}

/**
 * BIPIA's attacks inserted into its benign email and code contexts (as BIPIA builds its indirect
 * samples): at the start, middle or end of a context picked by hash. The split follows the attack
 * text, so an attack's embedded copy sits in the same half as the bare one.
 */
function embedBipia(rows: readonly Row[]): Row[] {
  const attacks = rows.filter((r) => r.label === 'injection');
  const contexts = rows.filter((r) => r.label === 'benign');
  if (contexts.length === 0) return [];
  return attacks.map((a) => {
    const ctx = contexts[a.hash % contexts.length]!.fields[0]!;
    const attack = a.fields[0]!;
    const where = (a.hash >>> 8) % 3;
    let text: string;
    if (where === 0) text = `${attack}\n\n${ctx}`;
    else if (where === 2) text = `${ctx}\n\n${attack}`;
    else {
      const cut = ctx.indexOf('\n', Math.floor(ctx.length / 2));
      const at = cut < 0 ? Math.floor(ctx.length / 2) : cut;
      text = `${ctx.slice(0, at)}\n${attack}\n${ctx.slice(at)}`;
    }
    return {
      ...a,
      file: 'injection/bipia.jsonl (embedded in contexts)',
      fields: [text],
      technique: 'bipia-embedded',
      vector: 'indirect',
      bytes: Buffer.byteLength(text, 'utf8'),
    };
  });
}

/** Every corpus file, in a stable order, with its rows. */
export function loadCorpus(): Array<{ name: string; rows: Row[] }> {
  const out: Array<{ name: string; rows: Row[] }> = [];
  const dir = path.join(SHARED, 'injection');
  for (const f of readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()) {
    const name = `injection/${f}`;
    const rows = loadFile(path.join(dir, f), name);
    out.push({ name, rows });
    if (f === 'bipia.jsonl') {
      const embedded = embedBipia(rows);
      out.push({ name: embedded[0]?.file ?? 'bipia (embedded)', rows: embedded });
    }
  }
  const findings = path.join(SHARED, 'defectdojo', 'benign-findings.jsonl');
  if (existsSync(findings))
    out.push({
      name: 'defectdojo/benign-findings.jsonl',
      rows: loadFile(findings, 'defectdojo/benign-findings.jsonl'),
    });
  if (existsSync(OWN)) {
    for (const f of readdirSync(OWN)
      .filter((f) => f.endsWith('.jsonl'))
      .sort()) {
      const name = `repo:test/fixtures/injection/${f}`;
      out.push({ name, rows: loadFile(path.join(OWN, f), name) });
    }
  }
  return out;
}

/**
 * Probe set name (`probe-X`) → its role, as the check set's README states it (its table's third
 * column: tuned on, fitted, **held out**, **not fitted**).
 */
export function probeRoles(): Map<string, string> {
  return new Map(
    readFileSync(path.join(CHECK, 'README.md'), 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('| probe-'))
      .map((l) => l.split('|').map((c) => c.trim()))
      .map((c) => [c[1]!, c[3]!] as const),
  );
}

/** A held-out set's role: never read, never fitted. */
export const isHeldOut = (role: string): boolean => /^(\*\*)?held out/.test(role);

/**
 * Whether a check-set file (a `loadCheckSet` name) holds a held-out probe set: its texts are
 * compared and totalled, never printed one by one or per set.
 */
export function heldOutCheckSet(): (name: string) => boolean {
  const roles = probeRoles();
  return (name) => isHeldOut(roles.get(path.basename(name, '.jsonl')) ?? '');
}
/** A not-fitted set's role: read and tuned on by the rules, kept out of the model's fitting. */
export const isNotFitted = (role: string): boolean => /^(\*\*)?not fitted/.test(role);

/**
 * The hand-written check set (test/fixtures/injection/check/): injections and hard benign texts
 * written in the spirit of the hidden evaluation sets, outside the tuning corpus (the trainer and
 * the tuning loop never see it). Every row counts as held-out. `only` picks files by name, so a
 * caller that needs some sets (the trainer's tuned ones) does not read the others.
 */
export function loadCheckSet(
  only: (file: string) => boolean = () => true,
): Array<{ name: string; rows: Row[] }> {
  if (!existsSync(CHECK)) return [];
  return readdirSync(CHECK)
    .filter((f) => f.endsWith('.jsonl') && only(f))
    .sort()
    .map((f) => {
      const name = `repo:test/fixtures/injection/check/${f}`;
      return {
        name,
        rows: loadFile(path.join(CHECK, f), name).map((r) => ({ ...r, heldOut: true })),
      };
    });
}
