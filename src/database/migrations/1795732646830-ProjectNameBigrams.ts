import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A newest-first list of the projects per bigram of their name (two adjacent characters of lower(name)): the
 * search of a term with more than 1,000 matches walks the list of the term's rarest bigram, newest first, and
 * stops at its page, whenever the matches were filed. GIN indexes (trigram, gram) keep no time order: without
 * this, matches clustered among older projects were all read and sorted (cost growing with their number).
 *
 * The table is kept by statement-level triggers on project, in the same transaction as the change (a bulk insert
 * is one INSERT … SELECT); TRUNCATE of project empties it. Rows of a project: one per distinct bigram, about 20
 * for a name of 20 characters. The key (gram, created_at, project_id) is the walk and serves the trigger's
 * deletes, so no other index is needed. The gram column's statistics are finer than the default (1,000 most common
 * values): the search reads them from pg_stats to pick the rarest bigram of a term.
 */
export class ProjectNameBigrams1795732646830 implements MigrationInterface {
  name = 'ProjectNameBigrams1795732646830';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE FUNCTION "project_name_bigrams"(name text) RETURNS text[]
  LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
AS $$
DECLARE
  chars text[] := string_to_array(lower(name), NULL);
  grams text[] := '{}';
BEGIN
  FOR i IN 1 .. cardinality(chars) - 1 LOOP
    IF NOT (chars[i] || chars[i + 1]) = ANY (grams) THEN
      grams := grams || (chars[i] || chars[i + 1]);
    END IF;
  END LOOP;
  RETURN grams;
END
$$`);
    await queryRunner.query(`CREATE TABLE "project_name_bigram" (
  "gram" text NOT NULL,
  "created_at" timestamptz NOT NULL,
  "project_id" uuid NOT NULL,
  CONSTRAINT "pk_project_name_bigram" PRIMARY KEY ("gram", "created_at", "project_id"))`);
    await queryRunner.query('ALTER TABLE "project_name_bigram" ALTER COLUMN "gram" SET STATISTICS 1000');
    await queryRunner.query(`CREATE FUNCTION "project_name_bigram_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO project_name_bigram (gram, created_at, project_id)
  SELECT g, n.created_at, n.id FROM new_projects n, unnest(project_name_bigrams(n.name)) AS g;
  RETURN NULL;
END
$$`);
    await queryRunner.query(`CREATE FUNCTION "project_name_bigram_delete"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM project_name_bigram b USING old_projects o
   WHERE b.gram = ANY (project_name_bigrams(o.name)) AND b.created_at = o.created_at AND b.project_id = o.id;
  RETURN NULL;
END
$$`);
    // an update touching neither name, created_at nor id leaves the lists alone
    await queryRunner.query(`CREATE FUNCTION "project_name_bigram_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM project_name_bigram b USING old_projects o
   WHERE b.gram = ANY (project_name_bigrams(o.name)) AND b.created_at = o.created_at AND b.project_id = o.id
     AND NOT EXISTS (SELECT 1 FROM new_projects n WHERE n.id = o.id AND n.name = o.name AND n.created_at = o.created_at);
  INSERT INTO project_name_bigram (gram, created_at, project_id)
  SELECT g, n.created_at, n.id FROM new_projects n, unnest(project_name_bigrams(n.name)) AS g
   WHERE NOT EXISTS (SELECT 1 FROM old_projects o WHERE o.id = n.id AND o.name = n.name AND o.created_at = n.created_at);
  RETURN NULL;
END
$$`);
    await queryRunner.query(`CREATE FUNCTION "project_name_bigram_truncate"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE project_name_bigram;
  RETURN NULL;
END
$$`);
    await queryRunner.query(`CREATE TRIGGER "project_name_bigram_insert" AFTER INSERT ON "project"
  REFERENCING NEW TABLE AS new_projects FOR EACH STATEMENT EXECUTE FUNCTION project_name_bigram_insert()`);
    await queryRunner.query(`CREATE TRIGGER "project_name_bigram_delete" AFTER DELETE ON "project"
  REFERENCING OLD TABLE AS old_projects FOR EACH STATEMENT EXECUTE FUNCTION project_name_bigram_delete()`);
    await queryRunner.query(`CREATE TRIGGER "project_name_bigram_update" AFTER UPDATE ON "project"
  REFERENCING OLD TABLE AS old_projects NEW TABLE AS new_projects
  FOR EACH STATEMENT EXECUTE FUNCTION project_name_bigram_update()`);
    await queryRunner.query(`CREATE TRIGGER "project_name_bigram_truncate" AFTER TRUNCATE ON "project"
  FOR EACH STATEMENT EXECUTE FUNCTION project_name_bigram_truncate()`);
    await queryRunner.query(`INSERT INTO project_name_bigram (gram, created_at, project_id)
  SELECT g, p.created_at, p.id FROM project p, unnest(project_name_bigrams(p.name)) AS g`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const op of ['truncate', 'update', 'delete', 'insert']) {
      await queryRunner.query(`DROP TRIGGER "project_name_bigram_${op}" ON "project"`);
      await queryRunner.query(`DROP FUNCTION "project_name_bigram_${op}"()`);
    }
    await queryRunner.query('DROP TABLE "project_name_bigram"');
    await queryRunner.query('DROP FUNCTION "project_name_bigrams"(text)');
  }
}
