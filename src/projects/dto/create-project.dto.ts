import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsNumber,
  IsObject,
  IsOptional,
  IsPositive,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { MaxDecimalPlaces } from '../../common/max-decimal-places';
import { suizhouHighTechZoneCatalog as catalog, type CivilDefenseOutcome } from '../../../workflows/catalog';
import { INVESTOR_TYPES, LAND_SUPPLY_MODES, type InvestorType, type LandSupplyMode } from '../project-options';

export const CATEGORY_CODES = catalog.projectCategories.map((c) => c.code);
export const CIVIL_DEFENSE_OUTCOMES: CivilDefenseOutcome[] = ['shelter', 'feePaid', 'exempt'];

export class PracticesDto {
  @ApiProperty({ example: false, description: '桩基先行: a foundation-stage construction permit before the full one' })
  @IsBoolean()
  foundationFirst: boolean;

  @ApiProperty({ example: true, description: '容缺受理: accept with non-core materials missing, on a commitment' })
  @IsBoolean()
  tolerance: boolean;

  @ApiProperty({ example: false, description: '告知承诺制 / 先建后验: approve on commitment, verify afterwards' })
  @IsBoolean()
  notifyCommit: boolean;

  @ApiProperty({ example: true, description: '四证联发 / 六证联发: the bundle certificates issued together' })
  @IsBoolean()
  jointIssuance: boolean;

  @ApiProperty({ example: true, description: '分段竣工验收: each section accepted on its own (declare sections)' })
  @IsBoolean()
  stagedAcceptance: boolean;
}

export class SectionDto {
  @ApiProperty({
    example: '炭化车间',
    description: '单位工程 / 单项工程 that can be used on its own',
    minLength: 1,
    maxLength: 100,
  })
  @IsString()
  @Length(1, 100)
  name: string;

  @ApiPropertyOptional({ example: 12000, description: 'Floor area in ㎡', minimum: 0 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  area?: number;
}

export class CreateProjectDto {
  @ApiProperty({ example: '斯诺新材料10万吨锂电池负极材料一体化项目', minLength: 2, maxLength: 200 })
  @IsString()
  @Length(2, 200)
  name: string;

  @ApiProperty({
    example: 'socialInvestment',
    enum: CATEGORY_CODES,
    description: catalog.projectCategories
      .map((c) => `${c.code}: ${c.name}（${c.targetWorkingDays}个工作日）`)
      .join('; '),
  })
  @IsIn(CATEGORY_CODES)
  category: string;

  @ApiProperty({
    example: 'socialCapital',
    enum: Object.keys(INVESTOR_TYPES),
    description: Object.entries(INVESTOR_TYPES)
      .map(([k, v]) => `${k}: ${v}`)
      .join('; '),
  })
  @IsIn(Object.keys(INVESTOR_TYPES))
  investorType: InvestorType;

  @ApiProperty({
    example: 'tenderAuctionListing',
    enum: Object.keys(LAND_SUPPLY_MODES),
    description: Object.entries(LAND_SUPPLY_MODES)
      .map(([k, v]) => `${k}: ${v}`)
      .join('; '),
  })
  @IsIn(Object.keys(LAND_SUPPLY_MODES))
  landSupplyMode: LandSupplyMode;

  // Positive with at most two decimals: 0.01 is the least accepted.
  @ApiProperty({ example: 420000, description: '总投资（万元）, more than 0', minimum: 0.01, maximum: 999_999_999_999 })
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: '总投资（万元）须为数字' })
  @MaxDecimalPlaces(2, { message: '总投资（万元）最多两位小数' })
  @IsPositive({ message: '总投资（万元）须大于0' })
  @Max(999_999_999_999, { message: '总投资（万元）过大' })
  investmentAmount: number;

  @ApiProperty({ type: PracticesDto })
  @IsObject()
  @ValidateNested()
  @Type(() => PracticesDto)
  practices: PracticesDto;

  @ApiPropertyOptional({
    type: [SectionDto],
    description: 'Acceptance sections (required, at least one, with stagedAcceptance)',
    example: [{ name: '炭化车间', area: 12000 }, { name: '石墨化车间' }, { name: '前驱体预处理车间' }],
    maxItems: 50,
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => SectionDto)
  sections?: SectionDto[];

  @ApiPropertyOptional({
    example: true,
    description:
      '工业项目: 六证联发 for industrial projects (others 四证联发); production buildings are exempt from 人防. Default false',
  })
  @IsOptional()
  @IsBoolean()
  industrial?: boolean;

  @ApiPropertyOptional({
    example: false,
    description:
      '特殊建设工程 (住建部令第51号): needs the fire design review and fire acceptance; other works file 消防验收备案. Default false',
  })
  @IsOptional()
  @IsBoolean()
  specialConstruction?: boolean;

  @ApiPropertyOptional({
    example: 'exempt',
    enum: CIVIL_DEFENSE_OUTCOMES,
    description:
      '人防: shelter 修建防空地下室 (design review, acceptance), feePaid 缴纳易地建设费 (receipt a core material of the construction permit), exempt 免建. Default: exempt for an industrial project, shelter otherwise',
  })
  @IsOptional()
  @IsIn(CIVIL_DEFENSE_OUTCOMES)
  civilDefense?: CivilDefenseOutcome;

  @ApiPropertyOptional({
    example: 'snow-new-materials',
    description: 'The applicant enterprise: required for a steward or window clerk, must be your own for an enterprise',
  })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, { message: 'enterpriseId must be an enterprise id' })
  enterpriseId?: string;

  @ApiPropertyOptional({
    example: { landTitleRegistration: ['deedTaxReceipt'] },
    description:
      '容缺: materials not yet available, per item code (only those on the item’s tolerance list can later be accepted with tolerance). Default: every material submitted.',
  })
  @IsOptional()
  @IsObject()
  missingMaterials?: Record<string, string[]>;

  @ApiPropertyOptional({
    example: 86000,
    description: '规划许可总建筑面积（㎡）, checked with the last section',
    minimum: 0,
  })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  permittedFloorArea?: number;

  @ApiPropertyOptional({ example: 0.15, description: '规划要求绿地率 (0–1)', minimum: 0, maximum: 1 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  requiredGreenRatio?: number;
}
