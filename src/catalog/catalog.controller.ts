import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { departmentName, itemsForProject, suizhouHighTechZoneCatalogV2 as catalog } from '../../workflows/catalog';
import { RequirePermission } from '../auth/require-permission.decorator';
import { projectFlags } from '../projects/projects.service';
import { FilingItemsQuery } from './filing-items.query';

const EXAMPLE = [
  {
    code: 'landTitleRegistration',
    name: '不动产权登记（土地）',
    stage: { code: 'landPlanning', name: '立项用地规划许可' },
    department: { code: 'planning', name: '自然资源和规划局' },
    toleranceAllowed: true,
    materials: [{ code: 'deedTaxReceipt', name: '契税完税凭证', core: false, tolerable: true, form: '复印件' }],
  },
];

/** The published catalog as a filing needs it: which items a project goes through, and their 容缺清单. */
@ApiTags('catalog')
@ApiBearerAuth()
@Controller('catalog')
export class CatalogController {
  @Get('filing-items')
  @RequirePermission('catalog:read')
  @ApiOperation({
    summary: '申报事项与容缺清单: the items a project with these flags goes through, with their materials',
    description:
      'From the catalog new projects run on. A material with tolerable=true on an item with toleranceAllowed may be ' +
      'declared missing at filing (CreateProjectDto.missingMaterials) and supplied later under a commitment.',
  })
  @ApiOkResponse({ schema: { example: EXAMPLE } })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED naming the parameter' })
  filingItems(@Query() query: FilingItemsQuery) {
    return itemsForProject(catalog, projectFlags(query)).map((i) => ({
      code: i.code,
      name: i.name,
      stage: { code: i.stage, name: catalog.stages.find((s) => s.key === i.stage)?.name ?? '' },
      department: { code: i.department, name: departmentName(catalog, i.department) },
      toleranceAllowed: i.toleranceMode !== null,
      materials: i.materials.map((m) => ({
        code: m.code,
        name: m.name,
        core: m.core,
        tolerable: m.tolerable,
        form: m.form ?? null,
      })),
    }));
  }
}
