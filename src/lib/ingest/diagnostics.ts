/**
 * What a parser says about one document, in one place: warnings (each with a rule id), where
 * each value was read (provenance), and which fields it looked for and did not find. Every
 * parser — table, text-flow, evaluation and RS — collects through this, so the record's
 * `warnings`, its `provenance` and the report's found/missing lists are built the same way.
 *
 * Rule ids name the check, `<layout>/<section>/<what>`: the section part is set by `section()`
 * while a section parser runs, so a warning is traceable to the code that raised it. The
 * record's warnings keep the public shape {field, message, line}; the ids are kept beside them
 * (`rules`) for the report and for tests.
 */
import type { ProvenanceEntry, Warning } from '../../schemas/index.ts';

/** 1-based first and last line (inclusive) of a value in a text source. */
export type Span = [number, number];

export interface Diagnostic extends Warning {
  rule: string;
}

/** Where a section is, for the message when its parser fails: the file, the section's label and (found only then) its line. */
export interface SectionPlace {
  file: string;
  label: string;
  line: () => number | null;
}

export class Diagnostics<P extends ProvenanceEntry = Span> {
  /** The record's warnings, in the order raised (shared with the record, not copied). */
  readonly warnings: Warning[] = [];
  /** Rule id of `warnings[i]`. */
  readonly rules: string[] = [];
  readonly provenance: Record<string, P> = {};
  /** Top-level fields a value was read for (first time seen, in order). */
  readonly found: string[] = [];
  /** Fields the parser looked for and did not find. */
  readonly missing: string[] = [];
  /** Section now being parsed (part of the rule id). */
  current = 'document';

  readonly layout: string;

  constructor(layout: string) {
    this.layout = layout;
  }

  /** A warning about `field`; `rule` is the check's own name under the current section (default: the field's top level). */
  warn(field: string, message: string, line: number | null = null, rule?: string): void {
    this.warnings.push({ field, message, line });
    this.rules.push(`${this.layout}/${this.current}/${rule ?? (field.split('.')[0]!.replace(/[()]/g, '') || 'document')}`);
  }

  /** Where `field` was read; counts its top level as found. */
  have(field: string, where: P): void {
    this.provenance[field] = where;
    const top = field.split('.')[0]!;
    if (!this.found.includes(top)) this.found.push(top);
  }

  /** `field` was looked for and is not there: listed as missing, with a warning saying why. */
  lack(field: string, message: string, line: number | null = null, rule = 'missing'): void {
    this.miss(field);
    this.warn(field, message, line, rule);
  }

  /** `field` is listed as missing without a warning of its own. */
  miss(field: string): void {
    if (!this.missing.includes(field)) this.missing.push(field);
  }

  /**
   * Run one section's parser isolated: if it throws, whatever it recorded as read (provenance,
   * found) is withdrawn, the section is listed as missing, a warning names the file, the
   * section's line and the exception, and `fallback()` (the section's empty value) is returned
   * — the other sections, identity first, are still read and published.
   */
  section<T>(name: string, where: SectionPlace, run: () => T, fallback: () => T): T {
    const outer = this.current;
    const provKeys = new Set(Object.keys(this.provenance));
    const foundCount = this.found.length;
    this.current = name;
    try {
      return run();
    } catch (e) {
      for (const k of Object.keys(this.provenance)) if (!provKeys.has(k)) delete this.provenance[k];
      this.found.length = foundCount;
      let line: number | null = null;
      try {
        line = where.line();
      } catch {
        line = null;
      }
      const error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
      this.miss(name);
      this.warn(name, `${where.file}${line !== null ? ` ${line}行目` : ''}: 「${where.label}」の欄の解析中にエラーが発生したため、この欄は空にしました (section parser failed: ${error})`, line, 'section-failed');
      return fallback();
    } finally {
      this.current = outer;
    }
  }

  /**
   * section() for a parser that writes into the record `rec` (table layout, RS tables): if it
   * throws, every field of `rec` is put back as it was before the section ran — a half-read
   * section publishes nothing — and the record's warnings and provenance are kept.
   */
  sectionInto<R extends { warnings: unknown; provenance: unknown }, T>(rec: R, name: string, where: SectionPlace, run: () => T, fallback: () => T): T {
    const before = structuredClone({ ...rec, warnings: [], provenance: {} });
    return this.section(name, where, run, () => {
      Object.assign(rec, before, { warnings: rec.warnings, provenance: rec.provenance });
      return fallback();
    });
  }

  /** Withdraw the warnings raised since `mark` (a warnings length) and `field`'s place in missing: a later reading found it after all. */
  retract(mark: number, field: string): void {
    this.warnings.splice(mark);
    this.rules.splice(mark);
    const i = this.missing.indexOf(field);
    if (i >= 0) this.missing.splice(i, 1);
  }

  /** Every warning with its rule id. */
  diagnostics(): Diagnostic[] {
    return this.warnings.map((w, i) => ({ ...w, rule: this.rules[i]! }));
  }
}
