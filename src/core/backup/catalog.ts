import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MIGRATIONS_FOLDER, quoteIdent } from '../db/index.js';
import type { Querier } from './session.js';

/**
 * What backup and restore read from the PostgreSQL catalog, so that tables added by future modules are included
 * without a list to maintain: every ordinary or partitioned table of the `public` schema (drizzle's bookkeeping
 * lives in the `drizzle` schema, pg-boss in `pgboss`), minus tables that belong to an extension.
 */
export interface Catalog {
  /** tables in load order: a table comes after every table its foreign keys point to (cycles aside) */
  tables: string[];
  /** insertable columns (no generated columns), in column order */
  columns: Map<string, string[]>;
  primaryKey: Map<string, string[]>;
  /** child → parents (other tables only) */
  parents: Map<string, Set<string>>;
  /** tables with a foreign key to themselves: their rows must be loaded in one statement */
  selfReferencing: Set<string>;
  /** tables on (or behind) a foreign-key cycle between different tables: no load order satisfies them */
  cyclic: Set<string>;
  /** sequences that belong to a column (serial, identity), reset to max(column) after a restore */
  ownedSequences: { table: string; column: string; sequence: string }[];
  /** other sequences of the schema (e.g. a document-number counter), whose value is backed up */
  freeSequences: string[];
  /** user (non-constraint) triggers that are not disabled, with their enabled state (O, R, A) */
  triggers: { table: string; name: string; enabled: string }[];
}

