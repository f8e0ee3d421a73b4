-- CreateTable
CREATE TABLE "ProgressCode" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "position" INTEGER NOT NULL,
    "label" TEXT NOT NULL,
    "meaning" TEXT NOT NULL,
    "sufficient" BOOLEAN NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "ProgressCode_active_position_idx" ON "ProgressCode"("active", "position");

-- The default code set (districts rename or replace it on the admin page).
INSERT INTO "ProgressCode" ("position", "label", "meaning", "sufficient", "active", "updatedAt") VALUES
  (1, 'Mastered', 'mastered', true, true, CURRENT_TIMESTAMP),
  (2, 'Making progress, expected to meet the goal', 'expected', true, true, CURRENT_TIMESTAMP),
  (3, 'Making progress, may not meet the goal', 'may_not_meet', false, true, CURRENT_TIMESTAMP),
  (4, 'Not making progress', 'no_progress', false, true, CURRENT_TIMESTAMP),
  (5, 'Not yet addressed', 'not_addressed', false, true, CURRENT_TIMESTAMP);
