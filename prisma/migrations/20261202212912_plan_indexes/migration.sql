-- CreateIndex
CREATE INDEX "NoteBatch_createdById_createdAt_idx" ON "NoteBatch"("createdById", "createdAt");

-- CreateIndex
CREATE INDEX "StudentStrategy_goalId_idx" ON "StudentStrategy"("goalId");
