-- AlterTable
ALTER TABLE "ScheduleChange" ADD COLUMN "cause" TEXT;
