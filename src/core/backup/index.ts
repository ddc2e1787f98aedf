import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { type Database, type Engine, quoteIdent } from '../db/index.js';
import { type Catalog, type MigrationRef, qualified, readCatalog, readMigrations } from './catalog.js';
import { readGzipLines, TruncatedError } from './lines.js';
import { type CopySink, inTransaction, type Session } from './session.js';

export type { MigrationRef } from './catalog.js';

/**
 * `tnmt backup` / `tnmt restore`: every table of the `public` schema and every stored file, in one gzip-compressed
 * file of JSON lines that restores into either engine. Format and guarantees: README.md in this folder.
 */

export const BACKUP_FORMAT = 'tnmt-backup';
export const BACKUP_VERSION = 1;

/** A backup or restore that could not be done; the message is one line, fit for `error: …`. */
export class BackupError extends Error {}

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  version: typeof BACKUP_VERSION;
  /** ISO instant the snapshot was taken */
  createdAt: string;
  /** the engine the backup was made on (informational: a backup restores into either) */
  engine: Engine;
  /** migrations applied to the source database */
  migrations: MigrationRef[];
  /** rows per table, in the order the tables follow (for progress; the end line is authoritative) */
  tables: Record<string, number>;
  /** stored files listed in `stored_files` (for progress) */
  files: number;
}

export interface SkippedFile {
  sha256: string;
  /** missing: not in the file store; corrupt: its bytes do not hash to its name; invalid: not a SHA-256 name */
  reason: 'missing' | 'corrupt' | 'invalid';
}

export interface BackupEnd {
  end: true;
  /** rows written per table */
  tables: Record<string, number>;
  /** sequence lines written */
  sequences: number;
  /** file lines written */
  files: number;
  /** stored_files rows whose bytes could not be backed up */
  skippedFiles: SkippedFile[];
}

export interface BackupProgress {
  phase: 'rows' | 'files';
  /** the table being read or loaded (rows phase) */
  table?: string;
  /** rows and files done so far, and in all */
  done: number;
  total: number;
}

export interface BackupSummary {
  path: string;
  /** size of the backup file */
  bytes: number;
  tables: Record<string, number>;
  rows: number;
  files: number;
  skippedFiles: SkippedFile[];
  ms: number;
}

export interface RestoreSummary {
  header: BackupHeader;
  tables: Record<string, number>;
  rows: number;
  /** files in the backup */
  files: number;
  /** of which written to the file store, and already there with the same content */
  filesWritten: number;
  filesPresent: number;
  ms: number;
}

const SHA256_RE = /^[0-9a-f]{64}$/;
/** rows per FETCH from the backup cursor */
const FETCH_ROWS = 500;
/** batch size (characters) of lines handed to gzip, and of COPY data handed to the database */
const BATCH_CHARS = 64 * 1024;
/** progress is reported every this many rows */
const PROGRESS_ROWS = 1000;

type ProgressFn = (p: BackupProgress) => void;

/**
 * Write a backup of `database` and the file store in `filesDir` to `outPath` (through `<outPath>.partial`, renamed
 * when complete and flushed, so `outPath` is never a partial file; an existing `outPath` is replaced). The tables
 * are read in one REPEATABLE READ READ ONLY transaction, a consistent snapshot even while the system runs on
 * PostgreSQL. Stored files whose bytes are missing or damaged are left out and listed in the summary.
 */
