-- CreateIndex
CREATE INDEX "Concern_studentId_idx" ON "Concern"("studentId");
