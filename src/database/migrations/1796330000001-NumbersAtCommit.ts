import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The notice's 文号 from its department, kind, year and serial (as NoticeKinds wrote it). */
const NOTICE_NUMBER = `'随高新' || CASE p.department
    WHEN 'development' THEN '发改' WHEN 'planning' THEN '规' WHEN 'housing' THEN '住建'
    WHEN 'fire' THEN '消' WHEN 'window' THEN '政服' ELSE '审' END
  || CASE p.kind
    WHEN 'acceptance' THEN '受' WHEN 'nonAcceptance' THEN '不受' WHEN 'correction' THEN '补'
    WHEN 'tolerance' THEN '容' WHEN 'notifyCommitment' THEN '承' WHEN 'approval' THEN '许'
    WHEN 'refusal' THEN '不许' WHEN 'revocation' THEN '撤' WHEN 'jointIssuance' THEN '联' ELSE '文' END
  || '〔' || p.year || '〕' || lpad(s.serial::text, 5, '0') || '号'`;

/**
 * Notice and certificate numbers taken at commit (issue #24). The triggers numbered each document where its event
 * was written, holding the (department, kind, year) or (type, year) sequence row's lock until commit: two
 * transactions numbering two sequences in opposite orders — or one waiting for a sequence row while holding case
 * rows another needed — deadlocked, and PostgreSQL found it only after deadlock_timeout (1 s).
 *
 * Now the triggers queue the document (notice_pending, certificate_pending: the facts as before, taken from the
 * case in the event's transaction), and a deferred constraint trigger numbers all of a transaction's queued
 * documents at its commit: notices before certificates, each sequence by its key in sorted order, so sequence rows
 * are locked last, in one order, for the moment of the commit. Still gapless and unique: the sequence row is
 * taken in the transaction that inserts the document, and rolled back with it. The pending tables are empty
 * outside a transaction (a transaction's own rows are the only ones it sees there).
 */
