import { Module } from '@nestjs/common';
import { EditVersionRepository } from './edit-version.repository';
import { EditVersions } from './edit-version.service';

@Module({ providers: [EditVersionRepository, EditVersions], exports: [EditVersions] })
export class EditVersionModule {}
