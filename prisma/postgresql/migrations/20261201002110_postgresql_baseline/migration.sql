-- CreateEnum
CREATE TYPE "Role" AS ENUM ('admin', 'therapist', 'teacher');

-- CreateEnum
CREATE TYPE "StudentStatus" AS ENUM ('referred', 'evaluating', 'active', 'exited');

-- CreateEnum
CREATE TYPE "PlanType" AS ENUM ('iep', 'plan504', 'intervention', 'none');

-- CreateEnum
CREATE TYPE "PlaceOfService" AS ENUM ('therapy_room', 'classroom', 'school_other', 'home', 'telehealth', 'community');

-- CreateEnum
CREATE TYPE "MandatePeriod" AS ENUM ('week', 'month', 'year', 'four_weeks');

-- CreateEnum
CREATE TYPE "Delivery" AS ENUM ('pull_out', 'push_in', 'consultation');

-- CreateEnum
CREATE TYPE "Grouping" AS ENUM ('individual', 'group');

-- CreateEnum
CREATE TYPE "GoalArea" AS ENUM ('handwriting', 'scissors', 'grasp', 'visual_motor', 'keyboarding', 'movement', 'sensory', 'self_care', 'organisation');

-- CreateEnum
CREATE TYPE "Measurement" AS ENUM ('percent', 'trials', 'prompt', 'rubric', 'steps', 'count', 'duration');

-- CreateEnum
CREATE TYPE "GoalStatus" AS ENUM ('active', 'met', 'discontinued');

-- CreateEnum
CREATE TYPE "ServiceType" AS ENUM ('individual', 'group', 'push_in', 'consultation', 'evaluation');

-- CreateEnum
CREATE TYPE "Attendance" AS ENUM ('attended', 'student_absent', 'therapist_absent', 'school_closed', 'student_unavailable');

-- CreateEnum
CREATE TYPE "CodeMeaning" AS ENUM ('mastered', 'expected', 'may_not_meet', 'no_progress', 'not_addressed');

-- CreateEnum
CREATE TYPE "NoteStatus" AS ENUM ('draft', 'final');

-- CreateEnum
CREATE TYPE "ConcernStatus" AS ENUM ('open', 'referred', 'closed');

-- CreateEnum
CREATE TYPE "EvaluationStep" AS ENUM ('family', 'skills', 'sensory', 'goals');

-- CreateEnum
CREATE TYPE "IndirectActivity" AS ENUM ('consultation', 'documentation', 'meeting', 'evaluation', 'travel');

-- CreateTable
CREATE TABLE "User" (
    "id" SERIAL NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "mustChangePassword" BOOLEAN NOT NULL DEFAULT false,
    "assistant" BOOLEAN NOT NULL DEFAULT false,
    "disabledAt" TIMESTAMP(3),
    "lastSignInAt" TIMESTAMP(3),
    "totpSecret" TEXT,
    "totpEnabledAt" TIMESTAMP(3),
    "totpLastStep" INTEGER,
    "hoursPerWeek" DOUBLE PRECISION,
    "newSeenAt" TIMESTAMP(3),
    "calendarFeedHash" TEXT,
    "calendarFeedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "School" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "School_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SchoolTherapist" (
    "schoolId" INTEGER NOT NULL,
    "userId" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SchoolTherapist_pkey" PRIMARY KEY ("schoolId","userId")
);

-- CreateTable
CREATE TABLE "Student" (
    "id" SERIAL NOT NULL,
    "districtId" TEXT,
    "firstName" TEXT NOT NULL,
    "lastName" TEXT NOT NULL,
    "preferredName" TEXT,
    "searchName" TEXT NOT NULL,
    "gradeLevel" INTEGER NOT NULL,
    "schoolId" INTEGER NOT NULL,
    "status" "StudentStatus" NOT NULL DEFAULT 'active',
    "dateOfBirth" TIMESTAMP(3),
    "planType" "PlanType" NOT NULL DEFAULT 'iep',
    "planStart" TIMESTAMP(3),
    "annualReviewDue" TIMESTAMP(3),
    "reevaluationDue" TIMESTAMP(3),
    "exitedOn" TIMESTAMP(3),
    "exitReason" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Student_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StudentTherapist" (
    "studentId" INTEGER NOT NULL,
    "userId" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StudentTherapist_pkey" PRIMARY KEY ("studentId","userId")
);

