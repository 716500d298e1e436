/**
 * Bytes → text. Government files come as UTF-8 (with or without BOM), Shift_JIS/CP932
 * or occasionally UTF-16; we detect which, and refuse binary or undecodable input with
 * a message instead of producing mojibake.
 */
import { createHash } from 'node:crypto';
import type { DecodedText } from './types.ts';

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
 * The largest text document accepted. Real review sheets and evaluations are well under 1 MB of
 * text; a bigger "document" is a wrong file (a dump, a log, a concatenation), and publishing it
 * would mean a page of tens of MB and a search index to match.
 */
export const MAX_TEXT_BYTES = 16 * 1024 * 1024;

export function decodeSource(bytes: Uint8Array): DecodedText {
  if (bytes.length === 0) throw new DecodeError('空のファイルです (empty file)');
  if (bytes.length > MAX_TEXT_BYTES) {
    const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
    throw new DecodeError(`ファイルが大きすぎます: ${mb(bytes.length)}（テキスト資料の上限は ${mb(MAX_TEXT_BYTES)}） (file too large for a text document)`);
  }
  let text: string | null = null;
  let encoding = '';
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    text = strictDecode(bytes.subarray(3), 'utf-8');
    encoding = 'utf-8-bom';
    if (text === null) {
      const at = firstInvalidUtf8(bytes.subarray(3)) + 3;
      throw new DecodeError(`UTF-8 として読めないバイト列があります (invalid UTF-8 at byte ${at})`, lineOfOffset(bytes, at));
    }
  } else if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    encoding = bytes[0] === 0xff ? 'utf-16le' : 'utf-16be';
    text = strictDecode(bytes.subarray(2), encoding);
    if (text === null) throw new DecodeError(`${encoding} として読めません (undecodable ${encoding})`);
  } else {
    text = strictDecode(bytes, 'utf-8');
    encoding = 'utf-8';
    if (text === null) {
      // Not UTF-8: try Shift_JIS (CP932). Accept only if it decodes cleanly.
      text = strictDecode(bytes, 'shift_jis');
      encoding = 'shift_jis';
      if (text === null) {
        const at = firstInvalidUtf8(bytes);
        throw new DecodeError(
          `文字コードを判定できません: UTF-8 でも Shift_JIS でもありません (undecodable bytes at byte ${at})`,
          lineOfOffset(bytes, at),
        );
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
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) control++;
  }
  if (sample.length > 0 && control / sample.length > 0.01) {
    throw new DecodeError(`バイナリファイルです: 制御文字が多すぎます (binary file: ${control} control characters)`);
  }
  if (text.trim() === '') throw new DecodeError('空白のみのファイルです (file contains only whitespace)');
  return { text, lines: splitLines(text), encoding, sha256: sha256Hex(bytes) };
}
