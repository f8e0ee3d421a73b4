-- AlterTable
ALTER TABLE "DistrictSetting" ADD COLUMN "auditRetentionMonths" INTEGER;
