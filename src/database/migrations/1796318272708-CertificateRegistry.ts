import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Certificates (电子证照) as a registry: every certificate the project case issues gets a row with a number,
 * gapless per type and year, a holder, the project's name, the issue date, a verification code and a content
 * hash; its status follows the case (revoked, lapsed). A trigger on the project case's snapshot does it, so it
 * happens in the issuing transaction whichever path wrote the step (command, cascade, timer, migration), and
 * the workflow core stays as it is. Certificates issued before this migration are numbered in issue order.
 */
export class CertificateRegistry1796318272708 implements MigrationInterface {
  name = 'CertificateRegistry1796318272708';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "certificate" ("id" uuid NOT NULL, "verification_code" text NOT NULL, "project_id" uuid NOT NULL, "type" text NOT NULL, "year" integer NOT NULL, "serial" integer NOT NULL, "number" text NOT NULL, "holder" text NOT NULL, "project_name" text NOT NULL, "issued_at" TIMESTAMP WITH TIME ZONE NOT NULL, "status" text NOT NULL, "status_changed_at" TIMESTAMP WITH TIME ZONE, "document_hash" text NOT NULL, CONSTRAINT "PK_certificate" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_certificate_project" ON "certificate" ("project_id", "type")`);
    await queryRunner.query(`CREATE UNIQUE INDEX "ux_certificate_code" ON "certificate" ("verification_code")`);
    await queryRunner.query(`CREATE UNIQUE INDEX "ux_certificate_number" ON "certificate" ("type", "year", "serial")`);
    await queryRunner.query(
      `CREATE TABLE "certificate_sequence" ("type" text NOT NULL, "year" integer NOT NULL, "last" integer NOT NULL, CONSTRAINT "PK_certificate_sequence" PRIMARY KEY ("type", "year"))`,
    );
    // The number: zone prefix, the type's word (字), year and a five-digit serial.
    await queryRunner.query(`
      CREATE FUNCTION certificate_issue(p_project uuid, p_type text, p_at timestamptz) RETURNS void
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
    await queryRunner.query(`
      CREATE FUNCTION certificate_track() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        k text;
        n jsonb;
        o jsonb;
      BEGIN
        FOR k, n IN SELECT key, value FROM jsonb_each(COALESCE(NEW.snapshot->'context'->'certificates', '{}'::jsonb))
        ORDER BY value->>'issuedAt', key LOOP
          o := CASE WHEN TG_OP = 'UPDATE' THEN OLD.snapshot->'context'->'certificates'->k END;
          IF n->>'status' = 'valid'
             AND (o IS NULL OR o->>'status' IS DISTINCT FROM 'valid' OR o->>'issuedAt' IS DISTINCT FROM n->>'issuedAt') THEN
            PERFORM certificate_issue(NEW.project_id, k, (n->>'issuedAt')::timestamptz);
          ELSIF n->>'status' IS DISTINCT FROM 'valid' AND o->>'status' = 'valid' THEN
            UPDATE certificate SET status = n->>'status', status_changed_at = COALESCE((n->>'revokedAt')::timestamptz, now())
             WHERE project_id = NEW.project_id AND type = k AND status = 'valid';
          END IF;
        END LOOP;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER certificate_track AFTER UPDATE OF snapshot ON workflow_instance FOR EACH ROW
      WHEN (NEW.definition_id = 'project-case'
            AND NEW.snapshot->'context'->'certificates' IS DISTINCT FROM OLD.snapshot->'context'->'certificates')
      EXECUTE FUNCTION certificate_track()`);
    // Certificates already issued, in issue order.
    await queryRunner.query(`
      SELECT certificate_issue(i.project_id, c.key, (c.value->>'issuedAt')::timestamptz)
        FROM workflow_instance i, jsonb_each(COALESCE(i.snapshot->'context'->'certificates', '{}'::jsonb)) c
       WHERE i.definition_id = 'project-case' AND c.value->>'issuedAt' IS NOT NULL
       ORDER BY c.value->>'issuedAt', i.project_id, c.key`);
    await queryRunner.query(`
      UPDATE certificate x SET status = c.value->>'status', status_changed_at = (c.value->>'revokedAt')::timestamptz
        FROM workflow_instance i, jsonb_each(i.snapshot->'context'->'certificates') c
       WHERE i.definition_id = 'project-case' AND x.project_id = i.project_id AND x.type = c.key
         AND c.value->>'status' IS DISTINCT FROM 'valid'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER certificate_track ON workflow_instance`);
    await queryRunner.query(`DROP FUNCTION certificate_track()`);
    await queryRunner.query(`DROP FUNCTION certificate_issue(uuid, text, timestamptz)`);
    await queryRunner.query(`DROP TABLE "certificate_sequence"`);
    await queryRunner.query(`DROP TABLE "certificate"`);
  }
}
