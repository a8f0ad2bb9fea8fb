import { CreateProjectDto } from '../projects/dto/create-project.dto';
import { AppException } from './errors/app-exception';
import { hasAtMostDecimalPlaces } from './max-decimal-places';
import { createValidationPipe } from './validation';

const filing = (investmentAmount: unknown) => ({
  name: '小数测试项目',
  category: 'socialInvestment',
  investorType: 'socialCapital',
  landSupplyMode: 'tenderAuctionListing',
  investmentAmount,
  practices: {
    foundationFirst: false,
    tolerance: false,
    notifyCommit: false,
    jointIssuance: false,
    stagedAcceptance: false,
  },
});

async function problemOf(investmentAmount: unknown): Promise<string | null> {
  try {
    await createValidationPipe().transform(filing(investmentAmount), { type: 'body', metatype: CreateProjectDto });
    return null;
  } catch (e) {
    // anything but the 400 the pipe builds (a TypeError from the validator) is what turned into a 500
    if (!(e instanceof AppException)) throw e;
    return e.message;
  }
}

describe('at most two decimals (总投资)', () => {
  it.each([1e-323, 1e-7, 5e-3, 1.234, 0.001])('%p is refused with a 400 naming the field, not a crash', async (v) => {
    await expect(problemOf(v)).resolves.toContain('总投资');
  });

  it('a number in exponent notation above the maximum is a 400 too (1e21)', async () => {
    await expect(problemOf(1e21)).resolves.toContain('总投资');
  });

  it.each([0.01, 0.07, 12.34, 420000, 999_999_999_999, 8000.5])('%p is accepted', async (v) => {
    await expect(problemOf(v)).resolves.toBeNull();
  });

  it('reads numbers, not their printed form', () => {
    expect(hasAtMostDecimalPlaces(0.1 + 0.2, 2)).toBe(false);
    expect(hasAtMostDecimalPlaces(1.1, 1)).toBe(true);
    expect(hasAtMostDecimalPlaces('1.5', 2)).toBe(false);
    expect(hasAtMostDecimalPlaces(Number.NaN, 2)).toBe(false);
  });
});
