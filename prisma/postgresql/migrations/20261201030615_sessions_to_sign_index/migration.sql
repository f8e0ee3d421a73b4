-- CreateIndex
CREATE INDEX "SessionLog_providerId_signedAt_date_idx" ON "SessionLog"("providerId", "signedAt", "date");
