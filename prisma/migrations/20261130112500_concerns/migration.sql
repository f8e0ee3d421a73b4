-- CreateTable
CREATE TABLE "Concern" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "teacherId" INTEGER NOT NULL,
    "schoolId" INTEGER NOT NULL,
    "studentId" INTEGER,
    "studentName" TEXT,
    "gradeLevel" INTEGER,
    "signs" TEXT NOT NULL,
    "example" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Concern_teacherId_fkey" FOREIGN KEY ("teacherId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Concern_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Concern_studentId_fkey" FOREIGN KEY ("studentId") REFERENCES "Student" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ConcernMessage" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "concernId" INTEGER NOT NULL,
    "authorId" INTEGER NOT NULL,
    "body" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ConcernMessage_concernId_fkey" FOREIGN KEY ("concernId") REFERENCES "Concern" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ConcernMessage_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "Concern_schoolId_status_idx" ON "Concern"("schoolId", "status");

-- CreateIndex
CREATE INDEX "Concern_teacherId_idx" ON "Concern"("teacherId");

-- CreateIndex
CREATE INDEX "ConcernMessage_concernId_createdAt_idx" ON "ConcernMessage"("concernId", "createdAt");
