/**
 * A 事業名 as the same name, whatever the typing: NFKC (full/half width), lower case, no
 * spaces, brackets of one kind, one kind of dash and wave, no punctuation inside the name.
 * The lineage linker matches names with it (ingest/lineage.ts), and the project page uses it
 * to tell a real rename from a change of typing (lineage/through-time.ts): both must agree,
 * or a page would call "renamed" what the linker called "the same name".
 */
export function normalizeProjectName(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\u3000]+/g, '')
    .replace(/[（(［[｛{【〔〈《「『]/g, '(')
    .replace(/[）)］\]｝}】〕〉》」』]/g, ')')
    .replace(/[‐－―−–—]/g, '-')
    .replace(/[～〜]/g, '~')
    // Punctuation inside a name (・、，) is spelling, not identity: 「自立・分散型」 = 「自立分散型」.
    .replace(/[・･、，,。．]/g, '')
    .replace(/[“”"'’‘]/g, '');
}
