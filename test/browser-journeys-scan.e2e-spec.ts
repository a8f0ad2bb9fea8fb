import { scanLine, scanTexts } from './browser-journeys.scan';

const kinds = (line: string) => scanLine(line).map((f) => `${f.kind}: ${f.token}`);

/** The scanner itself: it must catch what the issue saw leak, and pass what people legitimately read. */
describe('the page-text scan of the browser journeys', () => {
  it.each([
    ['fundsCommitment', 'camelCase identifier: fundsCommitment'],
    ['状态：departmentAccepted.reviewing', 'state path: departmentAccepted.reviewing'],
    ['item:projectFiling', 'child key: item:projectFiling'],
    ['tolerance:1 已提交', 'child key: tolerance:1'],
    ['补交 SUPPLY_MATERIAL', 'event code: SUPPLY_MATERIAL'],
    ['operator 511dd3c6', 'hex id: 511dd3c6'],
    ['办结 APPROVE', 'event code: APPROVE'],
    ['代 copper-foil', 'kebab-case id: copper-foil'],
    ['案件 0b8f5c1e-3f0a-4c8e-9a51-5d0d1f2b7a10', 'UUID: 0b8f5c1e-3f0a-4c8e-9a51-5d0d1f2b7a10'],
    ['awaiting_supplement', 'snake_case identifier: awaiting_supplement'],
    ['staged acceptance (分段竣工验收) needs at least one section', 'English: staged acceptance'],
    ['enterpriseId must be an enterprise id', 'camelCase identifier: enterpriseId'],
    ['材料 energySavingChapter 节能专篇.pdf', 'camelCase identifier: energySavingChapter'],
  ])('reports %s', (line, expected) => {
    expect(kinds(line)).toContain(expected);
  });

  it('reports the English words of a sentence once, as one finding', () => {
    expect(kinds('Give either at or seq, not both')).toEqual(['English: Give either at or seq, not both']);
  });

  it.each([
    ['项目编号 SZGX-2026-0001'],
    ['统一社会信用代码 91421300MA49COPPER'.replace('COPPER', 'X1234K')],
    ['下载 PDF · 扫描 QR 码 · 导出 CSV'],
    ['2026-03-02 09:30 剩余 4 个工作日'],
    ['±0.000以上施工许可'],
    ['第 3 条事件 · 流程版本 v3'],
    ['总投资 8,000 万元（100%）'],
    ['文件（PDF、JPEG、PNG、OFD）上传'],
    ['节能专篇\t节能专篇.pdf\t1 KB\t下载'],
  ])('passes %s', (line) => {
    expect(kinds(line)).toEqual([]);
  });

  it('reports each token once per page, across lines and select options', () => {
    const found = scanTexts(['状态 fundsCommitment\n另一行 fundsCommitment', 'fundsCommitment']);
    expect(found).toHaveLength(1);
  });
});
