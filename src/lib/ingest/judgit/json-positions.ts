/**
 * A JSON reader that keeps what JSON.parse throws away: the line each value starts and ends
 * on (so provenance can point into the file) and the exact text of every number (so 百万円
 * amounts convert to yen by decimal arithmetic, never through a binary float: `0.05`
 * stays `0.05`, and `1e400` is a number too large rather than Infinity).
 *
 * Strict RFC 8259 syntax; an error names the line and column. Duplicate keys are kept
 * (last one wins, as JSON.parse) and listed, so the mapper can warn about them.
 */

export type JsonNode =
  | { t: 'null'; line: number; end: number }
  | { t: 'bool'; v: boolean; line: number; end: number }
  | { t: 'num'; raw: string; line: number; end: number }
  | { t: 'str'; v: string; line: number; end: number }
  | { t: 'arr'; items: JsonNode[]; line: number; end: number }
  | { t: 'obj'; entries: Map<string, JsonNode>; duplicates: string[]; line: number; end: number };

export class JsonSyntaxError extends Error {
  readonly line: number;
  readonly column: number;
  constructor(message: string, line: number, column: number) {
    super(`${message}（${line}行 ${column}列）`);
    this.line = line;
    this.column = column;
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
/** Deep nesting is not a review sheet: refuse it before the call stack does. */
const MAX_DEPTH = 64;

export function parseJsonWithPositions(text: string): JsonNode {
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const n = text.length;

  const fail = (message: string): never => {
    throw new JsonSyntaxError(message, line, i - lineStart + 1);
  };
  const ws = () => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x09 || c === 0x0d) i++;
      else if (c === 0x0a) {
        i++;
        line++;
        lineStart = i;
      } else break;
    }
  };
  const str = (): string => {
    // i is at the opening quote
    i++;
    let out = '';
    let from = i;
    for (;;) {
      if (i >= n) fail('文字列が閉じられないままファイルが終わっています (unterminated string)');
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        out += text.slice(from, i);
        i++;
        return out;
      }
      if (c < 0x20) fail('文字列の中に制御文字があります (control character in string)');
      if (c === 0x5c) {
        out += text.slice(from, i);
        const e = text[i + 1];
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e !== undefined && e in simple) {
          out += simple[e];
          i += 2;
        } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
          out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
          i += 6;
        } else fail('不正なエスケープです (bad escape)');
        from = i;
        continue;
      }
      i++;
    }
  };
  const value = (depth: number): JsonNode => {
    if (depth > MAX_DEPTH) fail(`入れ子が深すぎます（${MAX_DEPTH}段超）(nesting too deep)`);
    ws();
    if (i >= n) fail('値の途中でファイルが終わっています (unexpected end of file)');
    const start = line;
    const c = text[i];
    if (c === '{') {
      i++;
      const entries = new Map<string, JsonNode>();
      const duplicates: string[] = [];
      ws();
      if (text[i] === '}') {
        i++;
        return { t: 'obj', entries, duplicates, line: start, end: line };
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail(i >= n ? 'オブジェクトの途中でファイルが終わっています (unexpected end of file)' : 'キーの文字列がありません (expected a key)');
        const key = str();
        ws();
        if (text[i] !== ':') fail(i >= n ? 'オブジェクトの途中でファイルが終わっています (unexpected end of file)' : '「:」がありません (expected colon)');
        i++;
        const v = value(depth + 1);
        if (entries.has(key)) duplicates.push(key);
        entries.set(key, v);
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return { t: 'obj', entries, duplicates, line: start, end: line };
        }
        fail(i >= n ? 'オブジェクトの途中でファイルが終わっています (unexpected end of file)' : '「,」か「}」がありません (expected , or })');
      }
    }
    if (c === '[') {
      i++;
      const items: JsonNode[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return { t: 'arr', items, line: start, end: line };
      }
      for (;;) {
        items.push(value(depth + 1));
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return { t: 'arr', items, line: start, end: line };
        }
        fail(i >= n ? '配列の途中でファイルが終わっています (unexpected end of file)' : '「,」か「]」がありません (expected , or ])');
      }
    }
    if (c === '"') return { t: 'str', v: str(), line: start, end: start };
    if (text.startsWith('null', i)) {
      i += 4;
      return { t: 'null', line: start, end: start };
    }
    if (text.startsWith('true', i)) {
      i += 4;
      return { t: 'bool', v: true, line: start, end: start };
    }
    if (text.startsWith('false', i)) {
      i += 5;
      return { t: 'bool', v: false, line: start, end: start };
    }
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(text);
    if (m) {
      i += m[0].length;
      return { t: 'num', raw: m[0], line: start, end: start };
    }
    return fail(`値として読めない文字「${text.slice(i, i + 10)}」があります (unexpected token)`);
  };

  const root = value(0);
  ws();
  if (i < n) fail('値の後に余分な文字があります (trailing content)');
  return root;
}
