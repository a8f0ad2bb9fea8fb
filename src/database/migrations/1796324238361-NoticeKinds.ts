import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every notice of issue #23, and notices stored like materials.
 *
 * The trigger of NoticeRegistry now numbers, besides 受理通知书 and 准予行政许可决定书: 不予受理决定书 (NOT_ACCEPT,
 * REJECT_OUT_OF_SCOPE), 补正材料通知书 (REQUEST_CORRECTION, WINDOW_REQUEST_CORRECTION), 容缺受理通知书
 * (TOLERANCE_ACCEPTED), 告知承诺书 (REQUEST_NOTIFY_COMMITMENT), 不予行政许可决定书 (REFUSE), 撤销决定书 (REVOKE,
 * COMMITMENT_REVOKED); a second trigger numbers the joint issuance notice (四证/六证联发) when the project case
 * issues its bundle. Approvals on 容缺 or 告知承诺 are 准予 decisions too.
 *
 * Each notice keeps `facts`: what its text needs, taken from the case in the event's transaction (project name,
 * holder, item, reason, the materials named …), so a notice says what was true when it was issued. Its PDF is
 * rendered once from them, put in the blob store under `blob_key`, and its SHA-256 recorded in a NOTICE_STORED
 * event (seq `stored_seq`) of the case's history, so the hash chain covers the document.
 */
