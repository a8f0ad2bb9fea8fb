import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 信用修复: an admin records who repaired a credit record, why and on what evidence; the record then no longer
 * bars (DOMAIN.md, credit). Written once, with the time, beside the record it repairs.
 */
export class CreditRepair1796315643442 implements MigrationInterface {
  name = 'CreditRepair1796315643442';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "credit_record" ADD "repaired_by" text`);
    await queryRunner.query(`ALTER TABLE "credit_record" ADD "repair_reason" text`);
    await queryRunner.query(`ALTER TABLE "credit_record" ADD "repair_evidence" text`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "credit_record" DROP COLUMN "repair_evidence"`);
    await queryRunner.query(`ALTER TABLE "credit_record" DROP COLUMN "repair_reason"`);
    await queryRunner.query(`ALTER TABLE "credit_record" DROP COLUMN "repaired_by"`);
  }
}
