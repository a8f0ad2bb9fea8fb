import { searchTerm } from './projects.service';

describe('searchTerm: a project search is a 项目编号 or part of a name', () => {
  it('reads a project code, as typed, as the exact code', () => {
    expect(searchTerm(' szgx-2026-0001 ')).toEqual({ code: 'SZGX-2026-0001' });
  });

  it('reads anything else as part of the name, and nothing as no search', () => {
    expect(searchTerm('铜箔')).toEqual({ q: '铜箔' });
    expect(searchTerm('SZGX 2026')).toEqual({ q: 'SZGX 2026' });
    expect(searchTerm('   ')).toEqual({});
    expect(searchTerm(undefined)).toEqual({});
  });
});
