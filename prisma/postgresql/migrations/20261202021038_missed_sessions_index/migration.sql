-- CreateIndex
CREATE INDEX "SessionStudent_studentId_attendance_sessionDate_sessionVoid_idx" ON "SessionStudent"("studentId", "attendance", "sessionDate", "sessionVoided", "sessionMinutes");
