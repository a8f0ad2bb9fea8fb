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
 * never its code; `details` keeps the field codes beside the Chinese (`problem`, `zh`), as the global validation
 * does, so a form can show each problem at its field.
 */
export function validationFailed(problems: FieldProblem[]): AppException {
  const details = problems.map((p) => ({
    field: p.field,
    problems: p.problems,
    problem: p.problems.join('、'),
    zh: `「${p.name ?? fieldName(p.field)}」${p.problems.join('、')}`,
  }));
  return new AppException('VALIDATION_FAILED', details.map((d) => d.zh).join('；'), details);
}
