-- CreateIndex
CREATE INDEX "NoteBatch_createdById_createdAt_idx" ON "NoteBatch"("createdById", "createdAt");
