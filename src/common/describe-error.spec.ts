import { describeError } from './describe-error';

describe('describeError', () => {
  it('never answers a bare "undefined"', () => {
    expect(describeError(undefined)).toBe('unknown failure (the error carried no detail)');
    expect(describeError(new Error(''))).toBe('Error');
  });

  it('names the code and every cause', () => {
    const inner = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    expect(describeError(new Error('database unreachable', { cause: inner }))).toBe(
      'database unreachable: caused by: connect ECONNREFUSED 127.0.0.1:5432 [ECONNREFUSED]',
    );
  });

  it('lists the errors of an AggregateError (a connect to every address failing)', () => {
    expect(describeError(new AggregateError([new Error('a'), new Error('b')], ''))).toBe('a; b');
  });

  it('shows values that are not errors', () => {
    expect(describeError('boom')).toBe('boom');
    expect(describeError({ code: 1 })).toBe('{"code":1}');
  });
});
