-- AlterTable
ALTER TABLE "User" ADD COLUMN "calendarFeedAt" DATETIME;
ALTER TABLE "User" ADD COLUMN "calendarFeedHash" TEXT;
ALTER TABLE "User" ADD COLUMN "hoursPerWeek" REAL;
ALTER TABLE "User" ADD COLUMN "newSeenAt" DATETIME;

-- CreateTable
CREATE TABLE "SchoolYear" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "schoolId" INTEGER,
    "name" TEXT NOT NULL,
    "firstDay" DATETIME NOT NULL,
    "lastDay" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "SchoolYear_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "DayOff" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "schoolId" INTEGER,
    "name" TEXT NOT NULL,
    "startDate" DATETIME NOT NULL,
    "endDate" DATETIME NOT NULL,
    "sourceUid" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "DayOff_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ScheduleSlot" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "providerId" INTEGER NOT NULL,
    "weekday" INTEGER NOT NULL,
    "startTime" TEXT NOT NULL,
    "minutes" INTEGER NOT NULL,
    "place" TEXT NOT NULL DEFAULT 'therapy_room',
    "serviceType" TEXT NOT NULL,
    "fromDate" DATETIME NOT NULL,
    "toDate" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "ScheduleSlot_providerId_fkey" FOREIGN KEY ("providerId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ScheduleSlotStudent" (
    "slotId" INTEGER NOT NULL,
    "studentId" INTEGER NOT NULL,

    PRIMARY KEY ("slotId", "studentId"),
    CONSTRAINT "ScheduleSlotStudent_slotId_fkey" FOREIGN KEY ("slotId") REFERENCES "ScheduleSlot" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ScheduleSlotStudent_studentId_fkey" FOREIGN KEY ("studentId") REFERENCES "Student" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ScheduleChange" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "slotId" INTEGER NOT NULL,
    "date" DATETIME NOT NULL,
    "cancelled" BOOLEAN NOT NULL DEFAULT false,
    "newDate" DATETIME,
    "newStartTime" TEXT,
    "reason" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ScheduleChange_slotId_fkey" FOREIGN KEY ("slotId") REFERENCES "ScheduleSlot" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_DistrictSetting" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT DEFAULT 1,
    "requireSecondFactor" BOOLEAN NOT NULL DEFAULT false,
    "unsignedFlagDays" INTEGER NOT NULL DEFAULT 7,
    "correctionWindowDays" INTEGER NOT NULL DEFAULT 90,
    "makeUpCauses" TEXT NOT NULL DEFAULT 'therapist_absent,school_closed',
    "noDataWeeks" INTEGER NOT NULL DEFAULT 3,
    "notSeenDays" INTEGER NOT NULL DEFAULT 14,
    "dueSoonDays" INTEGER NOT NULL DEFAULT 30,
    "travelMinutes" INTEGER NOT NULL DEFAULT 15,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_DistrictSetting" ("correctionWindowDays", "id", "requireSecondFactor", "unsignedFlagDays", "updatedAt") SELECT "correctionWindowDays", "id", "requireSecondFactor", "unsignedFlagDays", "updatedAt" FROM "DistrictSetting";
DROP TABLE "DistrictSetting";
ALTER TABLE "new_DistrictSetting" RENAME TO "DistrictSetting";
CREATE TABLE "new_ServiceMandate" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "studentId" INTEGER NOT NULL,
    "minutes" INTEGER NOT NULL,
    "period" TEXT NOT NULL,
    "delivery" TEXT NOT NULL,
    "grouping" TEXT NOT NULL,
    "startDate" DATETIME NOT NULL,
    "endDate" DATETIME NOT NULL,
    "replacesId" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ServiceMandate_studentId_fkey" FOREIGN KEY ("studentId") REFERENCES "Student" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ServiceMandate_replacesId_fkey" FOREIGN KEY ("replacesId") REFERENCES "ServiceMandate" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_ServiceMandate" ("createdAt", "delivery", "endDate", "grouping", "id", "minutes", "period", "startDate", "studentId") SELECT "createdAt", "delivery", "endDate", "grouping", "id", "minutes", "period", "startDate", "studentId" FROM "ServiceMandate";
DROP TABLE "ServiceMandate";
ALTER TABLE "new_ServiceMandate" RENAME TO "ServiceMandate";
CREATE UNIQUE INDEX "ServiceMandate_replacesId_key" ON "ServiceMandate"("replacesId");
CREATE INDEX "ServiceMandate_studentId_startDate_idx" ON "ServiceMandate"("studentId", "startDate");
CREATE TABLE "new_SessionLog" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "providerId" INTEGER NOT NULL,
    "supervisorId" INTEGER,
    "date" DATETIME NOT NULL,
    "startTime" TEXT NOT NULL,
    "minutes" INTEGER NOT NULL,
    "serviceType" TEXT NOT NULL,
    "activities" TEXT NOT NULL DEFAULT '',
    "place" TEXT NOT NULL DEFAULT 'therapy_room',
    "nature" TEXT NOT NULL DEFAULT '',
    "version" INTEGER NOT NULL DEFAULT 1,
    "voidedAt" DATETIME,
    "voidReason" TEXT,
    "voidedById" INTEGER,
    "signedAt" DATETIME,
    "signedById" INTEGER,
    "signedName" TEXT,
    "signedCredential" TEXT,
    "cosignedAt" DATETIME,
    "cosignedById" INTEGER,
    "cosignedName" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "scheduleSlotId" INTEGER,
    "scheduledFor" DATETIME,
    CONSTRAINT "SessionLog_providerId_fkey" FOREIGN KEY ("providerId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "SessionLog_supervisorId_fkey" FOREIGN KEY ("supervisorId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "SessionLog_voidedById_fkey" FOREIGN KEY ("voidedById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "SessionLog_signedById_fkey" FOREIGN KEY ("signedById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "SessionLog_cosignedById_fkey" FOREIGN KEY ("cosignedById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "SessionLog_scheduleSlotId_fkey" FOREIGN KEY ("scheduleSlotId") REFERENCES "ScheduleSlot" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_SessionLog" ("activities", "cosignedAt", "cosignedById", "cosignedName", "createdAt", "date", "id", "minutes", "nature", "place", "providerId", "serviceType", "signedAt", "signedById", "signedCredential", "signedName", "startTime", "supervisorId", "updatedAt", "version", "voidReason", "voidedAt", "voidedById") SELECT "activities", "cosignedAt", "cosignedById", "cosignedName", "createdAt", "date", "id", "minutes", "nature", "place", "providerId", "serviceType", "signedAt", "signedById", "signedCredential", "signedName", "startTime", "supervisorId", "updatedAt", "version", "voidReason", "voidedAt", "voidedById" FROM "SessionLog";
DROP TABLE "SessionLog";
ALTER TABLE "new_SessionLog" RENAME TO "SessionLog";
CREATE INDEX "SessionLog_providerId_date_idx" ON "SessionLog"("providerId", "date");
CREATE INDEX "SessionLog_scheduleSlotId_scheduledFor_idx" ON "SessionLog"("scheduleSlotId", "scheduledFor");
CREATE INDEX "SessionLog_supervisorId_cosignedAt_idx" ON "SessionLog"("supervisorId", "cosignedAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "SchoolYear_schoolId_firstDay_idx" ON "SchoolYear"("schoolId", "firstDay");

-- CreateIndex
CREATE INDEX "DayOff_schoolId_startDate_idx" ON "DayOff"("schoolId", "startDate");

-- CreateIndex
CREATE INDEX "DayOff_sourceUid_idx" ON "DayOff"("sourceUid");

-- CreateIndex
CREATE INDEX "ScheduleSlot_providerId_toDate_idx" ON "ScheduleSlot"("providerId", "toDate");

-- CreateIndex
CREATE INDEX "ScheduleSlotStudent_studentId_idx" ON "ScheduleSlotStudent"("studentId");

-- CreateIndex
CREATE UNIQUE INDEX "ScheduleChange_slotId_date_key" ON "ScheduleChange"("slotId", "date");

-- CreateIndex
CREATE UNIQUE INDEX "User_calendarFeedHash_key" ON "User"("calendarFeedHash");
