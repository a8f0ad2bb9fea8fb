/**
 * What an administrator's password must be: the account can change every user, version and calendar, so more is
 * asked than of the API's 8-character minimum. Answers the problems in Chinese, empty when the password is fine.
 */
export const ADMIN_PASSWORD_MIN_LENGTH = 12;

const COMMON = ['password', 'passw0rd', 'admin', 'administrator', 'qwerty', '123456', 'abc123', 'letmein', 'demo'];

export function adminPasswordProblems(password: string, username: string): string[] {
  const problems: string[] = [];
  const lower = password.toLowerCase();
  if (password.length < ADMIN_PASSWORD_MIN_LENGTH) problems.push(`至少 ${ADMIN_PASSWORD_MIN_LENGTH} 个字符`);
  if (password.length > 256) problems.push('不超过 256 个字符');
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  // A long passphrase is strong without mixing character classes.
  if (classes < 3 && password.length < 20)
    problems.push('需包含大写字母、小写字母、数字、符号中的至少三类（或长度不少于 20）');
  if (new Set(password).size < 5) problems.push('不能由少数几个字符重复组成');
  if (username && lower.includes(username.toLowerCase())) problems.push('不能包含用户名');
  if (COMMON.some((w) => lower.replace(/[^a-z0-9]/g, '').startsWith(w) && lower.length - w.length < 6)) {
    problems.push('过于常见');
  }
  return problems;
}