-- CreateTable
CREATE TABLE "StudentTeacher" (
    "studentId" INTEGER NOT NULL,
    "userId" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StudentTeacher_pkey" PRIMARY KEY ("studentId","userId")
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" SERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorId" INTEGER,
    "actorEmail" TEXT,
    "action" TEXT NOT NULL,
    "studentId" INTEGER,
    "targetType" TEXT,
    "targetId" TEXT,
    "ip" TEXT,
    "detail" TEXT,

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SignInSession" (
    "sid" TEXT NOT NULL,
    "userId" INTEGER,
    "data" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SignInSession_pkey" PRIMARY KEY ("sid")
);

-- CreateTable
CREATE TABLE "ServiceMandate" (
    "id" SERIAL NOT NULL,
    "studentId" INTEGER NOT NULL,
    "minutes" INTEGER NOT NULL,
    "period" "MandatePeriod" NOT NULL,
    "delivery" "Delivery" NOT NULL,
    "grouping" "Grouping" NOT NULL,
    "startDate" TIMESTAMP(3) NOT NULL,
    "endDate" TIMESTAMP(3) NOT NULL,
    "replacesId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ServiceMandate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProgressReportDate" (
    "id" SERIAL NOT NULL,
    "studentId" INTEGER NOT NULL,
    "dueOn" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ProgressReportDate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Goal" (
    "id" SERIAL NOT NULL,
    "studentId" INTEGER NOT NULL,
    "area" "GoalArea" NOT NULL,
    "statement" TEXT NOT NULL,
    "measurement" "Measurement" NOT NULL,
    "baselineValue" DOUBLE PRECISION NOT NULL,
    "baselineDate" TIMESTAMP(3) NOT NULL,
    "targetCriterion" TEXT NOT NULL,
    "targetValue" DOUBLE PRECISION NOT NULL,
    "startDate" TIMESTAMP(3) NOT NULL,
    "targetDate" TIMESTAMP(3) NOT NULL,
    "status" "GoalStatus" NOT NULL DEFAULT 'active',
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Goal_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApproachChange" (
    "id" SERIAL NOT NULL,
    "goalId" INTEGER NOT NULL,
    "date" TIMESTAMP(3) NOT NULL,
    "label" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ApproachChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GoalObjective" (
    "id" SERIAL NOT NULL,
    "goalId" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "text" TEXT NOT NULL,

    CONSTRAINT "GoalObjective_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GoalVersion" (
    "id" SERIAL NOT NULL,
    "goalId" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "snapshot" TEXT NOT NULL,
    "changedById" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "GoalVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GoalTemplate" (
    "id" SERIAL NOT NULL,
    "area" "GoalArea" NOT NULL,
    "text" TEXT NOT NULL,
    "measurement" "Measurement" NOT NULL,
    "ownerId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "GoalTemplate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SessionLog" (
    "id" SERIAL NOT NULL,
    "providerId" INTEGER NOT NULL,
    "supervisorId" INTEGER,
    "date" TIMESTAMP(3) NOT NULL,
    "startTime" TEXT NOT NULL,
    "minutes" INTEGER NOT NULL,
    "serviceType" "ServiceType" NOT NULL,
    "activities" TEXT NOT NULL DEFAULT '',
    "place" "PlaceOfService" NOT NULL DEFAULT 'therapy_room',
    "nature" TEXT NOT NULL DEFAULT '',
    "version" INTEGER NOT NULL DEFAULT 1,
    "voidedAt" TIMESTAMP(3),
    "voidReason" TEXT,
    "voidedById" INTEGER,
    "signedAt" TIMESTAMP(3),
    "signedById" INTEGER,
    "signedName" TEXT,
    "signedCredential" TEXT,
    "cosignedAt" TIMESTAMP(3),
    "cosignedById" INTEGER,
    "cosignedName" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "scheduleSlotId" INTEGER,
    "scheduledFor" TIMESTAMP(3),

    CONSTRAINT "SessionLog_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SessionLogVersion" (
    "id" SERIAL NOT NULL,
    "sessionId" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "snapshot" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "changedById" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SessionLogVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SessionStudent" (
    "id" SERIAL NOT NULL,
    "sessionId" INTEGER NOT NULL,
    "studentId" INTEGER NOT NULL,
    "attendance" "Attendance" NOT NULL,
    "minutes" INTEGER,
    "response" TEXT NOT NULL DEFAULT '',
    "note" TEXT NOT NULL DEFAULT '',
    "makeUpForId" INTEGER,

    CONSTRAINT "SessionStudent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DataPoint" (
    "id" SERIAL NOT NULL,
    "goalId" INTEGER NOT NULL,
    "sessionStudentId" INTEGER NOT NULL,
    "date" TIMESTAMP(3) NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,
    "correct" INTEGER,
    "incorrect" INTEGER,
    "cued" INTEGER,

    CONSTRAINT "DataPoint_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IndirectTime" (
    "id" SERIAL NOT NULL,
    "providerId" INTEGER NOT NULL,
    "date" TIMESTAMP(3) NOT NULL,
    "minutes" INTEGER NOT NULL,
    "activity" "IndirectActivity" NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IndirectTime_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProgressCode" (
    "id" SERIAL NOT NULL,
    "position" INTEGER NOT NULL,
    "label" TEXT NOT NULL,
    "meaning" "CodeMeaning" NOT NULL,
    "sufficient" BOOLEAN NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ProgressCode_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProgressNote" (
    "id" SERIAL NOT NULL,
    "studentId" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "periodStart" TIMESTAMP(3) NOT NULL,
    "periodEnd" TIMESTAMP(3) NOT NULL,
    "status" "NoteStatus" NOT NULL DEFAULT 'draft',
    "teacherText" TEXT NOT NULL,
    "familyText" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "replacesId" INTEGER,
    "createdById" INTEGER NOT NULL,
    "batchId" INTEGER,
    "reportingPeriodId" INTEGER,
    "submittedAt" TIMESTAMP(3),
    "finalizedAt" TIMESTAMP(3),
    "sharedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ProgressNote_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProgressNoteGoal" (
    "id" SERIAL NOT NULL,
    "noteId" INTEGER NOT NULL,
    "goalId" INTEGER NOT NULL,
    "codeId" INTEGER,
    "suggestedCodeId" INTEGER,
    "reason" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "ProgressNoteGoal_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "NoteBatch" (
    "id" SERIAL NOT NULL,
    "createdById" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "periodStart" TIMESTAMP(3) NOT NULL,
    "periodEnd" TIMESTAMP(3) NOT NULL,
    "total" INTEGER NOT NULL,
    "done" INTEGER NOT NULL DEFAULT 0,
    "reportingPeriodId" INTEGER,
    "finishedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "NoteBatch_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OwnStrategy" (
    "id" SERIAL NOT NULL,
    "ownerId" INTEGER NOT NULL,
    "area" "GoalArea" NOT NULL,
    "title" TEXT NOT NULL,
    "why" TEXT NOT NULL,
    "how" TEXT NOT NULL,
    "materials" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "OwnStrategy_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StudentStrategy" (
    "id" SERIAL NOT NULL,
    "studentId" INTEGER NOT NULL,
    "strategyKey" TEXT NOT NULL,
    "goalId" INTEGER,
    "noteForTeacher" TEXT NOT NULL DEFAULT '',
    "assignedById" INTEGER NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StudentStrategy_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StrategyFeedback" (
    "id" SERIAL NOT NULL,
    "studentStrategyId" INTEGER NOT NULL,
    "teacherId" INTEGER NOT NULL,
    "tried" BOOLEAN NOT NULL,
    "helped" TEXT NOT NULL,
    "comment" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StrategyFeedback_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Concern" (
    "id" SERIAL NOT NULL,
    "teacherId" INTEGER NOT NULL,
    "schoolId" INTEGER NOT NULL,
    "studentId" INTEGER,
    "studentName" TEXT,
    "gradeLevel" INTEGER,
    "signs" TEXT NOT NULL,
    "example" TEXT NOT NULL,
    "status" "ConcernStatus" NOT NULL DEFAULT 'open',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Concern_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConcernMessage" (
    "id" SERIAL NOT NULL,
    "concernId" INTEGER NOT NULL,
    "authorId" INTEGER NOT NULL,
    "body" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ConcernMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Evaluation" (
    "id" SERIAL NOT NULL,
    "studentId" INTEGER NOT NULL,
    "consentDate" TIMESTAMP(3) NOT NULL,
    "dueDate" TIMESTAMP(3) NOT NULL,
    "dueRule" TEXT NOT NULL,
    "completedAt" TIMESTAMP(3),
    "eligible" BOOLEAN,
    "eligibilityMeetingOn" TIMESTAMP(3),
    "servicesConsentOn" TIMESTAMP(3),
    "createdById" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Evaluation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EvaluationFinding" (
    "id" SERIAL NOT NULL,
    "evaluationId" INTEGER NOT NULL,
    "step" "EvaluationStep" NOT NULL,
    "findings" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "EvaluationFinding_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RecoveryCode" (
    "id" SERIAL NOT NULL,
    "userId" INTEGER NOT NULL,
    "codeHash" TEXT NOT NULL,
    "usedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RecoveryCode_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ThrottleCounter" (
    "key" TEXT NOT NULL,
    "failures" INTEGER NOT NULL,
    "windowStart" TIMESTAMP(3) NOT NULL,
    "lastFailureAt" TIMESTAMP(3) NOT NULL,
    "delayedUntil" TIMESTAMP(3),

    CONSTRAINT "ThrottleCounter_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "DistrictSetting" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "requireSecondFactor" BOOLEAN NOT NULL DEFAULT false,
    "unsignedFlagDays" INTEGER NOT NULL DEFAULT 7,
    "correctionWindowDays" INTEGER NOT NULL DEFAULT 90,
    "makeUpCauses" TEXT NOT NULL DEFAULT 'therapist_absent,school_closed',
    "noDataWeeks" INTEGER NOT NULL DEFAULT 3,
    "notSeenDays" INTEGER NOT NULL DEFAULT 14,
    "dueSoonDays" INTEGER NOT NULL DEFAULT 30,
    "travelMinutes" INTEGER NOT NULL DEFAULT 15,
    "auditRetentionMonths" INTEGER,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DistrictSetting_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EvaluationAssessment" (
    "id" SERIAL NOT NULL,
    "evaluationId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "givenOn" TIMESTAMP(3) NOT NULL,
    "scores" TEXT NOT NULL,
    "meaning" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EvaluationAssessment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReportingPeriod" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "startDate" TIMESTAMP(3) NOT NULL,
    "endDate" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReportingPeriod_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SchoolYear" (
    "id" SERIAL NOT NULL,
    "schoolId" INTEGER,
    "name" TEXT NOT NULL,
    "firstDay" TIMESTAMP(3) NOT NULL,
    "lastDay" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SchoolYear_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DayOff" (
    "id" SERIAL NOT NULL,
    "schoolId" INTEGER,
    "name" TEXT NOT NULL,
    "startDate" TIMESTAMP(3) NOT NULL,
    "endDate" TIMESTAMP(3) NOT NULL,
    "sourceUid" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DayOff_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ScheduleSlot" (
    "id" SERIAL NOT NULL,
    "providerId" INTEGER NOT NULL,
    "weekday" INTEGER NOT NULL,
    "startTime" TEXT NOT NULL,
    "minutes" INTEGER NOT NULL,
    "place" "PlaceOfService" NOT NULL DEFAULT 'therapy_room',
    "serviceType" "ServiceType" NOT NULL,
    "fromDate" TIMESTAMP(3) NOT NULL,
    "toDate" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ScheduleSlot_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ScheduleSlotStudent" (
    "slotId" INTEGER NOT NULL,
    "studentId" INTEGER NOT NULL,

    CONSTRAINT "ScheduleSlotStudent_pkey" PRIMARY KEY ("slotId","studentId")
);

-- CreateTable
CREATE TABLE "ScheduleChange" (
    "id" SERIAL NOT NULL,
    "slotId" INTEGER NOT NULL,
    "date" TIMESTAMP(3) NOT NULL,
    "cancelled" BOOLEAN NOT NULL DEFAULT false,
    "newDate" TIMESTAMP(3),
    "newStartTime" TEXT,
    "reason" TEXT NOT NULL DEFAULT '',
    "cause" "Attendance",
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ScheduleChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RosterImport" (
    "id" SERIAL NOT NULL,
    "fileName" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "encoding" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'previewed',
    "summary" TEXT,
    "progressDone" INTEGER NOT NULL DEFAULT 0,
    "progressTotal" INTEGER NOT NULL DEFAULT 0,
    "createdById" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "RosterImport_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Job" (
    "id" SERIAL NOT NULL,
    "kind" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lockedBy" TEXT,
    "lockedUntil" TIMESTAMP(3),
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "Job_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE UNIQUE INDEX "User_calendarFeedHash_key" ON "User"("calendarFeedHash");

-- CreateIndex
CREATE INDEX "User_role_name_idx" ON "User"("role", "name");

-- CreateIndex
CREATE UNIQUE INDEX "School_name_key" ON "School"("name");

-- CreateIndex
CREATE INDEX "SchoolTherapist_userId_idx" ON "SchoolTherapist"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "Student_districtId_key" ON "Student"("districtId");

-- CreateIndex
CREATE INDEX "Student_schoolId_idx" ON "Student"("schoolId");

-- CreateIndex
CREATE INDEX "Student_lastName_firstName_id_idx" ON "Student"("lastName", "firstName", "id");

-- CreateIndex
CREATE INDEX "StudentTherapist_userId_idx" ON "StudentTherapist"("userId");

-- CreateIndex
CREATE INDEX "StudentTeacher_userId_idx" ON "StudentTeacher"("userId");

-- CreateIndex
CREATE INDEX "AuditEvent_at_idx" ON "AuditEvent"("at");

-- CreateIndex
CREATE INDEX "AuditEvent_actorId_at_idx" ON "AuditEvent"("actorId", "at");

-- CreateIndex
CREATE INDEX "AuditEvent_studentId_at_idx" ON "AuditEvent"("studentId", "at");

-- CreateIndex
CREATE INDEX "AuditEvent_action_at_idx" ON "AuditEvent"("action", "at");

-- CreateIndex
CREATE INDEX "SignInSession_expiresAt_idx" ON "SignInSession"("expiresAt");

-- CreateIndex
CREATE INDEX "SignInSession_userId_idx" ON "SignInSession"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "ServiceMandate_replacesId_key" ON "ServiceMandate"("replacesId");

-- CreateIndex
CREATE INDEX "ServiceMandate_studentId_startDate_idx" ON "ServiceMandate"("studentId", "startDate");

-- CreateIndex
CREATE UNIQUE INDEX "ProgressReportDate_studentId_dueOn_key" ON "ProgressReportDate"("studentId", "dueOn");

-- CreateIndex
CREATE INDEX "Goal_studentId_status_idx" ON "Goal"("studentId", "status");

-- CreateIndex
CREATE INDEX "ApproachChange_goalId_date_idx" ON "ApproachChange"("goalId", "date");

-- CreateIndex
CREATE INDEX "GoalObjective_goalId_position_idx" ON "GoalObjective"("goalId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "GoalVersion_goalId_version_key" ON "GoalVersion"("goalId", "version");

-- CreateIndex
CREATE INDEX "GoalTemplate_area_idx" ON "GoalTemplate"("area");

-- CreateIndex
CREATE INDEX "GoalTemplate_ownerId_idx" ON "GoalTemplate"("ownerId");

-- CreateIndex
CREATE INDEX "SessionLog_providerId_date_idx" ON "SessionLog"("providerId", "date");

-- CreateIndex
CREATE INDEX "SessionLog_scheduleSlotId_scheduledFor_idx" ON "SessionLog"("scheduleSlotId", "scheduledFor");

-- CreateIndex
CREATE INDEX "SessionLog_supervisorId_cosignedAt_idx" ON "SessionLog"("supervisorId", "cosignedAt");

-- CreateIndex
CREATE UNIQUE INDEX "SessionLogVersion_sessionId_version_key" ON "SessionLogVersion"("sessionId", "version");

-- CreateIndex
CREATE UNIQUE INDEX "SessionStudent_makeUpForId_key" ON "SessionStudent"("makeUpForId");

-- CreateIndex
CREATE INDEX "SessionStudent_studentId_sessionId_idx" ON "SessionStudent"("studentId", "sessionId");

-- CreateIndex
CREATE UNIQUE INDEX "SessionStudent_sessionId_studentId_key" ON "SessionStudent"("sessionId", "studentId");

-- CreateIndex
CREATE INDEX "DataPoint_goalId_date_idx" ON "DataPoint"("goalId", "date");

-- CreateIndex
CREATE INDEX "DataPoint_sessionStudentId_idx" ON "DataPoint"("sessionStudentId");

-- CreateIndex
CREATE INDEX "IndirectTime_providerId_date_idx" ON "IndirectTime"("providerId", "date");

-- CreateIndex
CREATE INDEX "ProgressCode_active_position_idx" ON "ProgressCode"("active", "position");

-- CreateIndex
CREATE UNIQUE INDEX "ProgressNote_replacesId_key" ON "ProgressNote"("replacesId");

-- CreateIndex
CREATE INDEX "ProgressNote_studentId_periodEnd_idx" ON "ProgressNote"("studentId", "periodEnd");

-- CreateIndex
CREATE UNIQUE INDEX "ProgressNoteGoal_noteId_goalId_key" ON "ProgressNoteGoal"("noteId", "goalId");

-- CreateIndex
CREATE INDEX "OwnStrategy_ownerId_idx" ON "OwnStrategy"("ownerId");

-- CreateIndex
CREATE INDEX "StudentStrategy_studentId_active_idx" ON "StudentStrategy"("studentId", "active");

-- CreateIndex
CREATE INDEX "StrategyFeedback_studentStrategyId_createdAt_idx" ON "StrategyFeedback"("studentStrategyId", "createdAt");

-- CreateIndex
CREATE INDEX "Concern_schoolId_status_idx" ON "Concern"("schoolId", "status");

-- CreateIndex
CREATE INDEX "Concern_teacherId_idx" ON "Concern"("teacherId");

-- CreateIndex
CREATE INDEX "ConcernMessage_concernId_createdAt_idx" ON "ConcernMessage"("concernId", "createdAt");

-- CreateIndex
CREATE INDEX "Evaluation_studentId_idx" ON "Evaluation"("studentId");

-- CreateIndex
CREATE UNIQUE INDEX "EvaluationFinding_evaluationId_step_key" ON "EvaluationFinding"("evaluationId", "step");

-- CreateIndex
CREATE INDEX "RecoveryCode_userId_idx" ON "RecoveryCode"("userId");

-- CreateIndex
CREATE INDEX "ThrottleCounter_lastFailureAt_idx" ON "ThrottleCounter"("lastFailureAt");

-- CreateIndex
CREATE INDEX "EvaluationAssessment_evaluationId_idx" ON "EvaluationAssessment"("evaluationId");

-- CreateIndex
CREATE UNIQUE INDEX "ReportingPeriod_endDate_key" ON "ReportingPeriod"("endDate");

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
CREATE INDEX "RosterImport_createdAt_idx" ON "RosterImport"("createdAt");

-- CreateIndex
CREATE INDEX "Job_status_id_idx" ON "Job"("status", "id");

-- AddForeignKey
ALTER TABLE "SchoolTherapist" ADD CONSTRAINT "SchoolTherapist_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SchoolTherapist" ADD CONSTRAINT "SchoolTherapist_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Student" ADD CONSTRAINT "Student_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StudentTherapist" ADD CONSTRAINT "StudentTherapist_studentId_fkey" FOREIGN KEY ("studentId") REFERENCES "Student"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StudentTherapist" ADD CONSTRAINT "StudentTherapist_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StudentTeacher" ADD CONSTRAINT "StudentTeacher_studentId_fkey" FOREIGN KEY ("studentId") REFERENCES "Student"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StudentTeacher" ADD CONSTRAINT "StudentTeacher_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditEvent" ADD CONSTRAINT "AuditEvent_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SignInSession" ADD CONSTRAINT "SignInSession_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ServiceMandate" ADD CONSTRAINT "ServiceMandate_studentId_fkey" FOREIGN KEY ("studentId") REFERENCES "Student"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ServiceMandate" ADD CONSTRAINT "ServiceMandate_replacesId_fkey" FOREIGN KEY ("replacesId") REFERENCES "ServiceMandate"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProgressReportDate" ADD CONSTRAINT "ProgressReportDate_studentId_fkey" FOREIGN KEY ("studentId") REFERENCES "Student"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Goal" ADD CONSTRAINT "Goal_studentId_fkey" FOREIGN KEY ("studentId") REFERENCES "Student"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApproachChange" ADD CONSTRAINT "ApproachChange_goalId_fkey" FOREIGN KEY ("goalId") REFERENCES "Goal"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GoalObjective" ADD CONSTRAINT "GoalObjective_goalId_fkey" FOREIGN KEY ("goalId") REFERENCES "Goal"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GoalVersion" ADD CONSTRAINT "GoalVersion_goalId_fkey" FOREIGN KEY ("goalId") REFERENCES "Goal"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GoalTemplate" ADD CONSTRAINT "GoalTemplate_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SessionLog" ADD CONSTRAINT "SessionLog_providerId_fkey" FOREIGN KEY ("providerId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SessionLog" ADD CONSTRAINT "SessionLog_supervisorId_fkey" FOREIGN KEY ("supervisorId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SessionLog" ADD CONSTRAINT "SessionLog_voidedById_fkey" FOREIGN KEY ("voidedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SessionLog" ADD CONSTRAINT "SessionLog_signedById_fkey" FOREIGN KEY ("signedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SessionLog" ADD CONSTRAINT "SessionLog_cosignedById_fkey" FOREIGN KEY ("cosignedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SessionLog" ADD CONSTRAINT "SessionLog_scheduleSlotId_fkey" FOREIGN KEY ("scheduleSlotId") REFERENCES "ScheduleSlot"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SessionLogVersion" ADD CONSTRAINT "SessionLogVersion_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "SessionLog"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SessionStudent" ADD CONSTRAINT "SessionStudent_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "SessionLog"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SessionStudent" ADD CONSTRAINT "SessionStudent_studentId_fkey" FOREIGN KEY ("studentId") REFERENCES "Student"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SessionStudent" ADD CONSTRAINT "SessionStudent_makeUpForId_fkey" FOREIGN KEY ("makeUpForId") REFERENCES "SessionStudent"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DataPoint" ADD CONSTRAINT "DataPoint_goalId_fkey" FOREIGN KEY ("goalId") REFERENCES "Goal"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DataPoint" ADD CONSTRAINT "DataPoint_sessionStudentId_fkey" FOREIGN KEY ("sessionStudentId") REFERENCES "SessionStudent"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IndirectTime" ADD CONSTRAINT "IndirectTime_providerId_fkey" FOREIGN KEY ("providerId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProgressNote" ADD CONSTRAINT "ProgressNote_studentId_fkey" FOREIGN KEY ("studentId") REFERENCES "Student"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProgressNote" ADD CONSTRAINT "ProgressNote_replacesId_fkey" FOREIGN KEY ("replacesId") REFERENCES "ProgressNote"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProgressNote" ADD CONSTRAINT "ProgressNote_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProgressNote" ADD CONSTRAINT "ProgressNote_batchId_fkey" FOREIGN KEY ("batchId") REFERENCES "NoteBatch"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProgressNote" ADD CONSTRAINT "ProgressNote_reportingPeriodId_fkey" FOREIGN KEY ("reportingPeriodId") REFERENCES "ReportingPeriod"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProgressNoteGoal" ADD CONSTRAINT "ProgressNoteGoal_noteId_fkey" FOREIGN KEY ("noteId") REFERENCES "ProgressNote"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProgressNoteGoal" ADD CONSTRAINT "ProgressNoteGoal_goalId_fkey" FOREIGN KEY ("goalId") REFERENCES "Goal"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProgressNoteGoal" ADD CONSTRAINT "ProgressNoteGoal_codeId_fkey" FOREIGN KEY ("codeId") REFERENCES "ProgressCode"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NoteBatch" ADD CONSTRAINT "NoteBatch_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OwnStrategy" ADD CONSTRAINT "OwnStrategy_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StudentStrategy" ADD CONSTRAINT "StudentStrategy_studentId_fkey" FOREIGN KEY ("studentId") REFERENCES "Student"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StudentStrategy" ADD CONSTRAINT "StudentStrategy_goalId_fkey" FOREIGN KEY ("goalId") REFERENCES "Goal"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StrategyFeedback" ADD CONSTRAINT "StrategyFeedback_studentStrategyId_fkey" FOREIGN KEY ("studentStrategyId") REFERENCES "StudentStrategy"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StrategyFeedback" ADD CONSTRAINT "StrategyFeedback_teacherId_fkey" FOREIGN KEY ("teacherId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Concern" ADD CONSTRAINT "Concern_teacherId_fkey" FOREIGN KEY ("teacherId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Concern" ADD CONSTRAINT "Concern_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Concern" ADD CONSTRAINT "Concern_studentId_fkey" FOREIGN KEY ("studentId") REFERENCES "Student"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConcernMessage" ADD CONSTRAINT "ConcernMessage_concernId_fkey" FOREIGN KEY ("concernId") REFERENCES "Concern"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConcernMessage" ADD CONSTRAINT "ConcernMessage_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Evaluation" ADD CONSTRAINT "Evaluation_studentId_fkey" FOREIGN KEY ("studentId") REFERENCES "Student"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EvaluationFinding" ADD CONSTRAINT "EvaluationFinding_evaluationId_fkey" FOREIGN KEY ("evaluationId") REFERENCES "Evaluation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RecoveryCode" ADD CONSTRAINT "RecoveryCode_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EvaluationAssessment" ADD CONSTRAINT "EvaluationAssessment_evaluationId_fkey" FOREIGN KEY ("evaluationId") REFERENCES "Evaluation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SchoolYear" ADD CONSTRAINT "SchoolYear_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DayOff" ADD CONSTRAINT "DayOff_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ScheduleSlot" ADD CONSTRAINT "ScheduleSlot_providerId_fkey" FOREIGN KEY ("providerId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ScheduleSlotStudent" ADD CONSTRAINT "ScheduleSlotStudent_slotId_fkey" FOREIGN KEY ("slotId") REFERENCES "ScheduleSlot"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ScheduleSlotStudent" ADD CONSTRAINT "ScheduleSlotStudent_studentId_fkey" FOREIGN KEY ("studentId") REFERENCES "Student"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ScheduleChange" ADD CONSTRAINT "ScheduleChange_slotId_fkey" FOREIGN KEY ("slotId") REFERENCES "ScheduleSlot"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RosterImport" ADD CONSTRAINT "RosterImport_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- The default progress code set (districts rename or replace it on the admin page), as SQLite's
-- migration 20261130105226_progress_codes inserts it.
INSERT INTO "ProgressCode" ("position", "label", "meaning", "sufficient", "active", "updatedAt") VALUES
  (1, 'Mastered', 'mastered', true, true, CURRENT_TIMESTAMP),
  (2, 'Making progress, expected to meet the goal', 'expected', true, true, CURRENT_TIMESTAMP),
  (3, 'Making progress, may not meet the goal', 'may_not_meet', false, true, CURRENT_TIMESTAMP),
  (4, 'Not making progress', 'no_progress', false, true, CURRENT_TIMESTAMP),
  (5, 'Not yet addressed', 'not_addressed', false, true, CURRENT_TIMESTAMP);
