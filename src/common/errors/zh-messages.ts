/**
 * People read Chinese: an error's `message` is zh-CN. Where a thrower wrote only English (a library, a guard,
 * an older service), the answer carries the zh-CN sentence for its code, and the English moves to
 * `details.reason` for developers.
 */
import { splitReason } from '../../../workflows/core/define';
import type { ErrorCode } from './error-codes';
import { nameCodes } from './zh-names';

export const ZH_BY_CODE: Record<ErrorCode, string> = {
  VALIDATION_FAILED: '提交的内容不符合要求',
  MALFORMED_JSON: '提交的内容格式不正确（不是有效的 JSON）',
  BAD_REQUEST: '请求不正确',
  UNAUTHENTICATED: '请先登录',
  TOKEN_EXPIRED: '登录已过期，请重新登录',
  FORBIDDEN: '没有权限执行此操作',
  NOT_FOUND: '要找的内容不存在',
  ROUTE_NOT_FOUND: '没有这个接口',
  METHOD_NOT_ALLOWED: '该接口不支持此请求方式',
  EVENT_NOT_ALLOWED: '当前状态不能办理此操作',
  VERSION_CONFLICT: '办件已被他人更新，请刷新后重试',
  CONFLICT: '与现有数据冲突',
  PAYLOAD_TOO_LARGE: '提交的内容过大',
  UNSUPPORTED_MEDIA_TYPE: '提交的内容类型不受支持',
  INVALID_PAYLOAD: '提交的内容不符合要求',
  RULE_VIOLATION: '不符合办理规则',
  IDEMPOTENCY_KEY_REUSED: '该请求编号已用于另一个请求，请重新提交',
  PRECONDITION_REQUIRED: '请求缺少必需的版本信息，请刷新后重试',
  RATE_LIMITED: '尝试过于频繁，请稍后再试',
  HEADERS_TOO_LARGE: '请求头过大',
  INTERNAL_ERROR: '系统内部错误，请稍后重试',
  DATABASE_UNAVAILABLE: '数据库暂时不可用，请稍后重试',
  NOT_IMPLEMENTED_IN_MODE: '当前运行模式不提供此功能',
};

const CJK = /[\u3400-\u9fff]/;

export function hasChinese(text: string): boolean {
  return CJK.test(text);
}

/** The message for people and the details for developers: English moves into details.reason. */
export function inChinese(code: ErrorCode, message: string, details: unknown): { message: string; details?: unknown } {
  if (hasChinese(message)) {
    // A bilingual rule reason ("zh / en") keeps its English for developers; codes in it become names.
    const { zh, en } = splitReason(message);
    const named = nameCodes(zh);
    if (!en) return details === undefined ? { message: named } : { message: named, details };
    if (details === undefined) return { message: named, details: { reason: en } };
    if (typeof details === 'object' && details !== null && !Array.isArray(details)) {
      return { message: named, details: { reason: en, ...details } };
    }
    return { message: named, details };
  }
  const zh = ZH_BY_CODE[code];
  if (details === undefined) return { message: zh, details: { reason: message } };
  if (typeof details === 'object' && details !== null && !Array.isArray(details)) {
    return { message: zh, details: { reason: message, ...details } };
  }
  return { message: zh, details };
}
