import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/index.js';
import { NotFoundError, ValidationError } from '../errors.js';
import { createTestDatabase } from '../testing/db.js';
import { createFileStore, type FileStore, formatSize } from './index.js';

const DOCS = ['application/pdf', 'image/jpeg', 'image/png'];

function pdf(text = 'Báo cáo tổng kết 2023'): Buffer {
  return Buffer.from(
    `%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\n% ${text}\ntrailer <</Root 1 0 R>>\n%%EOF\n`,
  );
}

function png(): Buffer {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const ihdr = Buffer.concat([
    Buffer.from([0, 0, 0, 13]),
    Buffer.from('IHDR'),
    Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0]),
    Buffer.from([0x1f, 0x15, 0xc4, 0x89]),
  ]);
  return Buffer.concat([signature, ihdr]);
}

function exe(): Buffer {
  const b = Buffer.alloc(256);
  b.write('MZ');
  return b;
}

function fieldError(e: unknown) {
  expect(e).toBeInstanceOf(ValidationError);
  const f = (e as ValidationError).fields[0]!;
  return f;
}

describe('file store', () => {
  let database: Database;
  let dir: string;
  let store: FileStore;

  beforeAll(async () => {
    database = await createTestDatabase();
    dir = mkdtempSync(join(tmpdir(), 'tnmt-files-'));
    store = createFileStore({ dir, maxBytes: 20 * 1024 * 1024 });
  });
  afterAll(async () => {
    await database?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('accepts a PDF, detected by content, and keeps it at <dir>/<2 hex>/<sha256>', async () => {
    const bytes = pdf();
    const f = await store.put(database.db, bytes, { originalName: 'bao-cao.bin', allowedTypes: DOCS });
    expect(f.mediaType).toBe('application/pdf');
    expect(f.size).toBe(bytes.length);
    expect(f.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(store.path(f.sha256)).toBe(join(dir, f.sha256.slice(0, 2), f.sha256));
    expect(readFileSync(store.path(f.sha256)).equals(bytes)).toBe(true);
    const info = await store.info(database.db, f.sha256);
    expect(info).toMatchObject({ size: bytes.length, mediaType: 'application/pdf', originalName: 'bao-cao.bin' });
  });

  it('accepts a PNG and round-trips the bytes through get and stream', async () => {
    const bytes = png();
    const f = await store.put(database.db, bytes, { originalName: 'anh.png', allowedTypes: DOCS, createdBy: null });
    expect(f.mediaType).toBe('image/png');
    expect((await store.get(f.sha256)).equals(bytes)).toBe(true);
    const chunks: Buffer[] = [];
    for await (const c of await store.stream(f.sha256)) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).equals(bytes)).toBe(true);
    expect(await store.exists(f.sha256)).toBe(true);
  });

  it('refuses an executable even when it is named .pdf', async () => {
    const e = await store
      .put(database.db, exe(), { originalName: 'hop-dong.pdf', allowedTypes: DOCS })
      .catch((x: unknown) => x);
    const f = fieldError(e);
    expect(f.field).toBe('file');
    expect(f.message).toBe('Loại tệp không được chấp nhận: application/x-msdownload; chỉ nhận PDF, JPEG, PNG');
  });

  it('refuses a file over the limit, naming the sizes in MB', async () => {
    const big = Buffer.concat([pdf(), Buffer.alloc(Math.round(25.3 * 1024 * 1024) - pdf().length, 0x20)]);
    const e = await store.put(database.db, big, { originalName: 'lon.pdf', allowedTypes: DOCS }).catch((x: unknown) => x);
    const f = fieldError(e);
    expect(f.field).toBe('file');
    expect(f.message).toBe('Tệp quá lớn: 25,3 MB; tối đa 20 MB');
    const small = await store
      .put(database.db, pdf(), { originalName: 'a.pdf', allowedTypes: DOCS, maxBytes: 100, field: 'attachment' })
      .catch((x: unknown) => x);
    expect(fieldError(small)).toEqual({ field: 'attachment', message: expect.stringMatching(/^Tệp quá lớn: .* tối đa 100 byte$/) });
    const barely = await store
      .put(database.db, Buffer.concat([pdf(), Buffer.alloc(20 * 1024 * 1024 + 5000 - pdf().length, 0x20)]), {
        originalName: 'a.pdf',
        allowedTypes: DOCS,
      })
      .catch((x: unknown) => x);
    expect(fieldError(barely).message).toBe('Tệp quá lớn: 20,005 MB; tối đa 20 MB');
  });

  it('stores the same content once: one file, one metadata row', async () => {
    const bytes = pdf('trùng lặp');
    const a = await store.put(database.db, bytes, { originalName: 'a.pdf', allowedTypes: DOCS });
    const b = await database.db.transaction((tx) =>
      store.put(tx, bytes, { originalName: 'b.pdf', allowedTypes: DOCS }),
    );
    expect(b.sha256).toBe(a.sha256);
    expect(b.originalName).toBe('b.pdf');
    const rows = await database.query<{ n: number }>(`SELECT count(*)::int AS n FROM stored_files WHERE sha256 = $1`, [
      a.sha256,
    ]);
    expect(rows[0]!.n).toBe(1);
    const folder = readdirSync(join(dir, a.sha256.slice(0, 2)));
    expect(folder.filter((n) => n.startsWith(a.sha256))).toEqual([a.sha256]);
    expect(folder.some((n) => n.endsWith('.tmp'))).toBe(false);
    expect((await store.info(database.db, a.sha256))?.originalName).toBe('a.pdf');
  });

  it('accepts CSV only when listed, and only as UTF-8 text without NUL', async () => {
    const csv = Buffer.from('mã,tên\n31510,Phường Phú Lợi\n');
    const ok = await store.put(database.db, csv, { originalName: 'don-vi.csv', allowedTypes: ['text/csv'] });
    expect(ok.mediaType).toBe('text/csv');
    const notListed = await store.put(database.db, csv, { originalName: 'x.csv', allowedTypes: DOCS }).catch((x: unknown) => x);
    expect(fieldError(notListed).message).toMatch(/^Loại tệp không được chấp nhận: văn bản/);
    const latin1 = Buffer.from([0x6d, 0xe3, 0x2c, 0x74, 0xea, 0x6e, 0x0a]);
    const bad = await store
      .put(database.db, latin1, { originalName: 'x.csv', allowedTypes: ['text/csv'] })
      .catch((x: unknown) => x);
    expect(fieldError(bad).message).toMatch(/không xác định/);
    const nul = await store
      .put(database.db, Buffer.from('a,b\0\n'), { originalName: 'x.csv', allowedTypes: ['text/csv', 'text/plain'] })
      .catch((x: unknown) => x);
    expect(nul).toBeInstanceOf(ValidationError);
    const txt = await store.put(database.db, Buffer.from('ghi chú'), {
      originalName: 'ghi-chu.txt',
      allowedTypes: ['text/csv', 'text/plain'],
    });
    expect(txt.mediaType).toBe('text/plain');
  });

  it('refuses an empty file and never resolves paths outside the store', async () => {
    const e = await store.put(database.db, Buffer.alloc(0), { originalName: 'x.pdf', allowedTypes: DOCS }).catch((x: unknown) => x);
    expect(fieldError(e).message).toMatch(/rỗng/);
    expect(() => store.path('../../etc/passwd')).toThrow(NotFoundError);
    await expect(store.get('0'.repeat(64))).rejects.toBeInstanceOf(NotFoundError);
    await expect(store.stream('../x')).rejects.toBeInstanceOf(NotFoundError);
    expect(await store.exists('../x')).toBe(false);
    expect(await store.info(database.db, 'nope')).toBeNull();
  });

  it('formats sizes the vi-VN way', () => {
    expect(formatSize(20 * 1024 * 1024)).toBe('20 MB');
    expect(formatSize(1.55 * 1024 * 1024)).toBe('1,6 MB');
    expect(formatSize(1536)).toBe('1,5 KB');
  });
});
