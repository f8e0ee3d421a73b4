-- CreateIndex
CREATE INDEX "StudentStrategy_goalId_idx" ON "StudentStrategy"("goalId");
