import { BulkColumns, type ColumnSpec } from './bulk-columns';

type Col = 'n' | 'code' | 'text' | 'dates';
const SPECS: readonly ColumnSpec<Col>[] = [
  { name: 'n', type: 'bigint', form: 'plain' },
  { name: 'code', type: 'text', form: 'quoted' },
  { name: 'text', type: 'text' },
  { name: 'dates', type: 'text', literal: 'date[]', form: 'quoted' },
];

describe('BulkColumns', () => {
  it('writes one array literal per column: plain, quoted, escaped, nested literals', () => {
    const cols = new BulkColumns(SPECS);
    cols.pushValues([1, 'A,B', '他说"好"\\', '{2021-01-01,2021-02-01}']);
    cols.pushValues([1_700_000_000_123, 'C'], ['plain', '{}']);
    expect(cols.length).toBe(2);
    expect(cols.params()).toEqual([
      '{1,1700000000123}',
      '{"A,B","C"}',
      '{"他说\\"好\\"\\\\","plain"}',
      '{"{2021-01-01,2021-02-01}","{}"}',
    ]);
  });

  it('writes nulls as NULL, unquoted, in every form', () => {
    const cols = new BulkColumns(SPECS);
    cols.pushValues([null, null, 'x', undefined]);
    cols.pushValues([2, 'b', null, '{}']);
    expect(cols.params()).toEqual(['{NULL,2}', '{NULL,"b"}', '{"x",NULL}', '{NULL,"{}"}']);
  });

  it('writes a single row and no rows', () => {
    const one = new BulkColumns(SPECS);
    one.pushValues([true, 'a', 'b', 'c']);
    expect(one.params()).toEqual(['{true}', '{"a"}', '{"b"}', '{"c"}']);
    expect(new BulkColumns(SPECS).params()).toEqual(['{}', '{}', '{}', '{}']);
  });

  it('refuses a row with the wrong number of values, naming the columns', () => {
    expect(() => new BulkColumns(SPECS).pushValues([1, 'a'])).toThrow(
      '2 values for 4 columns (n, code, text, dates)',
    );
  });
});
