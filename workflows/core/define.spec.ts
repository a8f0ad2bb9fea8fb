import fc from 'fast-check';
import { chineseOf, toJson } from './define';

describe('toJson', () => {
  const withHoles = fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small' },
      fc.jsonValue(),
      fc.constantFrom(undefined, NaN, Infinity, -Infinity, -0, () => 1, Symbol('s')),
      fc.date({ noInvalidDate: true }),
      fc.array(tie('value'), { maxLength: 4 }),
      fc.dictionary(fc.oneof(fc.string(), fc.constant('__proto__')), tie('value'), { maxKeys: 4 }),
    ),
  })).value;

  it('equals a JSON round trip for any object (undefined dropped, NaN → null, dates → ISO, __proto__ kept as a key)', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), withHoles), (v) => {
        expect(toJson(v)).toStrictEqual(JSON.parse(JSON.stringify(v)));
      }),
      { numRuns: 2000 },
    );
  });

  it('copies: the result shares nothing with the input', () => {
    const input = { a: { b: [1, { c: 2 }] } };
    const out = toJson(input);
    out.a.b.push(3);
    expect(input.a.b).toHaveLength(2);
  });
});

describe('chineseOf', () => {
  it('drops the English of a bilingual reason embedded in brackets, between 「；」 and at the end', () => {
    expect(chineseOf('容缺受理失信：甲（逾期未补齐容缺材料 / missing materials not supplied by the deadline）')).toBe(
      '容缺受理失信：甲（逾期未补齐容缺材料）',
    );
    expect(chineseOf('核查不符 / non-compliant；已撤销 / revoked')).toBe('核查不符；已撤销');
    expect(chineseOf('容缺受理失信：甲')).toBe('容缺受理失信：甲');
  });
});
