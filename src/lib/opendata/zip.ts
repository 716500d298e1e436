/**
 * A deterministic ZIP writer (PKWARE APPNOTE 6.3: local headers, deflate, central directory,
 * ZIP64 where sizes or offsets pass 4 GiB): the same files give the same bytes, because every
 * entry carries one fixed timestamp (the snapshot's date) and entries keep the caller's order.
 * Node's zlib does the compression in its thread pool; nothing here depends on the clock.
 */
import { createHash } from 'node:crypto';
import { open, readFile } from 'node:fs/promises';
import { crc32, deflateRaw } from 'node:zlib';
import { promisify } from 'node:util';

const deflate = promisify(deflateRaw);

export interface ZipInput {
  /** Path inside the archive (forward slashes). */
  name: string;
  /** File to read it from. */
  file: string;
}

const U32 = 0xffffffff;

/** MS-DOS date and time of a Date, read in UTC (the archive says the same thing everywhere). */
export function dosDateTime(date: Date): { time: number; date: number } {
  const y = Math.max(1980, date.getUTCFullYear());
  return {
    time: (date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | Math.floor(date.getUTCSeconds() / 2),
    date: ((y - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate(),
  };
}

interface Entry {
  name: Buffer;
  crc: number;
  size: number;
  compressedSize: number;
  offset: number;
}

function zip64Extra(fields: number[]): Buffer {
  const b = Buffer.alloc(4 + fields.length * 8);
  b.writeUInt16LE(0x0001, 0);
  b.writeUInt16LE(fields.length * 8, 2);
  fields.forEach((v, i) => b.writeBigUInt64LE(BigInt(v), 4 + i * 8));
  return b;
}

/**
 * Write the archive to `path`, one entry at a time (the next file is read and compressed
 * while the previous one is written), so memory holds about two files, not the corpus.
 * Returns its size and SHA-256.
 */
export async function writeZip(path: string, files: readonly ZipInput[], modified: Date): Promise<{ bytes: number; sha256: string }> {
  const { time, date } = dosDateTime(modified);
  const fh = await open(path, 'w');
  const hash = createHash('sha256');
  let offset = 0;
  const put = async (...parts: Buffer[]) => {
    for (const b of parts) {
      hash.update(b);
      await fh.write(b);
      offset += b.length;
    }
  };
  const prepare = async (f: ZipInput) => {
    const data = await readFile(f.file);
    return { crc: crc32(data) >>> 0, size: data.length, compressed: await deflate(data, { level: 6 }) };
  };
  const entries: Entry[] = [];
  try {
    let pending = files.length > 0 ? prepare(files[0]!) : null;
    for (let i = 0; i < files.length; i++) {
      const p = await pending!;
      pending = i + 1 < files.length ? prepare(files[i + 1]!) : null;
      const name = Buffer.from(files[i]!.name, 'utf8');
      const e: Entry = { name, crc: p.crc, size: p.size, compressedSize: p.compressed.length, offset };
      const big = e.size >= U32 || e.compressedSize >= U32;
      const extra = big ? zip64Extra([e.size, e.compressedSize]) : Buffer.alloc(0);
      const h = Buffer.alloc(30);
      h.writeUInt32LE(0x04034b50, 0);
      h.writeUInt16LE(big ? 45 : 20, 4); // version needed
      h.writeUInt16LE(0x0800, 6); // UTF-8 names
      h.writeUInt16LE(8, 8); // deflate
      h.writeUInt16LE(time, 10);
      h.writeUInt16LE(date, 12);
      h.writeUInt32LE(e.crc, 14);
      h.writeUInt32LE(big ? U32 : e.compressedSize, 18);
      h.writeUInt32LE(big ? U32 : e.size, 22);
      h.writeUInt16LE(name.length, 26);
      h.writeUInt16LE(extra.length, 28);
      await put(h, name, extra, p.compressed);
      entries.push(e);
    }
    const cdStart = offset;
    for (const e of entries) {
      const big = e.size >= U32 || e.compressedSize >= U32 || e.offset >= U32;
      const extra = big ? zip64Extra([e.size, e.compressedSize, e.offset]) : Buffer.alloc(0);
      const h = Buffer.alloc(46);
      h.writeUInt32LE(0x02014b50, 0);
      h.writeUInt16LE((3 << 8) | 45, 4); // made by: Unix, 4.5
      h.writeUInt16LE(big ? 45 : 20, 6);
      h.writeUInt16LE(0x0800, 8);
      h.writeUInt16LE(8, 10);
      h.writeUInt16LE(time, 12);
      h.writeUInt16LE(date, 14);
      h.writeUInt32LE(e.crc, 16);
      h.writeUInt32LE(big ? U32 : e.compressedSize, 20);
      h.writeUInt32LE(big ? U32 : e.size, 24);
      h.writeUInt16LE(e.name.length, 28);
      h.writeUInt16LE(extra.length, 30);
      h.writeUInt32LE((0o100644 << 16) >>> 0, 38); // regular file, rw-r--r--
      h.writeUInt32LE(big ? U32 : e.offset, 42);
      await put(h, e.name, extra);
    }
    const cdEnd = offset;
    const cdSize = cdEnd - cdStart;
    if (cdStart >= U32 || entries.length >= 0xffff) {
      const z = Buffer.alloc(56);
      z.writeUInt32LE(0x06064b50, 0);
      z.writeBigUInt64LE(44n, 4);
      z.writeUInt16LE(45, 12);
      z.writeUInt16LE(45, 14);
      z.writeBigUInt64LE(BigInt(entries.length), 24);
      z.writeBigUInt64LE(BigInt(entries.length), 32);
      z.writeBigUInt64LE(BigInt(cdSize), 40);
      z.writeBigUInt64LE(BigInt(cdStart), 48);
      const loc = Buffer.alloc(20);
      loc.writeUInt32LE(0x07064b50, 0);
      loc.writeBigUInt64LE(BigInt(cdEnd), 8);
      loc.writeUInt32LE(1, 16);
      await put(z, loc);
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(Math.min(entries.length, 0xffff), 8);
    end.writeUInt16LE(Math.min(entries.length, 0xffff), 10);
    end.writeUInt32LE(Math.min(cdSize, U32), 12);
    end.writeUInt32LE(Math.min(cdStart, U32), 16);
    await put(end);
  } finally {
    await fh.close();
  }
  return { bytes: offset, sha256: hash.digest('hex') };
}
