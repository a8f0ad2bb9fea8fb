/**
 * A readable cause for any thrown value: the message of an Error and of each `cause` below it, the code of a
 * system error, and never a bare "undefined" (some libraries reject with nothing at all).
 */
export function describeError(e: unknown): string {
  const parts: string[] = [];
  let current: unknown = e;
  for (let depth = 0; depth < 5 && current !== undefined; depth++) {
    if (current instanceof AggregateError && current.errors.length) {
      parts.push(current.errors.map((x) => describeError(x)).join('; '));
    } else if (current instanceof Error) {
      const code = 'code' in current && typeof current.code === 'string' ? ` [${current.code}]` : '';
      parts.push(`${current.message || current.name}${code}`);
    } else if (current === null) {
      parts.push('null');
    } else {
      parts.push(typeof current === 'string' ? current : (JSON.stringify(current) ?? String(current)));
    }
    current = current instanceof Error ? current.cause : undefined;
  }
  return parts.filter(Boolean).join(': caused by: ') || 'unknown failure (the error carried no detail)';
}
