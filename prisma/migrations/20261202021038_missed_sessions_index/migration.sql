-- CreateIndex
CREATE INDEX "SessionStudent_studentId_attendance_sessionDate_sessionVoided_sessionMinutes_idx" ON "SessionStudent"("studentId", "attendance", "sessionDate", "sessionVoided", "sessionMinutes");
