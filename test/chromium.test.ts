/** The tar reader that unpacks the npm Chromium's libraries (scripts/lib/chromium.ts), on the package's real archive and on hand-made ones. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { untar } from '../scripts/lib/chromium.ts';

/** One ustar header block for `name` holding `data`, checksum and all. */
function tarEntry(name: string, text: string, flag = '0'): Buffer {
  const data = Buffer.from(text);
  const h = Buffer.alloc(512);
  h.write(name, 0);
  h.write('0000644\0', 100);
  h.write(`${data.length.toString(8).padStart(11, '0')}\0`, 124);
  h.write(flag, 156);
  h.write('ustar\0', 257);
  h.write('        ', 148);
  h.write(`${[...h].reduce((a, b) => a + b, 0).toString(8).padStart(6, '0')}\0 `, 148);
  const body = Buffer.alloc(Math.ceil(data.length / 512) * 512);
  data.copy(body);
  return Buffer.concat([h, body]);
}
const tar = (...entries: Buffer[]) => new Uint8Array(Buffer.concat([...entries, Buffer.alloc(1024)]));

describe('untar', () => {
  it("lists the npm Chromium's libraries with their exact sizes", () => {
    const entry = createRequire(import.meta.url).resolve('@sparticuz/chromium');
    const bin = join(entry.slice(0, entry.indexOf('/@sparticuz/chromium/') + '/@sparticuz/chromium'.length), 'bin');
    const files = untar(brotliDecompressSync(readFileSync(join(bin, 'al2023.tar.br'))));
    const nss = files.find((f) => f.path === 'lib/libnss3.so')!;
    expect(nss.type).toBe('file');
    expect(nss.data.length).toBeGreaterThan(1_000_000);
    expect([...nss.data.subarray(0, 4)]).toEqual([0x7f, 0x45, 0x4c, 0x46]); // an ELF file
    expect(files.map((f) => f.path)).toEqual(expect.arrayContaining(['lib/libnspr4.so', 'lib/libnssutil3.so', 'lib/libexpat.so.1']));
  });

  it('reads files and folders, content exact past a 512-byte block', () => {
    const long = 'あ'.repeat(300); // 900 bytes: two blocks
    const e = untar(tar(tarEntry('fonts/', '', '5'), tarEntry('fonts/a.conf', long)));
    expect(e.map((x) => [x.path, x.type, x.mode])).toEqual([['fonts', 'dir', 0o644], ['fonts/a.conf', 'file', 0o644]]);
    expect(new TextDecoder().decode(e[1]!.data)).toBe(long);
  });

  it('refuses an entry that would leave the target folder, and links', () => {
    expect(() => untar(tar(tarEntry('../evil.so', 'x')))).toThrow(/outside the target folder: \.\.\/evil\.so/);
    expect(() => untar(tar(tarEntry('lib/../../evil.so', 'x')))).toThrow(/outside the target folder/);
    expect(() => untar(tar(tarEntry('/etc/passwd', 'x')))).toThrow(/outside the target folder/);
    expect(() => untar(tar(tarEntry('lib/link.so', '', '2')))).toThrow(/unsupported type '2'/);
  });
});
