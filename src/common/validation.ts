import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { AppException } from './errors/app-exception';
import { constraintText, fieldProblem } from './field-names';

function flatten(
  errors: ValidationError[],
  parent = '',
): { field: string; problems: string[]; zh: string; problem: string }[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = e.constraints
      ? [
          {
            field,
            problems: Object.values(e.constraints),
            zh: fieldProblem(field, Object.keys(e.constraints)),
            problem: constraintText(Object.keys(e.constraints)),
          },
        ]
      : [];
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/** Global DTO validation: unknown fields are refused, types converted, and the 400 names every bad field. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) => {
      // People read the zh-CN sentence; each detail keeps the field and class-validator's English.
      const details = flatten(errors);
      const message = details.map((d) => d.zh).join('；');
      return new AppException('VALIDATION_FAILED', message || '提交的内容不符合要求', details);
    },
  });
}
