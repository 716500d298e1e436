/**
 * Bytes → text. Government files come as UTF-8 (with or without BOM), Shift_JIS/CP932
 * or occasionally UTF-16; we detect which, and refuse binary or undecodable input with
 * a message instead of producing mojibake.
 */
import { createHash } from 'node:crypto';
import type { DecodedText } from './types.ts';

/** A review sheet or evaluation is well under 1 MB of text; anything this large is not one. */
export const MAX_SOURCE_BYTES = 20 * 1024 * 1024;

export class DecodeError extends Error {
  readonly line: number | null;
  constructor(message: string, line: number | null = null) {
    super(message);
    this.line = line;
  }
}

export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function splitLines(text: string): string[] {
  const lines = text.split(/\r\n|\n|\r/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function strictDecode(bytes: Uint8Array, label: string): string | null {
  try {
    return new TextDecoder(label, { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return null;
  }
}

/** Line number (1-based) of a byte offset, for error messages. */
function lineOfOffset(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < bytes.length; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

/** First offset where UTF-8 decoding fails, or -1. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    let n = 0;
    if (b < 0x80) n = 0;
    else if (b >= 0xc2 && b <= 0xdf) n = 1;
    else if (b >= 0xe0 && b <= 0xef) n = 2;
    else if (b >= 0xf0 && b <= 0xf4) n = 3;
    else return i;
    for (let k = 1; k <= n; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
    }
    i += n + 1;
  }
  return -1;
}

/**
 * UTF-16 without a BOM: ASCII and CJK text puts a NUL in every other byte of one parity.
 * Returns the byte order, or null when the bytes don't look like UTF-16 at all.
 */
function sniffUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  if (bytes.length < 4 || bytes.length % 2 !== 0) return null;
  const n = Math.min(bytes.length, 8192);
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i++) {
    if (bytes[i] !== 0) continue;
    if (i % 2 === 0) evenNul++;
    else oddNul++;
  }
  const half = n / 2;
  if (oddNul > half * 0.3 && evenNul < half * 0.02) return 'utf-16le';
  if (evenNul > half * 0.3 && oddNul < half * 0.02) return 'utf-16be';
  return null;
}

/**
 * Shift_JIS decodes almost any byte soup without error (half-width katakana cover 0xA1–0xDF),
 * so a clean decode alone is no evidence. Real Japanese documents are mostly kanji, kana and
 * ASCII; a text heavy in half-width katakana or private-use characters is noise.
 */
function plausibleJapanese(text: string): boolean {
  const sample = text.slice(0, 65536);
  let halfKana = 0;
  let wide = 0;
  let odd = 0;
  for (const ch of sample) {
    const c = ch.codePointAt(0)!;
    if (c >= 0xff61 && c <= 0xff9f) halfKana++;
    else if ((c >= 0x3040 && c <= 0x30ff) || (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xff01 && c <= 0xff5e) || (c >= 0x3000 && c <= 0x303f)) wide++;
    else if ((c >= 0xe000 && c <= 0xf8ff) || (c >= 0x80 && c <= 0x9f) || c === 0xfffd) odd++;
  }
  // A few private-use characters are real (CP932 gaiji for names); many are noise.
  if (odd > Math.max(3, wide * 0.01)) return false;
  return wide > 0 && halfKana <= wide;
}

/** An incomplete multi-byte sequence at the very end: the file was cut mid-character. */
function truncatedUtf8Tail(bytes: Uint8Array): number {
  for (let back = 1; back <= 3 && back <= bytes.length; back++) {
    const b = bytes[bytes.length - back]!;
    if ((b & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc2 ? 2 : 1;
    return need > back ? back : 0;
  }
  return 0;
}

export function decodeSource(bytes: Uint8Array): DecodedText {
  if (bytes.length === 0) throw new DecodeError('空のファイルです (empty file)');
  if (bytes.length > MAX_SOURCE_BYTES) {
    throw new DecodeError(
      `ファイルが大きすぎます: ${(bytes.length / 1024 / 1024).toFixed(1)} MB (上限 ${MAX_SOURCE_BYTES / 1024 / 1024} MB; file too large for a review sheet or evaluation)`,
    );
  }
  const warnings: Array<{ message: string; line: number | null }> = [];
  let text: string | null = null;
  let encoding = '';
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    encoding = 'utf-8-bom';
    let body = bytes.subarray(3);
    const cut = truncatedUtf8Tail(body);
    if (cut > 0 && firstInvalidUtf8(body) === body.length - cut) {
      warnings.push({ message: `ファイルが文字の途中で終わっています: 最後の ${cut} バイトを捨てました (truncated in the middle of a UTF-8 character)`, line: lineOfOffset(bytes, bytes.length) });
      body = body.subarray(0, body.length - cut);
    }
    text = strictDecode(body, 'utf-8');
    if (text === null) {
      const at = firstInvalidUtf8(body) + 3;
      throw new DecodeError(`UTF-8 として読めないバイト列があります (invalid UTF-8 at byte ${at})`, lineOfOffset(bytes, at));
    }
  } else if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    encoding = bytes[0] === 0xff ? 'utf-16le' : 'utf-16be';
    text = strictDecode(bytes.subarray(2), encoding);
    if (text === null) throw new DecodeError(`${encoding} として読めません (undecodable ${encoding})`);
  } else {
    const utf16 = sniffUtf16(bytes);
    if (utf16) {
      text = strictDecode(bytes, utf16);
      encoding = utf16;
      if (text === null) throw new DecodeError(`BOMのない ${utf16} のようですが読めません (undecodable ${utf16} without BOM)`);
      warnings.push({ message: `BOM のない ${utf16} として読みました (UTF-16 without byte order mark)`, line: null });
    } else {
      let body = bytes;
      const cut = truncatedUtf8Tail(bytes);
      if (cut > 0 && firstInvalidUtf8(bytes) === bytes.length - cut) {
        warnings.push({ message: `ファイルが文字の途中で終わっています: 最後の ${cut} バイトを捨てました (truncated in the middle of a UTF-8 character)`, line: lineOfOffset(bytes, bytes.length) });
        body = bytes.subarray(0, bytes.length - cut);
      }
      text = strictDecode(body, 'utf-8');
      encoding = 'utf-8';
      if (text === null) {
        // Not UTF-8: try Shift_JIS (CP932). Accept only if it decodes cleanly into plausible Japanese.
        warnings.length = 0;
        const sjis = strictDecode(bytes, 'shift_jis');
        const at = firstInvalidUtf8(bytes);
        if (sjis === null || !plausibleJapanese(sjis)) {
          throw new DecodeError(
            `文字コードを判定できません: UTF-8 でも Shift_JIS でもありません (undecodable bytes at byte ${at})`,
            lineOfOffset(bytes, at),
          );
        }
        text = sjis;
        encoding = 'shift_jis';
      }
    }
  }
  // Binary files: NUL bytes or a high share of control characters are not text.
  const nul = text.indexOf('\u0000');
  if (nul >= 0) {
    throw new DecodeError('バイナリファイルです: NUL 文字を含みます (binary file: contains NUL bytes)', text.slice(0, nul).split('\n').length);
  }
  const sample = text.slice(0, 65536);
  let control = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c) control++;
  }
  if (sample.length > 0 && control / sample.length > 0.01) {
    throw new DecodeError(`バイナリファイルです: 制御文字が多すぎます (binary file: ${control} control characters)`);
  }
  if (text.trim() === '') throw new DecodeError('空白のみのファイルです (file contains only whitespace)');
  const lines = splitLines(text);
  return { text, lines, encoding, sha256: sha256Hex(bytes), textSha256: sha256Hex(lines.join('\n')), warnings };
}
