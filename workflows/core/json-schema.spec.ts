import { narrowChoices, narrowProperty, s, validateSchema, describeErrors } from './json-schema';

const materials = [
  { code: 'fundsCommitment', name: '建设资金落实承诺书' },
  { code: 'businessLicense', name: '营业执照' },
  { code: 'sitePlan', name: '总平面图' },
];

describe('json-schema', () => {
  const schema = s.object({ supplied: s.array(s.choice(materials, '已补正的材料'), '已补正的材料', { minItems: 1 }) }, [
    'supplied',
  ]);

  it('titles every enumerated value and names fields in zh-CN messages, English kept apart', () => {
    const errors = validateSchema(schema, { supplied: ['nonsense'] });
    expect(errors[0]).toMatchObject({ path: 'supplied[0]', message: expect.stringContaining('must be one of') });
    expect(describeErrors(errors)).toBe('「已补正的材料」只能是：建设资金落实承诺书、营业执照、总平面图');
    expect(describeErrors(validateSchema(schema, {}))).toBe('「已补正的材料」必须填写');
  });

  it('narrows an array of choices to the allowed ones; with all, to exactly that set', () => {
    const narrowed = narrowProperty(schema, 'supplied', ['sitePlan', 'fundsCommitment'], { all: true });
    expect(validateSchema(narrowed, { supplied: ['fundsCommitment', 'sitePlan'] })).toEqual([]);
    expect(describeErrors(validateSchema(narrowed, { supplied: ['sitePlan'] }))).toBe('「已补正的材料」至少选择 2 项');
    expect(describeErrors(validateSchema(narrowed, { supplied: ['businessLicense', 'sitePlan'] }))).toContain(
      '只能是：建设资金落实承诺书、总平面图',
    );
    // The declared schema is left alone.
    expect(validateSchema(schema, { supplied: ['businessLicense'] })).toEqual([]);
  });

  it('narrows a single choice', () => {
    const one = narrowChoices(s.choice(materials, '材料'), ['businessLicense']);
    expect(validateSchema(one, 'businessLicense')).toEqual([]);
    expect(validateSchema(one, 'sitePlan')).toHaveLength(1);
  });
});
