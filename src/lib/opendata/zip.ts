/**
 * A deterministic ZIP writer (PKWARE APPNOTE 6.3: local headers, deflate, central directory,
 * ZIP64 where sizes or offsets pass 4 GiB): the same files give the same bytes, because every
 * entry carries one fixed timestamp (the snapshot's date) and entries keep the caller's order.
 * Node's zlib does the compression in its thread pool; nothing here depends on the clock.
 */
import { createHash } from 'node:crypto';
import { open, readFile } from 'node:fs/promises';
import { crc32, deflateRaw, inflateRaw } from 'node:zlib';
import { promisify } from 'node:util';

const deflate = promisify(deflateRaw);
const inflate = promisify(inflateRaw);

export interface ZipInput {
  /** Path inside the archive (forward slashes). */
  name: string;
  /** File to read it from. */
  file: string;
  /** SHA-256 (hex) of the file, when the caller knows it: lets an unchanged entry be copied without reading the file. */
  sha256?: string;
}

const U32 = 0xffffffff;
const CHUNK = 8 << 20;

/** SHA-256 (hex) of a file, read through `buf`; null when it cannot be read. */
async function fileSha256(path: string, buf: Buffer): Promise<string | null> {
  const fh = await open(path, 'r').catch(() => null);
  if (!fh) return null;
  try {
    const h = createHash('sha256');
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, buf.length, null);
      if (bytesRead === 0) break;
      h.update(buf.subarray(0, bytesRead));
    }
    return h.digest('hex');
  } finally {
    await fh.close();
  }
}

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

/** An entry of an existing archive, as its central directory gives it. */
export interface ZipEntryInfo {
  name: string;
  method: number;
  crc: number;
  size: number;
  compressedSize: number;
  /** Where its local header starts. */
  offset: number;
}

/**
 * The entries of a ZIP file (its central directory, ZIP64 included), or null when the file is
 * missing or not an archive this can read. Only what reuse needs: no comments, no encryption.
 */
export async function readZipDirectory(path: string): Promise<ZipEntryInfo[] | null> {
  const fh = await open(path, 'r').catch(() => null);
  if (!fh) return null;
  try {
    const size = (await fh.stat()).size;
    const tailLen = Math.min(size, 22 + 0xffff);
    const tail = Buffer.alloc(tailLen);
    await fh.read(tail, 0, tailLen, size - tailLen);
    const eocd = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    if (eocd < 0 || eocd + 22 > tailLen) return null;
    let count = tail.readUInt16LE(eocd + 10);
    let cdSize = tail.readUInt32LE(eocd + 12);
    let cdStart = tail.readUInt32LE(eocd + 16);
    if (cdStart === U32 || count === 0xffff || cdSize === U32) {
      // The ZIP64 end record, found through its locator just before the end record.
      const loc = eocd - 20;
      if (loc < 0 || tail.readUInt32LE(loc) !== 0x07064b50) return null;
      const z64 = Buffer.alloc(56);
      await fh.read(z64, 0, 56, Number(tail.readBigUInt64LE(loc + 8)));
      if (z64.readUInt32LE(0) !== 0x06064b50) return null;
      count = Number(z64.readBigUInt64LE(32));
      cdSize = Number(z64.readBigUInt64LE(40));
      cdStart = Number(z64.readBigUInt64LE(48));
    }
    const cd = Buffer.alloc(cdSize);
    await fh.read(cd, 0, cdSize, cdStart);
    const out: ZipEntryInfo[] = [];
    let p = 0;
    for (let i = 0; i < count; i++) {
      if (p + 46 > cd.length || cd.readUInt32LE(p) !== 0x02014b50) return null;
      const nameLen = cd.readUInt16LE(p + 28);
      const extraLen = cd.readUInt16LE(p + 30);
      const commentLen = cd.readUInt16LE(p + 32);
      const e: ZipEntryInfo = { name: cd.toString('utf8', p + 46, p + 46 + nameLen), method: cd.readUInt16LE(p + 10), crc: cd.readUInt32LE(p + 16), compressedSize: cd.readUInt32LE(p + 20), size: cd.readUInt32LE(p + 24), offset: cd.readUInt32LE(p + 42) };
      // ZIP64 extra field: the 8-byte values, in this order, of those given as 0xffffffff.
      let x = p + 46 + nameLen;
      const xEnd = x + extraLen;
      while (x + 4 <= xEnd) {
        const id = cd.readUInt16LE(x);
        const len = cd.readUInt16LE(x + 2);
        if (id === 0x0001) {
          let q = x + 4;
          for (const k of ['size', 'compressedSize', 'offset'] as const) {
            if (e[k] === U32 && q + 8 <= x + 4 + len) {
              e[k] = Number(cd.readBigUInt64LE(q));
              q += 8;
            }
          }
        }
        x += 4 + len;
      }
      out.push(e);
      p = xEnd + commentLen;
    }
    return out;
  } finally {
    await fh.close();
  }
}

