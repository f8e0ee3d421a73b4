-- DropIndex
DROP INDEX "SessionLog_providerId_signedAt_date_idx";

-- CreateIndex
CREATE INDEX "SessionLog_providerId_signedAt_voidedAt_date_idx" ON "SessionLog"("providerId", "signedAt", "voidedAt", "date");
