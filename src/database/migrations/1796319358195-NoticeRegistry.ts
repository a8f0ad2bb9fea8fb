import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notices: a 受理通知书 on DEPARTMENT_ACCEPT and a 准予行政许可决定书 on APPROVE of an approval item, each with a
 * 文号 gapless per department, kind and year. A trigger on the event insert numbers them in the event's
 * transaction (as CertificateRegistry does for certificates), leaving the workflow core and the write path as
 * they are. The PDF is rendered from the notice and the case's data when asked for.
 */
export class NoticeRegistry1796319358195 implements MigrationInterface {
  name = 'NoticeRegistry1796319358195';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "notice" ("id" uuid NOT NULL, "instance_id" uuid NOT NULL, "event_seq" integer NOT NULL, "kind" text NOT NULL, "department" text NOT NULL, "year" integer NOT NULL, "serial" integer NOT NULL, "number" text NOT NULL, "verification_code" text NOT NULL, "issued_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_notice" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_notice_instance" ON "notice" ("instance_id", "event_seq")`);
    await queryRunner.query(`CREATE UNIQUE INDEX "ux_notice_code" ON "notice" ("verification_code")`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "ux_notice_number" ON "notice" ("department", "kind", "year", "serial")`,
    );
    await queryRunner.query(
      `CREATE TABLE "notice_sequence" ("department" text NOT NULL, "kind" text NOT NULL, "year" integer NOT NULL, "last" integer NOT NULL, CONSTRAINT "PK_notice_sequence" PRIMARY KEY ("department", "kind", "year"))`,
    );
    await queryRunner.query(`
      CREATE FUNCTION notice_track() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        v_kind text := CASE NEW.type WHEN 'DEPARTMENT_ACCEPT' THEN 'acceptance' ELSE 'approval' END;
        v_dept text;
        v_year int := extract(year FROM NEW.occurred_at AT TIME ZONE 'Asia/Shanghai');
        v_serial int;
      BEGIN
        SELECT snapshot->'context'->'item'->>'department' INTO v_dept
          FROM workflow_instance WHERE id = NEW.instance_id AND definition_id = 'approval-item';
        IF v_dept IS NULL THEN RETURN NULL; END IF;
        INSERT INTO notice_sequence (department, kind, year, last) VALUES (v_dept, v_kind, v_year, 1)
          ON CONFLICT (department, kind, year) DO UPDATE SET last = notice_sequence.last + 1
          RETURNING last INTO v_serial;
        INSERT INTO notice (id, instance_id, event_seq, kind, department, year, serial, number, verification_code,
                            issued_at)
        VALUES (gen_random_uuid(), NEW.instance_id, NEW.seq, v_kind, v_dept, v_year, v_serial,
                '随高新' || CASE v_dept
                  WHEN 'development' THEN '发改' WHEN 'planning' THEN '规' WHEN 'housing' THEN '住建'
                  WHEN 'fire' THEN '消' WHEN 'window' THEN '政服' ELSE '审' END
                || CASE v_kind WHEN 'acceptance' THEN '受' ELSE '许' END
                || '〔' || v_year || '〕' || lpad(v_serial::text, 5, '0') || '号',
                replace(gen_random_uuid()::text, '-', ''), NEW.occurred_at);
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER notice_track AFTER INSERT ON workflow_event FOR EACH ROW
      WHEN (NEW.type IN ('DEPARTMENT_ACCEPT', 'APPROVE'))
      EXECUTE FUNCTION notice_track()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER notice_track ON workflow_event`);
    await queryRunner.query(`DROP FUNCTION notice_track()`);
    await queryRunner.query(`DROP TABLE "notice_sequence"`);
    await queryRunner.query(`DROP TABLE "notice"`);
  }
}
