import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';

/** A line of the file could not be read as a whole (the gzip stream or the last line is cut short). */
export class TruncatedError extends Error {}

/**
 * The lines of a gzip-compressed file, decoded as UTF-8 one whole line at a time (lines may be many MB: a stored
 * file is one line). Split on bytes, so a multi-byte character across chunks is never cut. A last line without
 * its newline means the file was cut: every line the writer produces ends with one.
 */
export async function* readGzipLines(path: string): AsyncGenerator<string> {
  const gunzip = pipeline(createReadStream(path), createGunzip(), () => {});
  let pending: Buffer[] = [];
  for await (const chunk of gunzip as AsyncIterable<Buffer>) {
    let start = 0;
    for (let nl = chunk.indexOf(10, start); nl !== -1; nl = chunk.indexOf(10, start)) {
      const piece = chunk.subarray(start, nl);
      if (pending.length) {
        pending.push(piece);
        yield Buffer.concat(pending).toString('utf8');
        pending = [];
      } else {
        yield piece.toString('utf8');
      }
      start = nl + 1;
    }
    if (start < chunk.length) pending.push(chunk.subarray(start));
  }
  if (pending.length) throw new TruncatedError('the last line is incomplete');
}
