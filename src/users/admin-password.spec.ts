import { adminPasswordProblems } from './admin-password';

describe('adminPasswordProblems', () => {
  it('accepts a long mixed password and a long passphrase', () => {
    expect(adminPasswordProblems('Suizhou-Permits-2026', 'root-admin')).toEqual([]);
    expect(adminPasswordProblems('correct horse battery staple', 'root-admin')).toEqual([]);
  });

  it.each([
    ['short', 'Ab1!x'],
    ['one class only', 'abcdefghijklmn'],
    ['repeated characters', 'Aa1!Aa1!Aa1!Aa1!'],
    ['the username inside', 'Root-Admin-2026!'],
    ['a common word with a suffix', 'Password123!'],
  ])('refuses %s', (_why, password) => {
    expect(adminPasswordProblems(password, 'root-admin').length).toBeGreaterThan(0);
  });
});
