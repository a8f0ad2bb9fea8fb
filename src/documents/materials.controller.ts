import { Controller, Get, Param, Post, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import multer, { MulterError } from 'multer';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { RequirePermission } from '../auth/require-permission.decorator';
import { AppException } from '../common/errors/app-exception';
import { uuidOrNotFound, uuidParam } from '../common/uuid-param';
import { AppConfig } from '../config/app-config';
import { MaterialsService } from './materials.service';

const uuid = uuidParam();

@ApiTags('materials')
@ApiBearerAuth()
@Controller('cases/:id/materials')
export class MaterialsController {
  private readonly multipart: ReturnType<multer.Multer['single']>;

  constructor(
    private readonly materials: MaterialsService,
    config: AppConfig,
  ) {
    // In memory up to the limit (one byte more, so that the service names the limit); file names are UTF-8 and
    // kept whole (preservePath), so that a name with a path is refused rather than silently cut to its last part.
    this.multipart = multer({
      preservePath: true,
      storage: multer.memoryStorage(),
      limits: { fileSize: config.MATERIAL_MAX_BYTES + 1, files: 1, fields: 4 },
      defParamCharset: 'utf8',
    }).single('file');
  }

  @Post()
  @RequirePermission('material:upload')
  @ApiConsumes('multipart/form-data')
  @ApiOperation({
    summary: '上传材料: multipart `file` + `materialCode`, by the enterprise or its steward (PDF/JPEG/PNG/OFD)',
  })
  async upload(
    @Param('id', uuid) id: string,
    @CurrentUser() user: AuthUser,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    await this.parse(req, res);
    const body: Record<string, unknown> = req.body ?? {};
    const file = req.file;
    res.status(201);
    return this.materials.upload(user, id, {
      materialCode: typeof body.materialCode === 'string' ? body.materialCode : undefined,
      fileName: file?.originalname,
      content: file?.buffer,
    });
  }

  @Get()
  @RequirePermission('case:read')
  @ApiOperation({ summary: '材料文件列表 of an item' })
  list(@Param('id', uuid) id: string, @CurrentUser() user: AuthUser) {
    return this.materials.list(user, id);
  }

  @Get(':fileId')
  @RequirePermission('case:read')
  @ApiOperation({ summary: '下载材料文件 (the bytes as uploaded)' })
  async download(
    @Param('id', uuid) id: string,
    @Param('fileId', uuidOrNotFound('材料文件不存在')) fileId: string,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { file, content } = await this.materials.download(user, id, fileId);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Digest', `sha-256=${Buffer.from(file.sha256, 'hex').toString('base64')}`);
    return new StreamableFile(content, {
      type: file.mediaType,
      length: content.length,
      disposition: `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
    });
  }

  /** Reads the multipart body, answering a body multer refuses with the error shape. */
  private parse(req: Request, res: Response): Promise<void> {
    return new Promise((resolve, reject) =>
      this.multipart(req, res, (err: unknown) => {
        if (!err) return resolve();
        if (err instanceof MulterError && err.code === 'LIMIT_FILE_SIZE') return reject(this.materials.tooLarge());
        if (err instanceof MulterError)
          return reject(
            new AppException('VALIDATION_FAILED', `上传格式不对：只能有一个 file 字段和 materialCode（${err.code}）`),
          );
        reject(new AppException('VALIDATION_FAILED', '请用 multipart/form-data 上传文件'));
      }),
    );
  }
}
