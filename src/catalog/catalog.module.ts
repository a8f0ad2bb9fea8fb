import { Module } from '@nestjs/common';
import { CatalogController } from './catalog.controller';

/** The published catalog, read-only, as clients need it (the filing form's items and 容缺清单). */
@Module({ controllers: [CatalogController] })
export class CatalogModule {}
