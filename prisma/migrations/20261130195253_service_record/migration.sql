-- AlterTable
ALTER TABLE "Evaluation" ADD COLUMN "eligibilityMeetingOn" DATETIME;
ALTER TABLE "Evaluation" ADD COLUMN "eligible" BOOLEAN;
ALTER TABLE "Evaluation" ADD COLUMN "servicesConsentOn" DATETIME;

-- CreateTable
CREATE TABLE "SessionLogVersion" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "sessionId" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "snapshot" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "changedById" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "SessionLogVersion_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "SessionLog" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "EvaluationAssessment" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "evaluationId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "givenOn" DATETIME NOT NULL,
    "scores" TEXT NOT NULL,
    "meaning" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "EvaluationAssessment_evaluationId_fkey" FOREIGN KEY ("evaluationId") REFERENCES "Evaluation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_DistrictSetting" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT DEFAULT 1,
    "requireSecondFactor" BOOLEAN NOT NULL DEFAULT false,
    "unsignedFlagDays" INTEGER NOT NULL DEFAULT 7,
    "correctionWindowDays" INTEGER NOT NULL DEFAULT 90,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_DistrictSetting" ("id", "requireSecondFactor", "updatedAt") SELECT "id", "requireSecondFactor", "updatedAt" FROM "DistrictSetting";
DROP TABLE "DistrictSetting";
ALTER TABLE "new_DistrictSetting" RENAME TO "DistrictSetting";
CREATE TABLE "new_SessionLog" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "providerId" INTEGER NOT NULL,
    "supervisorId" INTEGER,
    "date" DATETIME NOT NULL,
    "startTime" TEXT NOT NULL,
    "minutes" INTEGER NOT NULL,
    "serviceType" TEXT NOT NULL,
    "activities" TEXT NOT NULL DEFAULT '',
    "place" TEXT NOT NULL DEFAULT 'therapy_room',
    "nature" TEXT NOT NULL DEFAULT '',
    "version" INTEGER NOT NULL DEFAULT 1,
    "voidedAt" DATETIME,
    "voidReason" TEXT,
    "voidedById" INTEGER,
    "signedAt" DATETIME,
    "signedById" INTEGER,
    "signedName" TEXT,
    "signedCredential" TEXT,
    "cosignedAt" DATETIME,
    "cosignedById" INTEGER,
    "cosignedName" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "SessionLog_providerId_fkey" FOREIGN KEY ("providerId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "SessionLog_supervisorId_fkey" FOREIGN KEY ("supervisorId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "SessionLog_voidedById_fkey" FOREIGN KEY ("voidedById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "SessionLog_signedById_fkey" FOREIGN KEY ("signedById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "SessionLog_cosignedById_fkey" FOREIGN KEY ("cosignedById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_SessionLog" ("activities", "createdAt", "date", "id", "minutes", "providerId", "serviceType", "startTime", "supervisorId") SELECT "activities", "createdAt", "date", "id", "minutes", "providerId", "serviceType", "startTime", "supervisorId" FROM "SessionLog";
DROP TABLE "SessionLog";
ALTER TABLE "new_SessionLog" RENAME TO "SessionLog";
CREATE INDEX "SessionLog_providerId_date_idx" ON "SessionLog"("providerId", "date");
CREATE INDEX "SessionLog_supervisorId_cosignedAt_idx" ON "SessionLog"("supervisorId", "cosignedAt");
CREATE TABLE "new_SessionStudent" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "sessionId" INTEGER NOT NULL,
    "studentId" INTEGER NOT NULL,
    "attendance" TEXT NOT NULL,
    "minutes" INTEGER,
    "response" TEXT NOT NULL DEFAULT '',
    "note" TEXT NOT NULL DEFAULT '',
    "makeUpForId" INTEGER,
    CONSTRAINT "SessionStudent_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "SessionLog" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "SessionStudent_studentId_fkey" FOREIGN KEY ("studentId") REFERENCES "Student" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "SessionStudent_makeUpForId_fkey" FOREIGN KEY ("makeUpForId") REFERENCES "SessionStudent" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_SessionStudent" ("attendance", "id", "makeUpForId", "note", "sessionId", "studentId") SELECT "attendance", "id", "makeUpForId", "note", "sessionId", "studentId" FROM "SessionStudent";
DROP TABLE "SessionStudent";
ALTER TABLE "new_SessionStudent" RENAME TO "SessionStudent";
CREATE UNIQUE INDEX "SessionStudent_makeUpForId_key" ON "SessionStudent"("makeUpForId");
CREATE INDEX "SessionStudent_studentId_sessionId_idx" ON "SessionStudent"("studentId", "sessionId");
CREATE UNIQUE INDEX "SessionStudent_sessionId_studentId_key" ON "SessionStudent"("sessionId", "studentId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "SessionLogVersion_sessionId_version_key" ON "SessionLogVersion"("sessionId", "version");

-- CreateIndex
CREATE INDEX "EvaluationAssessment_evaluationId_idx" ON "EvaluationAssessment"("evaluationId");
