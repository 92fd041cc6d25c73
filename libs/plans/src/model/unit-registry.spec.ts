import { buildUnitRegistry, unitId } from './unit-registry';

describe('unitId', () => {
  it('uses the readable slug of a known unit', () => {
    expect(unitId('市发展改革局')).toBe('dept-development-reform');
    expect(unitId('恩平市政府')).toBe('gov-enping');
    expect(unitId('江门海关')).toBe('org-jiangmen-customs');
  });

  it('derives a stable URL-safe id from the name of any other unit', () => {
    const id = unitId('市气象局');

    expect(id).toMatch(/^u-[0-9a-f]{12}$/u);
    expect(unitId('市气象局')).toBe(id);
    expect(unitId('市地震局')).not.toBe(id);
  });
});

describe('buildUnitRegistry', () => {
  it('registers each unit once, in order of first mention, with kind, district and typo aliases', () => {
    const units = buildUnitRegistry([
      { name: '市发展改革局', district: undefined, typoOriginal: undefined },
      { name: '鹤山市政府', district: '鹤山市', typoOriginal: undefined },
      { name: '鹤山市政府', district: '鹤山市', typoOriginal: '鹤山市政府政府' },
      { name: '江门海关', district: undefined, typoOriginal: undefined },
      { name: '市发展改革局', district: undefined, typoOriginal: undefined },
    ]);

    expect(units).toEqual([
      { id: 'dept-development-reform', name: '市发展改革局', kind: 'city-department', aliases: [] },
      {
        id: 'gov-heshan',
        name: '鹤山市政府',
        kind: 'district-government',
        district: '鹤山市',
        aliases: ['鹤山市政府政府'],
      },
      { id: 'org-jiangmen-customs', name: '江门海关', kind: 'other', aliases: [] },
    ]);
  });
});
