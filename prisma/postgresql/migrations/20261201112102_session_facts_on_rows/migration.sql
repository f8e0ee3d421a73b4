-- DropIndex
DROP INDEX "SessionStudent_studentId_sessionId_attendance_minutes_makeU_idx";

-- DropIndex
DROP INDEX "DataPoint_goalId_date_idx";

-- AlterTable
ALTER TABLE "SessionStudent" ADD COLUMN     "sessionDate" TIMESTAMP(3),
ADD COLUMN     "sessionMinutes" INTEGER,
ADD COLUMN     "sessionServiceType" "ServiceType",
ADD COLUMN     "sessionStart" TEXT,
ADD COLUMN     "sessionVoided" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "DataPoint" ADD COLUMN     "sessionVoided" BOOLEAN NOT NULL DEFAULT false;

-- CreateIndex
CREATE INDEX "SessionStudent_studentId_sessionDate_sessionVoided_attendan_idx" ON "SessionStudent"("studentId", "sessionDate", "sessionVoided", "attendance", "minutes", "makeUpForId", "sessionMinutes", "sessionServiceType", "sessionStart");

-- CreateIndex
CREATE INDEX "DataPoint_goalId_date_sessionVoided_value_idx" ON "DataPoint"("goalId", "date", "sessionVoided", "value");

-- Copies of a session's date, start, minutes, kind and whether it was voided, on each of its
-- students' rows and data points, kept by the triggers below (never by the app): a student's
-- sessions and a goal's points are then read by their indexes alone. A later migration that
-- rebuilds SessionLog, SessionStudent or DataPoint must create these triggers again
-- (test/db/session-facts.test.ts fails when they are missing).
UPDATE "SessionStudent" r SET "sessionDate" = s."date", "sessionStart" = s."startTime", "sessionMinutes" = s."minutes",
  "sessionServiceType" = s."serviceType", "sessionVoided" = s."voidedAt" IS NOT NULL
FROM "SessionLog" s WHERE s."id" = r."sessionId";
UPDATE "DataPoint" p SET "sessionVoided" = r."sessionVoided" FROM "SessionStudent" r WHERE r."id" = p."sessionStudentId";

CREATE FUNCTION "session_student_facts"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT s."date", s."startTime", s."minutes", s."serviceType", s."voidedAt" IS NOT NULL
    INTO NEW."sessionDate", NEW."sessionStart", NEW."sessionMinutes", NEW."sessionServiceType", NEW."sessionVoided"
    FROM "SessionLog" s WHERE s."id" = NEW."sessionId";
  RETURN NEW;
END $$;
CREATE TRIGGER "SessionStudent_session_facts" BEFORE INSERT OR UPDATE OF "sessionId" ON "SessionStudent"
  FOR EACH ROW EXECUTE FUNCTION "session_student_facts"();

CREATE FUNCTION "session_student_moved"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "DataPoint" SET "sessionVoided" = NEW."sessionVoided" WHERE "sessionStudentId" = NEW."id";
  RETURN NULL;
END $$;
CREATE TRIGGER "SessionStudent_session_moved" AFTER UPDATE OF "sessionId" ON "SessionStudent"
  FOR EACH ROW EXECUTE FUNCTION "session_student_moved"();

CREATE FUNCTION "session_log_facts"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "SessionStudent" SET "sessionDate" = NEW."date", "sessionStart" = NEW."startTime", "sessionMinutes" = NEW."minutes",
    "sessionServiceType" = NEW."serviceType", "sessionVoided" = NEW."voidedAt" IS NOT NULL
  WHERE "sessionId" = NEW."id";
  UPDATE "DataPoint" SET "sessionVoided" = NEW."voidedAt" IS NOT NULL
  WHERE "sessionStudentId" IN (SELECT r."id" FROM "SessionStudent" r WHERE r."sessionId" = NEW."id");
  RETURN NULL;
END $$;
CREATE TRIGGER "SessionLog_session_facts" AFTER UPDATE OF "date", "startTime", "minutes", "serviceType", "voidedAt" ON "SessionLog"
  FOR EACH ROW EXECUTE FUNCTION "session_log_facts"();

CREATE FUNCTION "data_point_facts"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT r."sessionVoided" INTO NEW."sessionVoided" FROM "SessionStudent" r WHERE r."id" = NEW."sessionStudentId";
  RETURN NEW;
END $$;
CREATE TRIGGER "DataPoint_session_facts" BEFORE INSERT OR UPDATE OF "sessionStudentId" ON "DataPoint"
  FOR EACH ROW EXECUTE FUNCTION "data_point_facts"();