export class NoticeKinds1796324238361 implements MigrationInterface {
  name = 'NoticeKinds1796324238361';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "notice" ADD "facts" jsonb NOT NULL DEFAULT '{}', ADD "blob_key" text, ADD "sha256" text, ADD "stored_seq" integer`,
    );
    // Notices issued before: their facts as the case holds them now (nothing older is kept).
    await queryRunner.query(`
      UPDATE notice n SET facts = jsonb_build_object(
          'projectName', p.name, 'holder', COALESCE(e.name, p.enterprise_id),
          'itemName', COALESCE(i.snapshot->'context'->'item'->>'name', ''))
        FROM workflow_instance i JOIN project p ON p.id = i.project_id LEFT JOIN enterprise e ON e.id = p.enterprise_id
       WHERE i.id = n.instance_id`);
    await queryRunner.query(`
      CREATE FUNCTION notice_issue(p_instance uuid, p_seq int, p_kind text, p_dept text, p_at timestamptz,
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
    await queryRunner.query(`DROP TRIGGER notice_track ON workflow_event`);
    await queryRunner.query(`DROP FUNCTION notice_track()`);
    await queryRunner.query(`
      CREATE FUNCTION notice_track() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        v_ctx jsonb;
        v_kind text := CASE NEW.type
          WHEN 'DEPARTMENT_ACCEPT' THEN 'acceptance'
          WHEN 'NOT_ACCEPT' THEN 'nonAcceptance' WHEN 'REJECT_OUT_OF_SCOPE' THEN 'nonAcceptance'
          WHEN 'REQUEST_CORRECTION' THEN 'correction' WHEN 'WINDOW_REQUEST_CORRECTION' THEN 'correction'
          WHEN 'TOLERANCE_ACCEPTED' THEN 'tolerance'
          WHEN 'REQUEST_NOTIFY_COMMITMENT' THEN 'notifyCommitment'
          WHEN 'REFUSE' THEN 'refusal'
          WHEN 'REVOKE' THEN 'revocation' WHEN 'COMMITMENT_REVOKED' THEN 'revocation'
          ELSE 'approval' END;
        v_materials jsonb := '[]';
        v_days int;
        v_reason text := COALESCE(NEW.payload->>'reason', NEW.payload->>'opinion', NEW.payload->>'note');
      BEGIN
        -- The snapshot before this event (the instance row is updated after its events are inserted).
        SELECT snapshot->'context' INTO v_ctx
          FROM workflow_instance WHERE id = NEW.instance_id AND definition_id = 'approval-item';
        IF v_ctx IS NULL OR v_ctx->'item'->>'department' IS NULL THEN RETURN NULL; END IF;
        IF v_kind = 'correction' THEN
          v_materials := NEW.payload->'missingMaterials';
        ELSIF v_kind = 'tolerance' THEN
          v_materials := v_ctx->'tolerance'->'missingMaterials';
          SELECT (c.snapshot->'context'->'item'->>'supplementDays')::int INTO v_days
            FROM workflow_instance c
           WHERE c.parent_id = NEW.instance_id AND c.child_key = v_ctx->'tolerance'->>'childKey';
        END IF;
        -- The window's own refusals and corrections are the service centre's notices; the rest the department's.
        PERFORM notice_issue(NEW.instance_id, NEW.seq, v_kind,
          CASE WHEN NEW.type IN ('NOT_ACCEPT', 'WINDOW_REQUEST_CORRECTION') THEN 'window'
               ELSE v_ctx->'item'->>'department' END,
          NEW.occurred_at,
          jsonb_strip_nulls(jsonb_build_object(
            'itemName', v_ctx->'item'->>'name',
            'reason', v_reason,
            'materials', (SELECT COALESCE(jsonb_agg(COALESCE(
                                  (SELECT m->>'name' FROM jsonb_array_elements(v_ctx->'item'->'materials') m
                                    WHERE m->>'code' = code), code) ORDER BY ord), '[]')
                            FROM jsonb_array_elements_text(COALESCE(v_materials, '[]')) WITH ORDINALITY AS x(code, ord)),
            'conditions', CASE WHEN v_kind = 'notifyCommitment' THEN COALESCE(NEW.payload->'conditions', '[]') END,
            'supplementDays', v_days)));
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER notice_track AFTER INSERT ON workflow_event FOR EACH ROW
      WHEN (NEW.type IN ('DEPARTMENT_ACCEPT', 'NOT_ACCEPT', 'REJECT_OUT_OF_SCOPE', 'REQUEST_CORRECTION',
                         'WINDOW_REQUEST_CORRECTION', 'TOLERANCE_ACCEPTED', 'REQUEST_NOTIFY_COMMITMENT', 'APPROVE',
                         'APPROVE_WITH_TOLERANCE', 'COMMITMENT_DECIDED', 'REFUSE', 'REVOKE', 'COMMITMENT_REVOKED'))
      EXECUTE FUNCTION notice_track()`);
    // The joint issuance notice, issued by the service centre when the project case issues its bundle.
    await queryRunner.query(`
      CREATE FUNCTION notice_joint_track() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM notice_issue(NEW.id, NEW.seq, 'jointIssuance', 'window',
          (NEW.snapshot->'context'->>'jointIssuedAt')::timestamptz,
          jsonb_build_object('bundleName', NEW.snapshot->'context'->'bundle'->>'name',
                             'certificates', COALESCE(NEW.snapshot->'context'->'bundle'->'certificates', '[]')));
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER notice_joint_track AFTER UPDATE OF snapshot ON workflow_instance FOR EACH ROW
      WHEN (NEW.definition_id = 'project-case' AND NEW.snapshot->'context'->>'jointIssuedAt' IS NOT NULL
            AND OLD.snapshot->'context'->>'jointIssuedAt' IS DISTINCT FROM NEW.snapshot->'context'->>'jointIssuedAt')
      EXECUTE FUNCTION notice_joint_track()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER notice_joint_track ON workflow_instance`);
    await queryRunner.query(`DROP FUNCTION notice_joint_track()`);
    await queryRunner.query(`DROP TRIGGER notice_track ON workflow_event`);
    await queryRunner.query(`DROP FUNCTION notice_track()`);
    await queryRunner.query(`DROP FUNCTION notice_issue(uuid, int, text, text, timestamptz, jsonb)`);
    await queryRunner.query(`DELETE FROM notice WHERE kind NOT IN ('acceptance', 'approval')`);
    await queryRunner.query(`ALTER TABLE "notice" DROP COLUMN "stored_seq", DROP COLUMN "blob_key", DROP COLUMN "sha256", DROP COLUMN "facts"`);
    // The trigger of NoticeRegistry, as it was.
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
}
