import fc from 'fast-check';
import { readableReason, splitReason, toJson } from './define';

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

describe('readableReason', () => {
  it('keeps the Chinese half of each stored "zh / en" reason, also quoted inside a credit record', () => {
    expect(readableReason('逾期未整改 / not rectified by the deadline')).toBe('逾期未整改');
    expect(
      readableReason(
        '容缺受理失信：建设工程设计方案审查（逾期未补齐容缺材料 / missing materials not supplied by the deadline）',
      ),
    ).toBe('容缺受理失信：建设工程设计方案审查（逾期未补齐容缺材料）');
    expect(
      readableReason('未签署告知承诺书 / the commitment is not signed；复验仍不合格 / the re-inspection failed'),
    ).toBe('未签署告知承诺书；复验仍不合格');
  });

  it('leaves what people wrote, a slash between Chinese words included, and null as it is', () => {
    expect(readableReason('以欺骗手段取得')).toBe('以欺骗手段取得');
    expect(readableReason('现场核查 / 对标验收')).toBe('现场核查 / 对标验收');
    expect(readableReason(null)).toBeNull();
  });

  it('drops the English of a bilingual reason between 「；」 and at the end', () => {
    expect(readableReason('核查不符 / non-compliant；已撤销 / revoked')).toBe('核查不符；已撤销');
    expect(readableReason('容缺受理失信：甲')).toBe('容缺受理失信：甲');
  });
});

describe('splitReason', () => {
  it('keeps a label with a slash inside the Chinese half whole (xb 14: 「核查承诺（现场核查 / 对标验收）」)', () => {
    const reason =
      '当前状态（核查通过）不能办理「核查承诺（现场核查 / 对标验收）」 / cannot do this now；当前没有您可以办理的操作';
    expect(splitReason(reason)).toEqual({
      zh: '当前状态（核查通过）不能办理「核查承诺（现场核查 / 对标验收）」；当前没有您可以办理的操作',
      en: 'cannot do this now',
    });
  });
  it('splits an ordinary "zh / en" at its separator, each part of several', () => {
    expect(splitReason('未知事项 / unknown item；材料不全 / materials missing')).toEqual({
      zh: '未知事项；材料不全',
      en: 'unknown item; materials missing',
    });
  });
});
