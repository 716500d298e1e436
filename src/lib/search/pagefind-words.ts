/**
 * The words a written Pagefind bundle holds, read back from its index chunks
 * (`index/*.pf_index`): gzip, the signature `pagefind_dcd`, then CBOR — the chunk is an
 * array whose first item lists the words, each an array whose first item is the word
 * (pagefind_web's `WordIndex`/`PackedWord`, minicbor's array encoding). Read back rather
 * than predicted from what the build gave Pagefind, so the term table built from them
 * (term-shards.ts) holds exactly what Pagefind will match, whatever Pagefind did to the
 * text. Pure: bytes in, words out.
 */
import { gunzipSync } from 'node:zlib';

const SIGNATURE = Buffer.from('pagefind_dcd');

/** A CBOR reader over one buffer: just what Pagefind's index chunks use (no floats, no tags needed). */
class Cbor {
  at: number;
  private readonly b: Buffer;
  constructor(b: Buffer, at: number) {
    this.b = b;
    this.at = at;
  }
  private head(): { major: number; n: number; indefinite: boolean } {
    const first = this.b[this.at++];
    if (first === undefined) throw new Error(`CBOR: unexpected end at byte ${this.at}`);
    const major = first >> 5;
    const info = first & 31;
    if (info < 24) return { major, n: info, indefinite: false };
    if (info === 24) return { major, n: this.b.readUInt8(this.at++), indefinite: false };
    if (info === 25) { const n = this.b.readUInt16BE(this.at); this.at += 2; return { major, n, indefinite: false }; }
    if (info === 26) { const n = this.b.readUInt32BE(this.at); this.at += 4; return { major, n, indefinite: false }; }
    if (info === 27) { const n = Number(this.b.readBigUInt64BE(this.at)); this.at += 8; return { major, n, indefinite: false }; }
    if (info === 31) return { major, n: 0, indefinite: true };
    throw new Error(`CBOR: reserved additional information ${info} at byte ${this.at - 1}`);
  }
  /** Whether the next item is the break of an indefinite container (and consumes it). */
  private isBreak(): boolean {
    if (this.b[this.at] === 0xff) { this.at++; return true; }
    return false;
  }
  /** Skips one item. */
  skip(): void {
    const { major, n, indefinite } = this.head();
    if (major === 0 || major === 1 || major === 7) return;
    if (major === 2 || major === 3) {
      if (!indefinite) { this.at += n; return; }
      while (!this.isBreak()) this.skip();
      return;
    }
    if (major === 4 || major === 5) {
      const per = major === 5 ? 2 : 1;
      if (indefinite) { while (!this.isBreak()) for (let k = 0; k < per; k++) this.skip(); return; }
      for (let i = 0; i < n * per; i++) this.skip();
      return;
    }
    if (major === 6) { this.skip(); return; }
    throw new Error(`CBOR: major type ${major} at byte ${this.at}`);
  }
  /** The length of the array that starts here (definite arrays only: Pagefind writes no other). */
  array(): number {
    const { major, n, indefinite } = this.head();
    if (major !== 4 || indefinite) throw new Error(`CBOR: expected a definite array at byte ${this.at - 1}`);
    return n;
  }
  text(): string {
    const { major, n, indefinite } = this.head();
    if (major !== 3 || indefinite) throw new Error(`CBOR: expected a definite text string at byte ${this.at - 1}`);
    const s = this.b.toString('utf8', this.at, this.at + n);
    this.at += n;
    return s;
  }
}

/** The words of one index chunk, in the chunk's order. Throws, naming the byte, on anything else. */
export function indexChunkWords(gz: Buffer): string[] {
  const b = gunzipSync(gz);
  if (!b.subarray(0, SIGNATURE.length).equals(SIGNATURE)) throw new Error('not a Pagefind index chunk (no pagefind_dcd signature)');
  const r = new Cbor(b, SIGNATURE.length);
  const fields = r.array();
  if (fields < 1) throw new Error('Pagefind index chunk without a word list');
  const n = r.array();
  const words: string[] = [];
  for (let i = 0; i < n; i++) {
    const parts = r.array();
    if (parts < 1) throw new Error(`Pagefind index chunk: word ${i} is empty`);
    words.push(r.text());
    for (let k = 1; k < parts; k++) r.skip();
  }
  return words;
}
