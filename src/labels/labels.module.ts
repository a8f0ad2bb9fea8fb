import { Module } from '@nestjs/common';
import { LabelsController } from './labels.controller';

/** The zh-CN labels of codes, served to the UI (GET /api/labels). */
@Module({ controllers: [LabelsController] })
export class LabelsModule {}
