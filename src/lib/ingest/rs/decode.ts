/**
 * Bytes → text for RS CSV tables. The official files are UTF-8 with a BOM; re-saved copies
 * (Excel in Japan) are Shift_JIS/CP932. Unlike a text document there is no size cap here:
 * the 2024 tables run to 20 MB each and are parsed row by row, not kept as pages.
 */
import { Buffer, isUtf8 } from 'node:buffer';
import { DecodeError } from '../decode.ts';

export interface DecodedTable {
  /** UTF-8 input stays bytes until the CSV reader decodes it (once, as one string). */
  input: Buffer | string;
  encoding: 'utf-8-bom' | 'utf-8' | 'shift_jis';
}

function decodeStrict(bytes: Uint8Array, label: string): string | null {
  try {
    return new TextDecoder(label, { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** Line (1-based) of the first byte that is not valid UTF-8, for the error message. */
function lineOfBadUtf8(bytes: Uint8Array): number {
  let line = 1;
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b === 0x0a) line++;
    const n = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (n < 0) return line;
    for (let k = 1; k <= n; k++) if (((bytes[i + k] ?? 0) & 0xc0) !== 0x80) return line;
    i += n + 1;
  }
  return line;
}

export function decodeTable(bytes: Uint8Array): DecodedTable {
  if (bytes.length === 0) throw new DecodeError('空のファイルです (empty file)', null);
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    const body = buf.subarray(3);
    if (!isUtf8(body)) throw new DecodeError('BOM 付き UTF-8 として読めないバイト列があります (invalid UTF-8 after a UTF-8 BOM)', lineOfBadUtf8(body));
    return { input: body, encoding: 'utf-8-bom' };
  }
  if (isUtf8(buf)) return { input: buf, encoding: 'utf-8' };
  const sjis = decodeStrict(bytes, 'shift_jis');
  if (sjis !== null) return { input: sjis, encoding: 'shift_jis' };
  throw new DecodeError('文字コードを判定できません: UTF-8 でも Shift_JIS でもありません (undecodable bytes)', lineOfBadUtf8(bytes));
}
