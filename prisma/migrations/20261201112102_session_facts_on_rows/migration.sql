-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_DataPoint" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "goalId" INTEGER NOT NULL,
    "sessionStudentId" INTEGER NOT NULL,
    "date" DATETIME NOT NULL,
    "value" REAL NOT NULL,
    "correct" INTEGER,
    "incorrect" INTEGER,
    "cued" INTEGER,
    "sessionVoided" BOOLEAN NOT NULL DEFAULT false,
    CONSTRAINT "DataPoint_goalId_fkey" FOREIGN KEY ("goalId") REFERENCES "Goal" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "DataPoint_sessionStudentId_fkey" FOREIGN KEY ("sessionStudentId") REFERENCES "SessionStudent" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_DataPoint" ("correct", "cued", "date", "goalId", "id", "incorrect", "sessionStudentId", "value") SELECT "correct", "cued", "date", "goalId", "id", "incorrect", "sessionStudentId", "value" FROM "DataPoint";
DROP TABLE "DataPoint";
ALTER TABLE "new_DataPoint" RENAME TO "DataPoint";
CREATE INDEX "DataPoint_goalId_date_sessionVoided_value_idx" ON "DataPoint"("goalId", "date", "sessionVoided", "value");
CREATE INDEX "DataPoint_sessionStudentId_idx" ON "DataPoint"("sessionStudentId");
CREATE TABLE "new_SessionStudent" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "sessionId" INTEGER NOT NULL,
    "studentId" INTEGER NOT NULL,
    "attendance" TEXT NOT NULL,
    "minutes" INTEGER,
    "response" TEXT NOT NULL DEFAULT '',
    "note" TEXT NOT NULL DEFAULT '',
    "makeUpForId" INTEGER,
    "sessionDate" DATETIME,
    "sessionStart" TEXT,
    "sessionMinutes" INTEGER,
    "sessionServiceType" TEXT,
    "sessionVoided" BOOLEAN NOT NULL DEFAULT false,
    CONSTRAINT "SessionStudent_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "SessionLog" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "SessionStudent_studentId_fkey" FOREIGN KEY ("studentId") REFERENCES "Student" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "SessionStudent_makeUpForId_fkey" FOREIGN KEY ("makeUpForId") REFERENCES "SessionStudent" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_SessionStudent" ("attendance", "id", "makeUpForId", "minutes", "note", "response", "sessionId", "studentId") SELECT "attendance", "id", "makeUpForId", "minutes", "note", "response", "sessionId", "studentId" FROM "SessionStudent";
DROP TABLE "SessionStudent";
ALTER TABLE "new_SessionStudent" RENAME TO "SessionStudent";
CREATE UNIQUE INDEX "SessionStudent_makeUpForId_key" ON "SessionStudent"("makeUpForId");
CREATE INDEX "SessionStudent_studentId_sessionDate_sessionVoided_attendance_minutes_makeUpForId_sessionMinutes_sessionServiceType_sessionStart_idx" ON "SessionStudent"("studentId", "sessionDate", "sessionVoided", "attendance", "minutes", "makeUpForId", "sessionMinutes", "sessionServiceType", "sessionStart");
CREATE UNIQUE INDEX "SessionStudent_sessionId_studentId_key" ON "SessionStudent"("sessionId", "studentId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- Copies of a session's date, start, minutes, kind and whether it was voided, on each of its
-- students' rows and data points, kept by the triggers below (never by the app): a student's
-- sessions and a goal's points are then read by their indexes alone. A later migration that
-- rebuilds SessionLog, SessionStudent or DataPoint must create these triggers again
-- (test/db/session-facts.test.ts fails when they are missing).
UPDATE "SessionStudent" SET ("sessionDate", "sessionStart", "sessionMinutes", "sessionServiceType", "sessionVoided") =
  (SELECT s."date", s."startTime", s."minutes", s."serviceType", s."voidedAt" IS NOT NULL FROM "SessionLog" s WHERE s."id" = "SessionStudent"."sessionId");
UPDATE "DataPoint" SET "sessionVoided" = (SELECT r."sessionVoided" FROM "SessionStudent" r WHERE r."id" = "DataPoint"."sessionStudentId");

CREATE TRIGGER "SessionStudent_session_facts" AFTER INSERT ON "SessionStudent"
BEGIN
  UPDATE "SessionStudent" SET ("sessionDate", "sessionStart", "sessionMinutes", "sessionServiceType", "sessionVoided") =
    (SELECT s."date", s."startTime", s."minutes", s."serviceType", s."voidedAt" IS NOT NULL FROM "SessionLog" s WHERE s."id" = NEW."sessionId")
  WHERE "id" = NEW."id";
END;

CREATE TRIGGER "SessionStudent_session_moved" AFTER UPDATE OF "sessionId" ON "SessionStudent"
BEGIN
  UPDATE "SessionStudent" SET ("sessionDate", "sessionStart", "sessionMinutes", "sessionServiceType", "sessionVoided") =
    (SELECT s."date", s."startTime", s."minutes", s."serviceType", s."voidedAt" IS NOT NULL FROM "SessionLog" s WHERE s."id" = NEW."sessionId")
  WHERE "id" = NEW."id";
  UPDATE "DataPoint" SET "sessionVoided" = (SELECT s."voidedAt" IS NOT NULL FROM "SessionLog" s WHERE s."id" = NEW."sessionId")
  WHERE "sessionStudentId" = NEW."id";
END;

CREATE TRIGGER "SessionLog_session_facts" AFTER UPDATE OF "date", "startTime", "minutes", "serviceType", "voidedAt" ON "SessionLog"
BEGIN
  UPDATE "SessionStudent" SET "sessionDate" = NEW."date", "sessionStart" = NEW."startTime", "sessionMinutes" = NEW."minutes",
    "sessionServiceType" = NEW."serviceType", "sessionVoided" = NEW."voidedAt" IS NOT NULL
  WHERE "sessionId" = NEW."id";
  UPDATE "DataPoint" SET "sessionVoided" = NEW."voidedAt" IS NOT NULL
  WHERE "sessionStudentId" IN (SELECT r."id" FROM "SessionStudent" r WHERE r."sessionId" = NEW."id");
END;

CREATE TRIGGER "DataPoint_session_facts" AFTER INSERT ON "DataPoint"
BEGIN
  UPDATE "DataPoint" SET "sessionVoided" = (SELECT r."sessionVoided" FROM "SessionStudent" r WHERE r."id" = NEW."sessionStudentId")
  WHERE "id" = NEW."id";
END;

CREATE TRIGGER "DataPoint_session_moved" AFTER UPDATE OF "sessionStudentId" ON "DataPoint"
BEGIN
  UPDATE "DataPoint" SET "sessionVoided" = (SELECT r."sessionVoided" FROM "SessionStudent" r WHERE r."id" = NEW."sessionStudentId")
  WHERE "id" = NEW."id";
END;