export async function createBackup(
  database: Database,
  filesDir: string,
  outPath: string,
  onProgress?: ProgressFn,
): Promise<BackupSummary> {
  const started = performance.now();
  const partial = `${outPath}.partial`;
  const state = { where: '' };
  try {
    const result = await inTransaction(database, 'snapshot', async (s) => {
      state.where = 'catalog';
      const catalog = await readCatalog(s);
      const migrations = await readMigrations(s);
      const counts: Record<string, number> = {};
      for (const t of catalog.tables) {
        const [r] = await s.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${qualified(t)}`);
        counts[t] = Number(r?.n ?? 0);
      }
      const storedFiles = catalog.columns.has('stored_files')
        ? await s.query<{ sha256: string }>(`SELECT sha256 FROM public.stored_files ORDER BY sha256`)
        : [];
      const header: BackupHeader = {
        format: BACKUP_FORMAT,
        version: BACKUP_VERSION,
        createdAt: new Date().toISOString(),
        engine: database.engine,
        migrations,
        tables: counts,
        files: storedFiles.length,
      };
      const end: BackupEnd = { end: true, tables: {}, sequences: 0, files: 0, skippedFiles: [] };
      const total = Object.values(counts).reduce((a, b) => a + b, 0) + storedFiles.length;
      let done = 0;

      async function* lines(): AsyncGenerator<string> {
        yield `${JSON.stringify(header)}\n`;
        for (const table of catalog.tables) {
          state.where = `table ${table}`;
          const columns = catalog.columns.get(table)!;
          yield `${JSON.stringify({ table, columns })}\n`;
          onProgress?.({ phase: 'rows', table, done, total });
          const pk = catalog.primaryKey.get(table) ?? [];
          const select = columns.map((c, i) => `${quoteIdent(c)}::text AS c${i}`).join(', ');
          const orderBy = pk.length ? ` ORDER BY ${pk.map(quoteIdent).join(', ')}` : '';
          await s.query(`DECLARE tnmt_backup NO SCROLL CURSOR FOR SELECT ${select} FROM ${qualified(table)}${orderBy}`);
          let rows = 0;
          let batch = '';
          for (;;) {
            const fetched = await s.query<Record<string, string | null>>(`FETCH ${FETCH_ROWS} FROM tnmt_backup`);
            if (fetched.length === 0) break;
            for (const r of fetched) batch += `${JSON.stringify(columns.map((_, i) => r[`c${i}`] ?? null))}\n`;
            rows += fetched.length;
            done += fetched.length;
            if (batch.length >= BATCH_CHARS) {
              yield batch;
              batch = '';
            }
            onProgress?.({ phase: 'rows', table, done, total });
          }
          if (batch) yield batch;
          await s.query('CLOSE tnmt_backup');
          end.tables[table] = rows;
        }
        state.where = 'sequences';
        for (const name of catalog.freeSequences) {
          const [r] = await s.query<{ value: string; called: boolean }>(
            `SELECT last_value::text AS value, is_called AS called FROM ${qualified(name)}`,
          );
          yield `${JSON.stringify({ sequence: name, value: r?.value ?? null, isCalled: r?.called ?? false })}\n`;
          end.sequences++;
        }
        for (const { sha256 } of storedFiles) {
          state.where = `file ${sha256}`;
          const data = await readStoredFile(filesDir, sha256);
          if (typeof data === 'string') end.skippedFiles.push({ sha256, reason: data });
          else {
            yield `${JSON.stringify({ file: sha256, size: data.length, data: data.toString('base64') })}\n`;
            end.files++;
          }
          done++;
          onProgress?.({ phase: 'files', done, total });
        }
        yield `${JSON.stringify(end)}\n`;
      }

      state.where = 'writing';
      await pipeline(Readable.from(lines()), createGzip(), createWriteStream(partial));
      return end;
    });
    const handle = await open(partial, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(partial, outPath);
    const bytes = (await stat(outPath)).size;
    return {
      path: outPath,
      bytes,
      tables: result.tables,
      rows: Object.values(result.tables).reduce((a, b) => a + b, 0),
      files: result.files,
      skippedFiles: result.skippedFiles,
      ms: performance.now() - started,
    };
  } catch (e) {
    await rm(partial, { force: true });
    throw asBackupError(e, 'backup', state.where);
  }
}

/**
 * Replace every table of `database` and add the backed-up files to the file store in `filesDir`. `database` must
 * already be migrated (the CLI's openDb does it). Checks the header (format, version, no migration this database
 * does not know) before changing anything; then in ONE transaction: TRUNCATE every table (RESTART IDENTITY
 * CASCADE), COPY each table's rows, reset every serial/identity sequence to max(id). The end line's counts are
 * checked before COMMIT, so a cut or damaged file changes nothing. Files are verified against their SHA-256,
 * staged in the store folder during the transaction and moved into place (rename) after it commits.
 */
export async function restoreBackup(
  database: Database,
  filesDir: string,
  inPath: string,
  onProgress?: ProgressFn,
): Promise<RestoreSummary> {
  const started = performance.now();
  const lines = readGzipLines(inPath);
  const staging = join(filesDir, `.restore-${randomBytes(6).toString('hex')}`);
  const state = { where: 'header' };
  try {
    const header = parseHeader(await firstLine(lines));
    await checkMigrations(database, header);
    const target = await readCatalog(database);
    for (const t of Object.keys(header.tables)) {
      if (!target.columns.has(t)) throw new BackupError(`table ${t} of the backup does not exist in this database`);
    }
    const outOfOrder = tablesOutOfOrder(target, header);
    const total = Object.values(header.tables).reduce((a, b) => a + b, 0) + header.files;

    const outcome = await inTransaction(database, 'write', async (s) => {
      state.where = 'preparing';
      if (outOfOrder.length) {
        try {
          await s.query(`SET LOCAL session_replication_role = replica`);
        } catch (e) {
          const cycle = [...target.cyclic].filter((t) => t in header.tables);
          const what = cycle.length
            ? `the foreign keys of tables ${cycle.join(', ')} form a cycle, so no load order satisfies them`
            : `tables ${outOfOrder.join(', ')} come before tables they reference`;
          throw new BackupError(`${what}; restoring them needs a PostgreSQL superuser (${oneLine(e)})`);
        }
      }
      await s.query('SET CONSTRAINTS ALL DEFERRED');
      // user triggers must not fire while rows are copied back (they did their work when the rows were first written)
      for (const t of target.triggers) await s.query(`ALTER TABLE ${qualified(t.table)} DISABLE TRIGGER ${quoteIdent(t.name)}`);
      if (target.tables.length) await s.query(`TRUNCATE ${target.tables.map(qualified).join(', ')} RESTART IDENTITY CASCADE`);

      const loaded: Record<string, number> = {};
      let current: TableLoad | undefined;
      let end: BackupEnd | undefined;
      let sequences = 0;
      let files = 0;
      let filesPresent = 0;
      const staged: string[] = [];
      let done = 0;
      let lineNo = 1;
      const finishTable = async () => {
        if (!current) return;
        await current.finish();
        loaded[current.table] = current.rows;
        current = undefined;
      };

      for await (const line of lines) {
        lineNo++;
        if (end) throw new BackupError(`backup file is damaged: data after the end line (line ${lineNo})`);
        const entry = parseLine(line, lineNo);
        if (Array.isArray(entry)) {
          if (!current) throw new BackupError(`backup file is damaged: a row outside a table (line ${lineNo})`);
          await current.add(entry, lineNo);
          done++;
          if (done % PROGRESS_ROWS === 0) onProgress?.({ phase: 'rows', table: current.table, done, total });
          continue;
        }
        await finishTable();
        if (typeof entry.table === 'string') {
          state.where = `table ${entry.table}`;
          current = startTable(s, target, entry, loaded, outOfOrder.length > 0, lineNo);
          onProgress?.({ phase: 'rows', table: current.table, done, total });
        } else if (typeof entry.sequence === 'string') {
          state.where = `sequence ${entry.sequence}`;
          const value = entry.value;
          if (target.freeSequences.includes(entry.sequence) && (typeof value === 'string' || typeof value === 'number')) {
            await s.query(`SELECT setval($1::regclass, $2::bigint, $3::boolean)`, [
              qualified(entry.sequence),
              String(value),
              entry.isCalled === true,
            ]);
          }
          sequences++;
        } else if (typeof entry.file === 'string') {
          state.where = `file ${entry.file}`;
          const present = await restoreFile(filesDir, staging, entry, lineNo);
          if (present) filesPresent++;
          else staged.push(entry.file);
          files++;
          done++;
          onProgress?.({ phase: 'files', done, total });
        } else if (entry.end === true) {
          end = entry as unknown as BackupEnd;
        } else {
          throw new BackupError(`backup file is damaged: unknown entry on line ${lineNo}`);
        }
      }
      await finishTable();
      state.where = 'checking';
      if (!end) throw new BackupError('backup file is truncated: the end line is missing; the database was not changed');
      checkEnd(end, loaded, sequences, files);

      state.where = 'finishing';
      for (const t of target.triggers) {
        const mode = t.enabled === 'R' ? 'REPLICA ' : t.enabled === 'A' ? 'ALWAYS ' : '';
        await s.query(`ALTER TABLE ${qualified(t.table)} ENABLE ${mode}TRIGGER ${quoteIdent(t.name)}`);
      }
      for (const q of target.ownedSequences) {
        await s.query(
          `SELECT setval($1::regclass, m) FROM (SELECT max(${quoteIdent(q.column)}) AS m FROM ${qualified(q.table)}) x WHERE m IS NOT NULL`,
          [q.sequence],
        );
      }
      return { loaded, files, filesPresent, staged };
    });

    state.where = 'file store';
    for (const sha256 of outcome.staged) {
      const final = storePath(filesDir, sha256);
      await mkdir(dirname(final), { recursive: true });
      await rename(join(staging, sha256), final);
    }
    return {
      header,
      tables: outcome.loaded,
      rows: Object.values(outcome.loaded).reduce((a, b) => a + b, 0),
      files: outcome.files,
      filesWritten: outcome.staged.length,
      filesPresent: outcome.filesPresent,
      ms: performance.now() - started,
    };
  } catch (e) {
    throw asBackupError(e, 'restore', state.where);
  } finally {
    await lines.return(undefined);
    await rm(staging, { recursive: true, force: true });
  }
}

/** The header of a backup file, checked (format, version); BackupError when it is not a tnmt backup. */
export async function readBackupHeader(path: string): Promise<BackupHeader> {
  const lines = readGzipLines(path);
  try {
    return parseHeader(await firstLine(lines));
  } catch (e) {
    throw asBackupError(e, 'restore', 'header');
  } finally {
    await lines.return(undefined);
  }
}

// ——— backup helpers ———

function storePath(filesDir: string, sha256: string): string {
  return join(filesDir, sha256.slice(0, 2), sha256);
}

function sha256Of(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The bytes of a stored file, verified, or why they cannot be backed up. */
async function readStoredFile(filesDir: string, sha256: string): Promise<Buffer | SkippedFile['reason']> {
  if (!SHA256_RE.test(sha256)) return 'invalid';
  let data: Buffer;
  try {
    data = await readFile(storePath(filesDir, sha256));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw e;
  }
  return sha256Of(data) === sha256 ? data : 'corrupt';
}

// ——— restore helpers ———

async function firstLine(lines: AsyncGenerator<string>): Promise<string> {
  const r = await lines.next();
  if (r.done) throw new BackupError('not a tnmt backup: the file is empty');
  return r.value;
}

function parseHeader(line: string): BackupHeader {
  let v: Record<string, unknown>;
  try {
    v = JSON.parse(line);
  } catch {
    throw new BackupError('not a tnmt backup: the first line is not a tnmt-backup header');
  }
  if (!v || typeof v !== 'object' || v.format !== BACKUP_FORMAT) {
    throw new BackupError('not a tnmt backup: the first line is not a tnmt-backup header');
  }
  if (v.version !== BACKUP_VERSION) {
    throw new BackupError(`unsupported tnmt-backup version ${JSON.stringify(v.version)}: this tnmt reads version ${BACKUP_VERSION}`);
  }
  const migrations = v.migrations;
  const tables = v.tables;
  if (
    !Array.isArray(migrations) ||
    !migrations.every((m) => m && typeof m.hash === 'string' && typeof m.when === 'number') ||
    !tables ||
    typeof tables !== 'object' ||
    !Object.values(tables).every((n) => Number.isInteger(n)) ||
    !Number.isInteger(v.files)
  ) {
    throw new BackupError('backup file is damaged: the header is incomplete');
  }
  return v as unknown as BackupHeader;
}

/** A backup may come from the same or an older schema; a migration this database lacks means a newer tnmt made it. */
async function checkMigrations(database: Database, header: BackupHeader): Promise<void> {
  const known = new Set((await readMigrations(database)).map((m) => m.when));
  const unknown = header.migrations.filter((m) => !known.has(m.when));
  if (unknown.length) {
    const names = unknown.map((m) => m.tag ?? `${m.hash.slice(0, 12)}…`).join(', ');
    throw new BackupError(
      `the backup was made by a newer version of tnmt: migration ${names} is unknown here; upgrade tnmt, then restore`,
    );
  }
}

/** Tables (with rows) that would be loaded before a table (with rows) their foreign keys point to. */
function tablesOutOfOrder(target: Catalog, header: BackupHeader): string[] {
  const order = Object.keys(header.tables);
  const pos = new Map(order.map((t, i) => [t, i]));
  const rows = (t: string) => header.tables[t] ?? 0;
  return order.filter(
    (t) => rows(t) > 0 && [...(target.parents.get(t) ?? [])].some((p) => rows(p) > 0 && (pos.get(p) ?? -1) > pos.get(t)!),
  );
}

type Entry = Record<string, unknown> | unknown[];

function parseLine(line: string, lineNo: number): Entry {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    throw new BackupError(`backup file is damaged: line ${lineNo} is not JSON`);
  }
  if (!v || typeof v !== 'object') throw new BackupError(`backup file is damaged: unknown entry on line ${lineNo}`);
  return v as Entry;
}

function startTable(
  s: Session,
  target: Catalog,
  entry: Record<string, unknown>,
  loaded: Record<string, number>,
  ordered: boolean,
  lineNo: number,
): TableLoad {
  const table = entry.table as string;
  const targetColumns = target.columns.get(table);
  if (!targetColumns) throw new BackupError(`table ${table} of the backup does not exist in this database`);
  if (table in loaded) throw new BackupError(`backup file is damaged: table ${table} appears twice (line ${lineNo})`);
  const columns = entry.columns;
  if (!Array.isArray(columns) || columns.length === 0 || !columns.every((c) => typeof c === 'string')) {
    throw new BackupError(`backup file is damaged: no column list for table ${table} (line ${lineNo})`);
  }
  if (new Set(columns).size !== columns.length) throw new BackupError(`backup file is damaged: table ${table} lists a column twice`);
  const missing = columns.filter((c) => !targetColumns.includes(c));
  if (missing.length) throw new BackupError(`column ${missing.join(', ')} of table ${table} in the backup does not exist in this database`);
  // Foreign keys are checked at the end of each statement: a self-referencing table goes in one COPY.
  const splittable = ordered || !target.selfReferencing.has(table);
  return new TableLoad(s, table, columns as string[], splittable);
}

/** Rows of one table on their way into COPY (text format: tab-separated, \N for null, backslash escapes). */
class TableLoad {
  rows = 0;
  private buffer = '';
  private sink?: CopySink;

  constructor(
    private readonly s: Session,
    readonly table: string,
    private readonly columns: string[],
    private readonly splittable: boolean,
  ) {}

  async add(values: unknown[], lineNo: number): Promise<void> {
    if (values.length !== this.columns.length) {
      throw new BackupError(
        `backup file is damaged: line ${lineNo} has ${values.length} values for the ${this.columns.length} columns of ${this.table}`,
      );
    }
    let line = '';
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (i > 0) line += '\t';
      if (v === null) line += '\\N';
      else if (typeof v === 'string') line += copyEscape(v);
      else throw new BackupError(`backup file is damaged: line ${lineNo} has a value that is not text`);
    }
    this.buffer += `${line}\n`;
    this.rows++;
    if (this.buffer.length >= BATCH_CHARS) await this.flush();
  }

  async finish(): Promise<void> {
    await this.flush();
    await this.sink?.end();
  }

  private async flush(): Promise<void> {
    if (!this.buffer) return;
    this.sink ??= this.s.copyIn(this.table, this.columns, this.splittable);
    const text = this.buffer;
    this.buffer = '';
    await this.sink.write(text);
  }
}

const COPY_SPECIAL = /[\\\t\n\r]/;
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

function copyEscape(s: string): string {
  return COPY_SPECIAL.test(s) ? s.replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPES[c]!) : s;
}

/** Verify a file line; true when the store already holds it, else it is written to the staging folder. */
async function restoreFile(filesDir: string, staging: string, entry: Record<string, unknown>, lineNo: number): Promise<boolean> {
  const sha256 = entry.file as string;
  if (!SHA256_RE.test(sha256) || typeof entry.data !== 'string' || typeof entry.size !== 'number') {
    throw new BackupError(`backup file is damaged: bad file entry on line ${lineNo}`);
  }
  const data = Buffer.from(entry.data, 'base64');
  if (data.length !== entry.size || sha256Of(data) !== sha256) {
    throw new BackupError(`backup file is damaged: the content of file ${sha256} does not match its SHA-256`);
  }
  if (await hasContent(storePath(filesDir, sha256), sha256)) return true;
  await mkdir(staging, { recursive: true });
  const handle = await open(join(staging, sha256), 'wx', 0o644);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  return false;
}

async function hasContent(path: string, sha256: string): Promise<boolean> {
  const hash = createHash('sha256');
  try {
    for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  } catch {
    return false;
  }
  return hash.digest('hex') === sha256;
}

function checkEnd(end: BackupEnd, loaded: Record<string, number>, sequences: number, files: number): void {
  const expected = end.tables && typeof end.tables === 'object' ? end.tables : {};
  for (const [t, n] of Object.entries(expected)) {
    if ((loaded[t] ?? 0) !== n || !(t in loaded)) {
      throw new BackupError(`backup file is damaged: table ${t} has ${loaded[t] ?? 0} rows, the end line says ${n}`);
    }
  }
  for (const t of Object.keys(loaded)) {
    if (!(t in expected)) throw new BackupError(`backup file is damaged: table ${t} is missing from the end line`);
  }
  if (end.files !== files) throw new BackupError(`backup file is damaged: ${files} files, the end line says ${end.files}`);
  if (end.sequences !== sequences) {
    throw new BackupError(`backup file is damaged: ${sequences} sequences, the end line says ${end.sequences}`);
  }
}

// ——— errors ———

function oneLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).replace(/\s+/g, ' ').trim();
}

function asBackupError(e: unknown, op: 'backup' | 'restore', where: string): BackupError {
  if (e instanceof BackupError) return new BackupError(oneLine(e), { cause: e });
  if (e instanceof TruncatedError) {
    return new BackupError('backup file is truncated: its last line is cut; the database was not changed', { cause: e });
  }
  const code = (e as NodeJS.ErrnoException).code;
  if (op === 'restore' && code === 'Z_BUF_ERROR') {
    return new BackupError('backup file is truncated: the compressed data ends early; the database was not changed', { cause: e });
  }
  if (op === 'restore' && code === 'Z_DATA_ERROR') {
    return new BackupError(
      where === 'header'
        ? 'not a tnmt backup: the file is not gzip-compressed'
        : 'backup file is damaged: the compressed data is corrupt; the database was not changed',
      { cause: e },
    );
  }
  return new BackupError(`${op} failed${where ? ` (${where})` : ''}: ${oneLine(e)}`, { cause: e });
}
