import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';

export const IS_PUBLIC = 'isPublic';
/** Marks a public operation in the OpenAPI document; finishOpenApi turns it into `security: []`. */
export const PUBLIC_EXTENSION = 'x-public';
/** The route needs no authentication (health, login, docs). */
export const Public = () => applyDecorators(SetMetadata(IS_PUBLIC, true), ApiExtension(PUBLIC_EXTENSION, true));
