import { AppException } from '../common/errors/app-exception';
import { fieldName } from '../common/field-names';

/** What is wrong with one field of a zone form; `name` when the field's generic name says too little. */
export interface FieldProblem {
  field: string;
  problems: string[];
  name?: string;
}

/**
 * The 400 for a zone form's problems: people read each field by its Chinese name ("「地点」现场办公须填写地点"),
 * never its code; `details` keeps the field codes for developers, as the global validation does.
 */
export function validationFailed(problems: FieldProblem[]): AppException {
  return new AppException(
    'VALIDATION_FAILED',
    problems.map((p) => `「${p.name ?? fieldName(p.field)}」${p.problems.join('、')}`).join('；'),
    problems.map(({ field, problems: what }) => ({ field, problems: what })),
  );
}