export interface ZipOptions {
  /**
   * An earlier archive: an entry of the same name whose data is byte for byte the new data
   * (same CRC-32 and size, then inflated and compared) is copied compressed instead of
   * deflated again — at the decade most tables are unchanged after one sheet changes, and
   * deflate is most of the archive's time. The copy holds exactly the new data either way;
   * it is the same bytes a fresh deflate would give while zlib and the level are the same.
   */
  previous?: string | null;
  /**
   * What the earlier archive is known to hold: its own SHA-256 and the SHA-256 of each
   * entry's data (from the snapshot that published it). When the archive still hashes to
   * that, an input whose `sha256` is its entry's is copied without reading or inflating
   * anything: at the decade the check by inflating took over a minute of the one-sheet
   * rebuild, most of it garbage collection in a process holding the corpus.
   */
  previousSums?: { archive: string; entries: ReadonlyMap<string, string> } | null;
}

/** What reuse saved, for the build's log. */
export interface ZipResult {
  bytes: number;
  sha256: string;
  reused: number;
}

/**
 * Write the archive to `path`, one entry at a time (the next file is read and compressed
 * while the previous one is written), so memory holds about two files, not the corpus.
 * Returns its size and SHA-256.
 */
export async function writeZip(path: string, files: readonly ZipInput[], modified: Date, options: ZipOptions = {}): Promise<ZipResult> {
  const { time, date } = dosDateTime(modified);
  const earlier = options.previous ? await readZipDirectory(options.previous) : null;
  const earlierByName = new Map((earlier ?? []).filter((e) => e.method === 8).map((e) => [e.name, e]));
  // The earlier archive is what its snapshot published (hashed once, in chunks): then its
  // entries' data are known by their hashes.
  const chunk = Buffer.alloc(CHUNK);
  const knownEntries = options.previous && options.previousSums && earlier && (await fileSha256(options.previous, chunk)) === options.previousSums.archive ? options.previousSums.entries : null;
  // One handle on the earlier archive for every entry taken from it.
  const source = earlier ? await open(options.previous!, 'r') : null;
  let reused = 0;
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
  /** Where an entry's compressed bytes start in the earlier archive (after its local header). */
  const dataStart = async (e: ZipEntryInfo): Promise<number | null> => {
    const h = Buffer.alloc(30);
    await source!.read(h, 0, 30, e.offset);
    return h.readUInt32LE(0) === 0x04034b50 ? e.offset + 30 + h.readUInt16LE(26) + h.readUInt16LE(28) : null;
  };
  const prepare = async (f: ZipInput): Promise<{ crc: number; size: number; compressed: Buffer | { from: number; length: number } }> => {
    const known = f.sha256 !== undefined && knownEntries?.get(f.name) === f.sha256 ? earlierByName.get(f.name) : undefined;
    const start = known ? await dataStart(known) : null;
    if (known && start !== null) {
      reused++;
      return { crc: known.crc, size: known.size, compressed: { from: start, length: known.compressedSize } };
    }
    const data = await readFile(f.file);
    const crc = crc32(data) >>> 0;
    const e = earlierByName.get(f.name);
    if (e && e.crc === crc && e.size === data.length) {
      const start = await dataStart(e);
      const compressed = start === null ? null : Buffer.alloc(e.compressedSize);
      if (compressed && (await source!.read(compressed, 0, e.compressedSize, start!)).bytesRead === e.compressedSize && (await inflate(compressed).then((d) => d.equals(data), () => false))) {
        reused++;
        return { crc, size: data.length, compressed };
      }
    }
    return { crc, size: data.length, compressed: await deflate(data, { level: 6 }) };
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
      if (Buffer.isBuffer(p.compressed)) await put(h, name, extra, p.compressed);
      else {
        await put(h, name, extra);
        // Copied through one reused buffer: no allocation per entry.
        for (let done = 0; done < p.compressed.length; ) {
          const n = Math.min(chunk.length, p.compressed.length - done);
          const { bytesRead } = await source!.read(chunk, 0, n, p.compressed.from + done);
          if (bytesRead !== n) throw new Error(`${options.previous}: ended inside an entry`);
          await put(chunk.subarray(0, n));
          done += n;
        }
      }
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
    await source?.close();
  }
  return { bytes: offset, sha256: hash.digest('hex'), reused };
}
