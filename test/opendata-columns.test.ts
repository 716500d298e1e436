/** Every open-data column takes its title and description from the record schemas (src/schemas/); none is made up. */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeField } from '../src/lib/opendata/field.ts';
import { flatten } from '../src/lib/opendata/flatten.ts';
import { allTables } from '../src/lib/opendata/tables.ts';

const column = (table: string, name: string) => {
  const c = allTables().find((t) => t.name === table)!.columns.find((col) => col.name === name)!;
  return describeField(c.schema);
};

describe('open-data column titles come from the schemas', () => {
  it('every column of every table has a Japanese title and a description', () => {
    const bare = allTables().flatMap((t) => t.columns.filter((c) => !describeField(c.schema).title || !describeField(c.schema).description).map((c) => `${t.name}.${c.name}`));
    expect(bare).toEqual([]);
  });

  it('names the logic model ends as the RS 3-2 CSV does (派生元 → 派生先), not 支出元/支出先', () => {
    expect(column('logic_links', 'fromNumber').title).toBe('派生元：番号');
    expect(column('logic_links', 'toText').title).toBe('派生先：内容');
    expect(column('logic_links', 'note').title).toBe('後続アウトカムへのつながり');
    expect(column('logic_links', 'reason').title).toBe('アウトカムを複数段階で設定できない理由');
    expect(column('projects', 'reflectionAmountGeneral')).toMatchObject({ title: '反映額（一般会計）', unit: '円' });
    expect(column('project_sources', 'encoding').title).toBe('文字コード');
  });

  it('a field without a title or description stops flattening, naming the field', () => {
    const untitled = z.object({ a: z.string().meta({ title: 'A', description: 'a' }), inner: z.object({ b: z.string().meta({ description: 'b' }) }) });
    expect(() => flatten(untitled, { path: 'things[].' })).toThrow('open data: things[].inner.b has no title in its schema');
    const undescribed = z.object({ c: z.number().nullable().meta({ title: 'C' }) });
    expect(() => flatten(undescribed)).toThrow('open data: c has no description in its schema');
  });
});
