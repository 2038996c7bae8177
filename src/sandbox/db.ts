import type {
  DojoVersion,
  EngagementRow,
  FindingRow,
  GroupRow,
  MemberRow,
  NoteRow,
  ProductRow,
  ProductTypeRow,
  TestRow,
  TestTypeRow,
  UserRow,
} from './model.js';

/** One table: rows by id, plus the next id to hand out (ids are never reused, like Postgres). */
export class Table<T extends { id: number }> {
  readonly rows = new Map<number, T>();
  private nextId = 1;

  /** Inserts a row built from the next id. */
  insert(build: (id: number) => T): T {
    const row = build(this.nextId++);
    this.rows.set(row.id, row);
    return row;
  }

  get(id: number): T | undefined {
    return this.rows.get(id);
  }

  all(): T[] {
    return [...this.rows.values()];
  }

  delete(id: number): boolean {
    return this.rows.delete(id);
  }
}

/**
 * The whole sandbox database. A single process-wide instance; every request reads and writes it
 * synchronously, so there are no races to handle.
 */
export class SandboxDb {
  readonly users = new Table<UserRow>();
  readonly productTypes = new Table<ProductTypeRow>();
  readonly products = new Table<ProductRow>();
  readonly engagements = new Table<EngagementRow>();
  readonly tests = new Table<TestRow>();
  readonly testTypes = new Table<TestTypeRow>();
  readonly findings = new Table<FindingRow>();
  readonly notes = new Table<NoteRow>();
  readonly groups = new Table<GroupRow>();
  readonly members = new Table<MemberRow>();

  constructor(
    readonly version: DojoVersion,
    /** The clock the data set was generated against; requests use `now()`. */
    readonly now: () => Date,
  ) {}

  /** The product a finding belongs to (finding → test → engagement → product). */
  productOfFinding(f: FindingRow): ProductRow | undefined {
    const t = this.tests.get(f.test);
    return t ? this.productOfTest(t) : undefined;
  }

  productOfTest(t: TestRow): ProductRow | undefined {
    const e = this.engagements.get(t.engagement);
    return e ? this.products.get(e.product) : undefined;
  }

  /** Test type by exact name, created on first use as DefectDojo does on import (API.md §5.5). */
  testTypeByName(name: string, staticTool = false): TestTypeRow {
    const found = this.testTypes.all().find((t) => t.name === name);
    if (found) return found;
    return this.testTypes.insert((id) => ({
      id,
      name,
      static_tool: staticTool,
      dynamic_tool: !staticTool,
      active: true,
    }));
  }

  userByToken(token: string): UserRow | undefined {
    return this.users.all().find((u) => u.token === token);
  }
}
