import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'isPublic';
/** The route needs no authentication (health, login, docs). */
export const Public = () => SetMetadata(IS_PUBLIC, true);
