-- CreateTable
CREATE TABLE "ProgressNote" (
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
    "finalizedAt" DATETIME,
    "sharedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "ProgressNote_studentId_fkey" FOREIGN KEY ("studentId") REFERENCES "Student" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ProgressNote_replacesId_fkey" FOREIGN KEY ("replacesId") REFERENCES "ProgressNote" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "ProgressNote_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ProgressNoteGoal" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "noteId" INTEGER NOT NULL,
    "goalId" INTEGER NOT NULL,
    "codeId" INTEGER,
    "reason" TEXT NOT NULL DEFAULT '',
    CONSTRAINT "ProgressNoteGoal_noteId_fkey" FOREIGN KEY ("noteId") REFERENCES "ProgressNote" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ProgressNoteGoal_goalId_fkey" FOREIGN KEY ("goalId") REFERENCES "Goal" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ProgressNoteGoal_codeId_fkey" FOREIGN KEY ("codeId") REFERENCES "ProgressCode" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "ProgressNote_replacesId_key" ON "ProgressNote"("replacesId");

-- CreateIndex
CREATE INDEX "ProgressNote_studentId_periodEnd_idx" ON "ProgressNote"("studentId", "periodEnd");

-- CreateIndex
CREATE UNIQUE INDEX "ProgressNoteGoal_noteId_goalId_key" ON "ProgressNoteGoal"("noteId", "goalId");