export async function readCatalog(q: Querier): Promise<Catalog> {
  const tableRows = await q.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c
      WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p') AND NOT c.relispartition
        AND NOT EXISTS (SELECT 1 FROM pg_depend d
                         WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
      ORDER BY c.relname`,
  );
  const names = tableRows.map((r) => r.name);
  const known = new Set(names);

  const columns = new Map<string, string[]>(names.map((n) => [n, []]));
  const columnRows = await q.query<{ table: string; column: string }>(
    `SELECT c.relname AS "table", a.attname AS "column"
       FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
      WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p')
        AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
      ORDER BY c.relname, a.attnum`,
  );
  for (const r of columnRows) columns.get(r.table)?.push(r.column);

  const primaryKey = new Map<string, string[]>();
  const pkRows = await q.query<{ table: string; column: string }>(
    `SELECT c.relname AS "table", a.attname AS "column"
       FROM pg_index i
       JOIN pg_class c ON c.oid = i.indrelid
       CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
       JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
      WHERE i.indisprimary AND c.relnamespace = 'public'::regnamespace
      ORDER BY c.relname, k.ord`,
  );
  for (const r of pkRows) {
    if (!known.has(r.table)) continue;
    const list = primaryKey.get(r.table) ?? [];
    list.push(r.column);
    primaryKey.set(r.table, list);
  }

  const fkRows = await q.query<{ child: string; parent: string }>(
    `SELECT ch.relname AS child, pa.relname AS parent
       FROM pg_constraint k
       JOIN pg_class ch ON ch.oid = k.conrelid
       JOIN pg_class pa ON pa.oid = k.confrelid
      WHERE k.contype = 'f' AND k.conparentid = 0
        AND ch.relnamespace = 'public'::regnamespace AND pa.relnamespace = 'public'::regnamespace`,
  );
  const order = loadOrder(names, fkRows);

  const ownedSequences = await q.query<{ table: string; column: string; sequence: string }>(
    `SELECT t.relname AS "table", a.attname AS "column", s.oid::regclass::text AS sequence
       FROM pg_class s
       JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = s.oid
                       AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
       JOIN pg_class t ON t.oid = d.refobjid
       JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
      WHERE s.relkind = 'S' AND t.relnamespace = 'public'::regnamespace
      ORDER BY t.relname, a.attname`,
  );
  const freeSequences = (
    await q.query<{ name: string }>(
      `SELECT s.relname AS name FROM pg_class s
        WHERE s.relkind = 'S' AND s.relnamespace = 'public'::regnamespace
          AND NOT EXISTS (SELECT 1 FROM pg_depend d
                           WHERE d.classid = 'pg_class'::regclass AND d.objid = s.oid AND d.deptype IN ('a', 'i', 'e'))
        ORDER BY s.relname`,
    )
  ).map((r) => r.name);

  const triggers = await q.query<{ table: string; name: string; enabled: string }>(
    `SELECT c.relname AS "table", t.tgname AS name, t.tgenabled::text AS enabled
       FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
      WHERE NOT t.tgisinternal AND t.tgenabled <> 'D' AND t.tgparentid = 0
        AND c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p')
      ORDER BY c.relname, t.tgname`,
  );

  return {
    tables: order.order,
    columns,
    primaryKey,
    parents: order.parents,
    selfReferencing: order.selfReferencing,
    cyclic: order.cyclic,
    ownedSequences: ownedSequences.filter((s) => known.has(s.table)),
    freeSequences,
    triggers: triggers.filter((t) => known.has(t.table)),
  };
}

/**
 * Topological order (parents first), ties broken by name so the order is stable. Self-references are noted, not
 * ordered; tables left when no table is free (a cycle, or tables depending on one) follow in name order.
 */
export function loadOrder(
  tables: readonly string[],
  foreignKeys: readonly { child: string; parent: string }[],
): { order: string[]; parents: Map<string, Set<string>>; selfReferencing: Set<string>; cyclic: Set<string> } {
  const known = new Set(tables);
  const parents = new Map<string, Set<string>>(tables.map((t) => [t, new Set<string>()]));
  const selfReferencing = new Set<string>();
  for (const { child, parent } of foreignKeys) {
    if (!known.has(child) || !known.has(parent)) continue;
    if (child === parent) selfReferencing.add(child);
    else parents.get(child)!.add(parent);
  }
  const sorted = [...tables].sort();
  const placed = new Set<string>();
  const order: string[] = [];
  let progress = true;
  while (progress) {
    progress = false;
    for (const t of sorted) {
      if (placed.has(t)) continue;
      if ([...parents.get(t)!].every((p) => placed.has(p))) {
        placed.add(t);
        order.push(t);
        progress = true;
        break;
      }
    }
  }
  const cyclic = new Set(sorted.filter((t) => !placed.has(t)));
  order.push(...cyclic);
  return { order, parents, selfReferencing, cyclic };
}

export interface MigrationRef {
  /** file name from drizzle/meta/_journal.json; null when this version of tnmt does not know the migration */
  tag: string | null;
  /** SHA-256 of the migration SQL, as drizzle recorded it */
  hash: string;
  /** the journal's `when` (ms), which drizzle uses to decide what is applied */
  when: number;
}

/** The migrations applied to the database, from drizzle's `drizzle.__drizzle_migrations`, named from the journal. */
export async function readMigrations(q: Querier): Promise<MigrationRef[]> {
  const [exists] = await q.query<{ ok: boolean }>(`SELECT to_regclass('drizzle.__drizzle_migrations') IS NOT NULL AS ok`);
  if (!exists?.ok) return [];
  const rows = await q.query<{ hash: string; when: string }>(
    `SELECT hash, created_at::text AS "when" FROM drizzle.__drizzle_migrations ORDER BY created_at, id`,
  );
  const tags = await journalTags();
  return rows.map((r) => ({ tag: tags.get(Number(r.when)) ?? null, hash: r.hash, when: Number(r.when) }));
}

async function journalTags(): Promise<Map<number, string>> {
  try {
    const journal = JSON.parse(await readFile(join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as {
      entries: { tag: string; when: number }[];
    };
    return new Map(journal.entries.map((e) => [e.when, e.tag]));
  } catch {
    return new Map();
  }
}

export function qualified(name: string): string {
  return `public.${quoteIdent(name)}`;
}
