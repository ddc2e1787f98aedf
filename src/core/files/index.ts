import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { access, mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { eq } from 'drizzle-orm';
import { fileTypeFromBuffer } from 'file-type';
import { type Config, filesDirOf } from '../config.js';
import type { DbOrTx } from '../db/index.js';
import { NotFoundError, ValidationError } from '../errors.js';
import { storedFiles } from './schema.js';

/**
 * Content-addressed file store. Bytes live on disk at `<dir>/<first 2 hex>/<sha256>`; metadata in `stored_files`.
 * Files are immutable: storing the same content twice keeps one file and one metadata row, and nothing is removed.
 */

export interface PutOptions {
  /** name the uploader gave the file (kept as metadata, never used to decide the type) */
  originalName: string;
  /** accepted media types, e.g. ['application/pdf', 'image/jpeg', 'image/png']; 'text/csv' and 'text/plain' accept UTF-8 text */
  allowedTypes: readonly string[];
  /** overrides the store's limit for this call */
  maxBytes?: number;
  /** users.id of the uploader */
  createdBy?: number | null;
  /** form field named in validation errors; default 'file' */
  field?: string;
}

export interface StoredFile {
  sha256: string;
  size: number;
  /** detected from the content */
  mediaType: string;
  /** the name given in this call (the metadata row keeps the first name the content was stored under) */
  originalName: string;
}

export interface StoredFileInfo {
  sha256: string;
  size: number;
  mediaType: string;
  originalName: string;
  createdBy: number | null;
  createdAt: Date;
}

export interface FileStore {
  readonly dir: string;
  readonly maxBytes: number;
  /** Check size and type, write the bytes atomically (once per content) and record the metadata (once per content). */
  put(db: DbOrTx, data: Uint8Array, opts: PutOptions): Promise<StoredFile>;
  /** The bytes; NotFoundError when absent or when `sha256` is not a SHA-256 hex digest. */
  get(sha256: string): Promise<Buffer>;
  /** A read stream; NotFoundError as for get. */
  stream(sha256: string): Promise<Readable>;
  exists(sha256: string): Promise<boolean>;
  /** Absolute path of the file (it may not exist); NotFoundError for a malformed digest. */
  path(sha256: string): string;
  /** The metadata row, or null. */
  info(db: DbOrTx, sha256: string): Promise<StoredFileInfo | null>;
}

export interface FileStoreOptions {
  dir: string;
  /** default limit for put() */
  maxBytes: number;
}

const SHA256_RE = /^[0-9a-f]{64}$/;
const MB = 1024 * 1024;
const TEXT_TYPES = ['text/csv', 'text/plain'] as const;

/** Short names used in messages ("chỉ nhận PDF, JPEG, PNG"). */
const TYPE_LABELS: Record<string, string> = {
  'application/pdf': 'PDF',
  'image/jpeg': 'JPEG',
  'image/png': 'PNG',
  'image/gif': 'GIF',
  'image/webp': 'WebP',
  'image/tiff': 'TIFF',
  'application/zip': 'ZIP',
  'application/msword': 'DOC',
  'application/x-cfb': 'DOC/XLS',
  'application/vnd.ms-excel': 'XLS',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'DOCX',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'XLSX',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'PPTX',
  'application/vnd.oasis.opendocument.text': 'ODT',
  'application/vnd.oasis.opendocument.spreadsheet': 'ODS',
  'application/xml': 'XML',
  'text/csv': 'CSV',
  'text/plain': 'TXT',
};

export function createFileStore(options: FileStoreOptions): FileStore {
  const dir = resolve(options.dir);
  const defaultMax = options.maxBytes;

  function pathOf(sha256: string): string {
    if (!SHA256_RE.test(sha256)) throw new NotFoundError(`file ${sha256}`);
    return join(dir, sha256.slice(0, 2), sha256);
  }

  async function exists(sha256: string): Promise<boolean> {
    if (!SHA256_RE.test(sha256)) return false;
    try {
      await access(pathOf(sha256));
      return true;
    } catch {
      return false;
    }
  }

  return {
    dir,
    maxBytes: defaultMax,
    path: pathOf,
    exists,

    async put(db, data, opts) {
      const field = opts.field ?? 'file';
      const buffer = Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
      const limit = opts.maxBytes ?? defaultMax;
      if (buffer.length === 0) throw ValidationError.one(field, 'Tệp rỗng: không có nội dung');
      if (buffer.length > limit) {
        throw ValidationError.one(field, `Tệp quá lớn: ${formatSizeOver(buffer.length, limit)}; tối đa ${formatSize(limit)}`);
      }
      const mediaType = await detectMediaType(buffer, opts.allowedTypes, opts.originalName);
      if (!mediaType.ok) {
        throw ValidationError.one(
          field,
          `Loại tệp không được chấp nhận: ${mediaType.detected}; chỉ nhận ${describeTypes(opts.allowedTypes)}`,
        );
      }

      const sha256 = createHash('sha256').update(buffer).digest('hex');
      const target = pathOf(sha256);
      if (!(await exists(sha256))) await writeAtomically(target, buffer);

      await db
        .insert(storedFiles)
        .values({
          sha256,
          size: buffer.length,
          mediaType: mediaType.type,
          originalName: opts.originalName,
          createdBy: opts.createdBy ?? null,
        })
        .onConflictDoNothing({ target: storedFiles.sha256 });

      return { sha256, size: buffer.length, mediaType: mediaType.type, originalName: opts.originalName };
    },

    async get(sha256) {
      try {
        return await readFile(pathOf(sha256));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new NotFoundError(`file ${sha256}`);
        throw e;
      }
    },

    async stream(sha256) {
      const p = pathOf(sha256);
      if (!(await exists(sha256))) throw new NotFoundError(`file ${sha256}`);
      return createReadStream(p);
    },

    async info(db, sha256) {
      if (!SHA256_RE.test(sha256)) return null;
      const rows = await db.select().from(storedFiles).where(eq(storedFiles.sha256, sha256)).limit(1);
      const row = rows[0];
      if (!row) return null;
      return {
        sha256: row.sha256,
        size: row.size,
        mediaType: row.mediaType,
        originalName: row.originalName,
        createdBy: row.createdBy,
        createdAt: row.createdAt,
      };
    },
  };
}

/** The store configured for this installation: `filesDirOf(config)`, limit `maxUploadBytes`. */
export function fileStoreFromConfig(config: Config): FileStore {
  return createFileStore({ dir: filesDirOf(config), maxBytes: config.maxUploadBytes });
}

export type Detection = { ok: true; type: string } | { ok: false; detected: string };

/**
 * The media type of `buffer`, decided by its content. Binary formats are recognised by file-type; content it does
 * not recognise passes as 'text/csv' or 'text/plain' only when one of them is allowed and the bytes are valid UTF-8
 * without NUL (with both allowed, a name ending in .csv picks 'text/csv').
 */
export async function detectMediaType(
  buffer: Uint8Array,
  allowedTypes: readonly string[],
  originalName = '',
): Promise<Detection> {
  const found = await fileTypeFromBuffer(buffer);
  if (found) {
    return allowedTypes.includes(found.mime) ? { ok: true, type: found.mime } : { ok: false, detected: found.mime };
  }
  const texts = TEXT_TYPES.filter((t) => allowedTypes.includes(t));
  if (!isUtf8Text(buffer)) return { ok: false, detected: 'không xác định (dữ liệu nhị phân)' };
  if (texts.length === 0) return { ok: false, detected: 'văn bản (text/plain)' };
  const wantsCsv = extname(originalName).toLowerCase() === '.csv';
  const type = texts.length === 1 ? texts[0]! : wantsCsv ? 'text/csv' : 'text/plain';
  return { ok: true, type };
}

/** Valid UTF-8 and no NUL byte. */
export function isUtf8Text(buffer: Uint8Array): boolean {
  if (buffer.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(buffer);
    return true;
  } catch {
    return false;
  }
}

function describeTypes(types: readonly string[]): string {
  const labels = [...new Set(types.map((t) => TYPE_LABELS[t] ?? t))];
  return labels.join(', ');
}

/** vi-VN size for messages: "25,3 MB", "1,5 KB", "800 byte" (at most `digits` decimals). */
export function formatSize(bytes: number, digits = 1): string {
  const fmt = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: digits });
  if (bytes >= MB) return `${fmt.format(bytes / MB)} MB`;
  if (bytes >= 1024) return `${fmt.format(bytes / 1024)} KB`;
  return `${fmt.format(bytes)} byte`;
}

/** The size of a file over `limit`, with enough decimals that it never reads as equal to the limit. */
function formatSizeOver(bytes: number, limit: number): string {
  const max = formatSize(limit);
  for (let digits = 1; digits <= 3; digits++) {
    const s = formatSize(bytes, digits);
    if (s !== max) return s;
  }
  return `${new Intl.NumberFormat('vi-VN').format(bytes)} byte`;
}

/** Write to a temporary file in the target folder, flush it, then rename: readers never see a partial file. */
async function writeAtomically(target: string, data: Buffer): Promise<void> {
  const folder = resolve(target, '..');
  await mkdir(folder, { recursive: true });
  const tmp = join(folder, `.${randomBytes(8).toString('hex')}.tmp`);
  try {
    const handle = await open(tmp, 'wx', 0o644);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, target);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}
