-- DropIndex
DROP INDEX "SessionStudent_studentId_sessionId_idx";

-- CreateIndex
CREATE INDEX "SessionStudent_studentId_sessionId_attendance_minutes_makeUpForId_idx" ON "SessionStudent"("studentId", "sessionId", "attendance", "minutes", "makeUpForId");
