import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The number formats CertificateRegistry wrote into its function, now rows. */
const FORMATS: [string, string][] = [
  ['realEstateTitle', '随高新不动产权第{year}{serial}号'],
  ['landUsePlanningPermit', '随高新地字第{year}{serial}号'],
  ['engineeringPlanningPermit', '随高新建字第{year}{serial}号'],
  ['constructionPermit', '随高新施字第{year}{serial}号'],
  ['designPlanApproval', '随高新方案字第{year}{serial}号'],
  ['drawingReviewCertificate', '随高新审字第{year}{serial}号'],
  ['foundationConstructionPermit', '随高新桩施字第{year}{serial}号'],
  ['aboveGroundConstructionPermit', '随高新上施字第{year}{serial}号'],
];

/**
 * Certificate number formats as data: one row per certificate type of the catalog (keyed by its code), a
 * template with {year} and {serial} (five digits, restarting each year). The trigger's function reads them in
 * the issuing transaction; a type without a row is numbered 随高新证字第…号 as before.
 */
export class CertificateFormats1796324893117 implements MigrationInterface {
  name = 'CertificateFormats1796324893117';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "certificate_number_format" ("type" text NOT NULL, "template" text NOT NULL, CONSTRAINT "PK_certificate_number_format" PRIMARY KEY ("type"))`,
    );
    for (const [type, template] of FORMATS) {
      await queryRunner.query('INSERT INTO certificate_number_format (type, template) VALUES ($1, $2)', [
        type,
        template,
      ]);
    }
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION certificate_issue(p_project uuid, p_type text, p_at timestamptz) RETURNS void
      LANGUAGE plpgsql AS $$
      DECLARE
        v_year int := extract(year FROM p_at AT TIME ZONE 'Asia/Shanghai');
        v_serial int;
        v_number text;
        v_holder text;
        v_project text;
      BEGIN
        INSERT INTO certificate_sequence (type, year, last) VALUES (p_type, v_year, 1)
          ON CONFLICT (type, year) DO UPDATE SET last = certificate_sequence.last + 1
          RETURNING last INTO v_serial;
        SELECT p.name, COALESCE(e.name, p.enterprise_id) INTO v_project, v_holder
          FROM project p LEFT JOIN enterprise e ON e.id = p.enterprise_id WHERE p.id = p_project;
        SELECT replace(replace(template, '{year}', v_year::text), '{serial}', lpad(v_serial::text, 5, '0'))
          INTO v_number FROM certificate_number_format WHERE type = p_type;
        v_number := COALESCE(v_number, '随高新证字第' || v_year || lpad(v_serial::text, 5, '0') || '号');
        INSERT INTO certificate (id, verification_code, project_id, type, year, serial, number, holder, project_name,
                                 issued_at, status, document_hash)
        VALUES (gen_random_uuid(), replace(gen_random_uuid()::text, '-', ''), p_project, p_type, v_year, v_serial,
                v_number, v_holder, v_project, p_at, 'valid',
                encode(sha256(convert_to(concat_ws('|', p_type, v_number, v_holder, v_project,
                  to_char(p_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD')), 'UTF8')), 'hex'));
      END $$`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // The function as CertificateRegistry wrote it: the formats back in code.
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION certificate_issue(p_project uuid, p_type text, p_at timestamptz) RETURNS void
      LANGUAGE plpgsql AS $$
      DECLARE
        v_year int := extract(year FROM p_at AT TIME ZONE 'Asia/Shanghai');
        v_serial int;
        v_number text;
        v_holder text;
        v_project text;
      BEGIN
        INSERT INTO certificate_sequence (type, year, last) VALUES (p_type, v_year, 1)
          ON CONFLICT (type, year) DO UPDATE SET last = certificate_sequence.last + 1
          RETURNING last INTO v_serial;
        SELECT p.name, COALESCE(e.name, p.enterprise_id) INTO v_project, v_holder
          FROM project p LEFT JOIN enterprise e ON e.id = p.enterprise_id WHERE p.id = p_project;
        v_number := '随高新' || CASE p_type
            WHEN 'landUsePlanningPermit' THEN '地字'
            WHEN 'engineeringPlanningPermit' THEN '建字'
            WHEN 'constructionPermit' THEN '施字'
            WHEN 'designPlanApproval' THEN '方案字'
            WHEN 'drawingReviewCertificate' THEN '审字'
            WHEN 'foundationConstructionPermit' THEN '桩施字'
            WHEN 'aboveGroundConstructionPermit' THEN '上施字'
            ELSE '证字' END
          || '第' || v_year || lpad(v_serial::text, 5, '0') || '号';
        INSERT INTO certificate (id, verification_code, project_id, type, year, serial, number, holder, project_name,
                                 issued_at, status, document_hash)
        VALUES (gen_random_uuid(), replace(gen_random_uuid()::text, '-', ''), p_project, p_type, v_year, v_serial,
                v_number, v_holder, v_project, p_at, 'valid',
                encode(sha256(convert_to(concat_ws('|', p_type, v_number, v_holder, v_project,
                  to_char(p_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD')), 'UTF8')), 'hex'));
      END $$`);
    await queryRunner.query(`DROP TABLE "certificate_number_format"`);
  }
}
