import { AppException } from './app-exception';
import { toErrorBody } from './all-exceptions.filter';
import { nameCodes } from './zh-names';

describe('codes inside Chinese messages become names', () => {
  it('names items, materials, certificates and departments, leaving other words alone', () => {
    expect(nameCodes('施工图联合审查（含消防）未全部通过：fireDesignReview、constructionDrawingReview')).toBe(
      '施工图联合审查（含消防）未全部通过：特殊建设工程消防设计审查、施工图设计文件联合审查',
    );
    expect(nameCodes('缺少 fundsCommitment；主办 fire；证照 realEstateTitle')).toBe(
      '缺少 建设资金落实承诺书；主办 消防救援大队；证照 不动产权证书',
    );
    expect(nameCodes('v3 版本 item:projectFiling no-such-code')).toBe('v3 版本 item:projectFiling no-such-code');
  });

  it('answers a bilingual rule reason with the Chinese, names in it, and the English in details.reason', () => {
    const body = toErrorBody(
      new AppException(
        'RULE_VIOLATION',
        '仍有事项在办（projectFiling、landUsePlanningPermit），办结后才能迁移到新版本 / items still open (projectFiling)',
      ),
      'r',
    );
    expect(body).toMatchObject({
      message: '仍有事项在办（企业投资项目备案、建设用地规划许可证核发），办结后才能迁移到新版本',
      details: { reason: 'items still open (projectFiling)' },
    });
    expect(body.message).not.toMatch(/[A-Za-z]/);
  });
});
