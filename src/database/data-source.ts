import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { typeormOptions } from './typeorm-options';

/**
 * DataSource for the TypeORM CLI (`npx typeorm -d dist/src/database/data-source.js migration:show`), needs
 * DATABASE_URL. The npm scripts (migration:*) go through scripts/db.ts, which also handles the embedded database.
 */
const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL is required for the TypeORM CLI; npm run migration:* also works without it');

export default new DataSource(typeormOptions(url));
