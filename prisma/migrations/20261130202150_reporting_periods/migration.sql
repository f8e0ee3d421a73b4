-- AlterTable
ALTER TABLE "NoteBatch" ADD COLUMN "reportingPeriodId" INTEGER;

-- AlterTable
ALTER TABLE "ProgressNoteGoal" ADD COLUMN "suggestedCodeId" INTEGER;

-- CreateTable
CREATE TABLE "ReportingPeriod" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "startDate" DATETIME NOT NULL,
    "endDate" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_ProgressNote" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "studentId" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "periodStart" DATETIME NOT NULL,
    "periodEnd" DATETIME NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "teacherText" TEXT NOT NULL,
    "familyText" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "replacesId" INTEGER,
    "createdById" INTEGER NOT NULL,
    "batchId" INTEGER,
    "reportingPeriodId" INTEGER,
    "submittedAt" DATETIME,
    "finalizedAt" DATETIME,
    "sharedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "ProgressNote_studentId_fkey" FOREIGN KEY ("studentId") REFERENCES "Student" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ProgressNote_replacesId_fkey" FOREIGN KEY ("replacesId") REFERENCES "ProgressNote" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "ProgressNote_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "ProgressNote_batchId_fkey" FOREIGN KEY ("batchId") REFERENCES "NoteBatch" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "ProgressNote_reportingPeriodId_fkey" FOREIGN KEY ("reportingPeriodId") REFERENCES "ReportingPeriod" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_ProgressNote" ("batchId", "createdAt", "createdById", "familyText", "finalizedAt", "id", "periodEnd", "periodStart", "replacesId", "sharedAt", "status", "studentId", "teacherText", "title", "updatedAt", "version") SELECT "batchId", "createdAt", "createdById", "familyText", "finalizedAt", "id", "periodEnd", "periodStart", "replacesId", "sharedAt", "status", "studentId", "teacherText", "title", "updatedAt", "version" FROM "ProgressNote";
DROP TABLE "ProgressNote";
ALTER TABLE "new_ProgressNote" RENAME TO "ProgressNote";
CREATE UNIQUE INDEX "ProgressNote_replacesId_key" ON "ProgressNote"("replacesId");
CREATE INDEX "ProgressNote_studentId_periodEnd_idx" ON "ProgressNote"("studentId", "periodEnd");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "ReportingPeriod_endDate_key" ON "ReportingPeriod"("endDate");
