/**
 * Completes the generated OpenAPI document so standard tools (Redocly's recommended rules, client generators)
 * accept it: the server, security on every operation (the bearer token, or none for a @Public() one), and
 * every operation's 4xx answers with the one error shape.
 */
import type { OpenAPIObject } from '@nestjs/swagger';
import { ERROR_STATUS } from './errors/error-codes';
import { PUBLIC_EXTENSION } from './public.decorator';

export const ERROR_SCHEMA = 'ErrorBody';

const errorBody = {
  type: 'object',
  description: '错误（message 为中文，code 与 details 供程序使用）',
  required: ['statusCode', 'code', 'message', 'requestId'],
  properties: {
    statusCode: { type: 'integer', example: 422 },
    code: { type: 'string', enum: Object.keys(ERROR_STATUS), example: 'RULE_VIOLATION' },
    message: { type: 'string', example: '材料不全：建设资金落实承诺书，请一次性告知补正或按容缺受理' },
    details: { description: 'Machine-readable detail (fields, reasons in English, allowedEvents …)' },
    requestId: { type: 'string', example: '4b1f0c1e-6a52-4c55-9d0e-2f5c1d0b7a11' },
  },
};

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: `#/components/schemas/${ERROR_SCHEMA}` } } },
});

/** The 4xx every operation can answer; an operation's own documented ones are kept. */
const COMMON_4XX: Record<string, string> = {
  '400': '请求不符合要求（VALIDATION_FAILED、MALFORMED_JSON）',
  '401': '未登录或登录已过期（UNAUTHENTICATED、TOKEN_EXPIRED）',
  '403': '没有权限（FORBIDDEN）',
  '404': '不存在或无权查看（NOT_FOUND）',
};

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

export function finishOpenApi(document: OpenAPIObject, bearerScheme = 'bearer'): OpenAPIObject {
  document.servers = [{ url: '/', description: '本服务（与文档同源）' }];
  document.components = document.components ?? {};
  document.components.schemas = { ...document.components.schemas, [ERROR_SCHEMA]: errorBody };
  for (const path of Object.values(document.paths)) {
    for (const method of METHODS) {
      const operation = path[method];
      if (!operation) continue;
      const extensions = operation as unknown as Record<string, unknown>;
      const isPublic = extensions[PUBLIC_EXTENSION] === true;
      delete extensions[PUBLIC_EXTENSION];
      operation.security = isPublic ? [] : [{ [bearerScheme]: [] }];
      const responses = operation.responses ?? {};
      for (const [status, description] of Object.entries(COMMON_4XX)) {
        if (isPublic && (status === '401' || status === '403')) continue;
        responses[status] = { ...errorResponse(description), ...withoutContent(responses[status]) };
      }
      for (const [status, response] of Object.entries(responses)) {
        if (response && /^4\d\d$/.test(status) && !('content' in response && response.content)) {
          responses[status] = errorResponse(withoutContent(response).description ?? '错误');
        }
      }
      operation.responses = responses;
    }
  }
  return document;
}

/** A documented response's own description, kept over the common one. */
function withoutContent(response: unknown): { description?: string } {
  if (!response || typeof response !== 'object' || !('description' in response)) return {};
  return { description: String(response.description) };
}
