-- AlterTable
ALTER TABLE "Student" ADD COLUMN "districtId" TEXT;

-- CreateTable
CREATE TABLE "RosterImport" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "fileName" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "encoding" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'previewed',
    "summary" TEXT,
    "createdById" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME,
    CONSTRAINT "RosterImport_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "RosterImport_createdAt_idx" ON "RosterImport"("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Student_districtId_key" ON "Student"("districtId");
