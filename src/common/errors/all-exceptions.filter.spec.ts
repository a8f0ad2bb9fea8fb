import { BadRequestException, NotFoundException } from '@nestjs/common';
import { QueryFailedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';
import { AppException } from './app-exception';
import { toErrorBody } from './all-exceptions.filter';

describe('toErrorBody: one error shape for everything thrown', () => {
  it('maps AppException with its code and details', () => {
    expect(toErrorBody(new AppException('VERSION_CONFLICT', 'stale', { currentSeq: 3 }), 'r1')).toEqual({
      statusCode: 409,
      code: 'VERSION_CONFLICT',
      message: '办件已被他人更新，请刷新后重试',
      details: { reason: 'stale', currentSeq: 3 },
      requestId: 'r1',
    });
  });

  it('answers in zh-CN: a Chinese message is kept, an English one moves to details.reason', () => {
    expect(toErrorBody(new AppException('RULE_VIOLATION', '材料不全：营业执照'), 'r')).toEqual({
      statusCode: 422,
      code: 'RULE_VIOLATION',
      message: '材料不全：营业执照',
      requestId: 'r',
    });
    expect(toErrorBody(new AppException('FORBIDDEN', 'role clerk lacks admin'), 'r')).toMatchObject({
      message: '没有权限执行此操作',
      details: { reason: 'role clerk lacks admin' },
    });
  });

  it('maps Nest HTTP exceptions by status', () => {
    expect(toErrorBody(new NotFoundException('Cannot GET /x'), 'r')).toEqual({
      statusCode: 404,
      code: 'NOT_FOUND',
      message: '没有这个地址：GET /x',
      requestId: 'r',
    });
    expect(toErrorBody(new BadRequestException(['a', 'b']), 'r')).toMatchObject({
      statusCode: 400,
      message: '请求不正确',
      details: { reason: 'a; b' },
    });
  });

  it('body-parser errors become 400 MALFORMED_JSON / 413', () => {
    expect(toErrorBody(Object.assign(new Error('x'), { status: 400, type: 'entity.parse.failed' }), 'r')).toMatchObject(
      { code: 'MALFORMED_JSON' },
    );
    expect(toErrorBody(Object.assign(new Error('x'), { status: 413, type: 'entity.too.large' }), 'r')).toMatchObject({
      statusCode: 413,
    });
  });

  it('a database that went away is a 503, never a 500', () => {
    expect(
      toErrorBody(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), 'r').statusCode,
    ).toBe(503);
    expect(toErrorBody(new QueryRunnerProviderAlreadyReleasedError(), 'r').statusCode).toBe(503);
    const terminated = new QueryFailedError(
      'SELECT 1',
      [],
      Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
    );
    expect(toErrorBody(terminated, 'r').statusCode).toBe(503);
    expect(toErrorBody(new Error('Connection terminated unexpectedly'), 'r').statusCode).toBe(503);
  });

  it('anything else is a 500 that leaks nothing', () => {
    expect(toErrorBody(new Error('secret internals'), 'r')).toEqual({
      statusCode: 500,
      code: 'INTERNAL_ERROR',
      message: '系统内部错误，请稍后重试',
      requestId: 'r',
    });
  });
});