export class NumbersAtCommit1796330000001 implements MigrationInterface {
  name = 'NumbersAtCommit1796330000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "notice_pending" ("ord" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "id" uuid NOT NULL, "instance_id" uuid NOT NULL, "event_seq" integer NOT NULL, "kind" text NOT NULL, "department" text NOT NULL, "year" integer NOT NULL, "verification_code" text NOT NULL, "issued_at" TIMESTAMP WITH TIME ZONE NOT NULL, "facts" jsonb NOT NULL, CONSTRAINT "PK_notice_pending" PRIMARY KEY ("ord"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "certificate_pending" ("ord" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "id" uuid NOT NULL, "verification_code" text NOT NULL, "project_id" uuid NOT NULL, "type" text NOT NULL, "year" integer NOT NULL, "issued_at" TIMESTAMP WITH TIME ZONE NOT NULL, "status" text NOT NULL, "status_changed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_certificate_pending" PRIMARY KEY ("ord"))`,
    );
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION notice_issue(p_instance uuid, p_seq int, p_kind text, p_dept text, p_at timestamptz,
                                              p_facts jsonb) RETURNS void LANGUAGE plpgsql AS $$
      DECLARE
        v_project text;
        v_holder text;
      BEGIN
        SELECT p.name, COALESCE(e.name, p.enterprise_id) INTO v_project, v_holder
          FROM workflow_instance i JOIN project p ON p.id = i.project_id LEFT JOIN enterprise e ON e.id = p.enterprise_id
         WHERE i.id = p_instance;
        -- numbered at commit (documents_number_pending)
        INSERT INTO notice_pending (id, instance_id, event_seq, kind, department, year, verification_code, issued_at,
                                    facts)
        VALUES (gen_random_uuid(), p_instance, p_seq, p_kind, p_dept,
                extract(year FROM p_at AT TIME ZONE 'Asia/Shanghai'), replace(gen_random_uuid()::text, '-', ''), p_at,
                jsonb_build_object('projectName', v_project, 'holder', v_holder) || p_facts);
      END $$`);
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION certificate_issue(p_project uuid, p_type text, p_at timestamptz) RETURNS void
      LANGUAGE plpgsql AS $$
      BEGIN
        -- numbered at commit (documents_number_pending)
        INSERT INTO certificate_pending (id, verification_code, project_id, type, year, issued_at, status)
        VALUES (gen_random_uuid(), replace(gen_random_uuid()::text, '-', ''), p_project, p_type,
                extract(year FROM p_at AT TIME ZONE 'Asia/Shanghai'), p_at, 'valid');
      END $$`);
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION certificate_track() RETURNS trigger LANGUAGE plpgsql AS $$
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
            -- issued earlier in this transaction, not numbered yet
            UPDATE certificate_pending SET status = n->>'status',
                   status_changed_at = COALESCE((n->>'revokedAt')::timestamptz, now())
             WHERE project_id = NEW.project_id AND type = k AND status = 'valid';
          END IF;
        END LOOP;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE FUNCTION documents_number_pending() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        g record;
        v_last int;
      BEGIN
        -- The first of the transaction's deferred calls numbers everything; the others find nothing.
        FOR g IN SELECT department, kind, year, count(*)::int AS n FROM notice_pending
                  GROUP BY department, kind, year ORDER BY department, kind, year LOOP
          INSERT INTO notice_sequence (department, kind, year, last) VALUES (g.department, g.kind, g.year, g.n)
            ON CONFLICT (department, kind, year) DO UPDATE SET last = notice_sequence.last + g.n
            RETURNING last INTO v_last;
          WITH p AS (
            DELETE FROM notice_pending WHERE department = g.department AND kind = g.kind AND year = g.year RETURNING *
          ), s AS (
            SELECT p.ord, v_last - g.n + row_number() OVER (ORDER BY p.ord) AS serial FROM p
          )
          INSERT INTO notice (id, instance_id, event_seq, kind, department, year, serial, number, verification_code,
                              issued_at, facts)
          SELECT p.id, p.instance_id, p.event_seq, p.kind, p.department, p.year, s.serial, ${NOTICE_NUMBER},
                 p.verification_code, p.issued_at, p.facts
            FROM p JOIN s ON s.ord = p.ord;
        END LOOP;
        FOR g IN SELECT type, year, count(*)::int AS n FROM certificate_pending
                  GROUP BY type, year ORDER BY type, year LOOP
          INSERT INTO certificate_sequence (type, year, last) VALUES (g.type, g.year, g.n)
            ON CONFLICT (type, year) DO UPDATE SET last = certificate_sequence.last + g.n
            RETURNING last INTO v_last;
          WITH p AS (
            DELETE FROM certificate_pending WHERE type = g.type AND year = g.year RETURNING *
          ), s AS (
            SELECT p.ord, v_last - g.n + row_number() OVER (ORDER BY p.ord) AS serial FROM p
          ), c AS (
            SELECT p.*, s.serial, pr.name AS project_name, COALESCE(e.name, pr.enterprise_id) AS holder,
                   COALESCE(replace(replace(f.template, '{year}', p.year::text), '{serial}', lpad(s.serial::text, 5, '0')),
                            '随高新证字第' || p.year || lpad(s.serial::text, 5, '0') || '号') AS number
              FROM p JOIN s ON s.ord = p.ord
              LEFT JOIN project pr ON pr.id = p.project_id LEFT JOIN enterprise e ON e.id = pr.enterprise_id
              LEFT JOIN certificate_number_format f ON f.type = p.type
          )
          INSERT INTO certificate (id, verification_code, project_id, type, year, serial, number, holder, project_name,
                                   issued_at, status, status_changed_at, document_hash)
          SELECT c.id, c.verification_code, c.project_id, c.type, c.year, c.serial, c.number, c.holder, c.project_name,
                 c.issued_at, c.status, c.status_changed_at,
                 encode(sha256(convert_to(concat_ws('|', c.type, c.number, c.holder, c.project_name,
                   to_char(c.issued_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD')), 'UTF8')), 'hex')
            FROM c;
        END LOOP;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE CONSTRAINT TRIGGER notice_number_at_commit AFTER INSERT ON notice_pending
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION documents_number_pending()`);
    await queryRunner.query(`
      CREATE CONSTRAINT TRIGGER certificate_number_at_commit AFTER INSERT ON certificate_pending
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION documents_number_pending()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER certificate_number_at_commit ON certificate_pending`);
    await queryRunner.query(`DROP TRIGGER notice_number_at_commit ON notice_pending`);
    await queryRunner.query(`DROP FUNCTION documents_number_pending()`);
    // The functions as NoticeKinds, CertificateRegistry and CertificateFormats wrote them.
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION certificate_track() RETURNS trigger LANGUAGE plpgsql AS $$
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
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION notice_issue(p_instance uuid, p_seq int, p_kind text, p_dept text, p_at timestamptz,
                                              p_facts jsonb) RETURNS void LANGUAGE plpgsql AS $$
      DECLARE
        v_year int := extract(year FROM p_at AT TIME ZONE 'Asia/Shanghai');
        v_serial int;
        v_project text;
        v_holder text;
      BEGIN
        -- The sequence row is taken under its row lock and rolled back with the event: no gaps, no duplicates.
        INSERT INTO notice_sequence (department, kind, year, last) VALUES (p_dept, p_kind, v_year, 1)
          ON CONFLICT (department, kind, year) DO UPDATE SET last = notice_sequence.last + 1
          RETURNING last INTO v_serial;
        SELECT p.name, COALESCE(e.name, p.enterprise_id) INTO v_project, v_holder
          FROM workflow_instance i JOIN project p ON p.id = i.project_id LEFT JOIN enterprise e ON e.id = p.enterprise_id
         WHERE i.id = p_instance;
        INSERT INTO notice (id, instance_id, event_seq, kind, department, year, serial, number, verification_code,
                            issued_at, facts)
        VALUES (gen_random_uuid(), p_instance, p_seq, p_kind, p_dept, v_year, v_serial,
                '随高新' || CASE p_dept
                  WHEN 'development' THEN '发改' WHEN 'planning' THEN '规' WHEN 'housing' THEN '住建'
                  WHEN 'fire' THEN '消' WHEN 'window' THEN '政服' ELSE '审' END
                || CASE p_kind
                  WHEN 'acceptance' THEN '受' WHEN 'nonAcceptance' THEN '不受' WHEN 'correction' THEN '补'
                  WHEN 'tolerance' THEN '容' WHEN 'notifyCommitment' THEN '承' WHEN 'approval' THEN '许'
                  WHEN 'refusal' THEN '不许' WHEN 'revocation' THEN '撤' WHEN 'jointIssuance' THEN '联' ELSE '文' END
                || '〔' || v_year || '〕' || lpad(v_serial::text, 5, '0') || '号',
                replace(gen_random_uuid()::text, '-', ''), p_at,
                jsonb_build_object('projectName', v_project, 'holder', v_holder) || p_facts);
      END $$`);
    await queryRunner.query(`DROP TABLE "certificate_pending"`);
    await queryRunner.query(`DROP TABLE "notice_pending"`);
  }
}
