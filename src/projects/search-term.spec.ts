import { searchTerms } from './projects.service';

describe('searchTerms: a project search is a 项目编号 or part of a name', () => {
  it('reads a project code, as typed, as the exact code', () => {
    expect(searchTerms(' szgx-2026-0001 ')).toEqual({ code: 'SZGX-2026-0001' });
  });

  it('reads anything else as part of the name, and nothing as no search', () => {
    expect(searchTerms('铜箔')).toEqual({ q: '铜箔' });
    expect(searchTerms('SZGX 2026')).toEqual({ q: 'SZGX 2026' });
    expect(searchTerms('   ')).toEqual({});
    expect(searchTerms(undefined)).toEqual({});
  });
});
