-- CreateEnum
CREATE TYPE "TierRounding" AS ENUM ('FLOOR', 'ROUND_HALF_UP', 'CEIL');

-- CreateEnum
CREATE TYPE "CertificateKind" AS ENUM ('AWARD', 'PARTICIPATION');

-- CreateEnum
CREATE TYPE "ViewSubject" AS ENUM ('ENTRY', 'BOARD', 'PORTFOLIO');

-- AlterEnum
ALTER TYPE "ConsentScope" ADD VALUE 'PUBLIC_FEEDBACK';

-- AlterEnum
BEGIN;
CREATE TYPE "ContestStatus_new" AS ENUM ('DRAFT', 'OPEN', 'SCHOOL_ROUND', 'COUNTY_JUDGING', 'NOTICE', 'FINALISED', 'ARCHIVED');
ALTER TABLE "Contest" ALTER COLUMN "status" DROP DEFAULT;
ALTER TABLE "Contest" ALTER COLUMN "status" TYPE "ContestStatus_new" USING ("status"::text::"ContestStatus_new");
ALTER TYPE "ContestStatus" RENAME TO "ContestStatus_old";
ALTER TYPE "ContestStatus_new" RENAME TO "ContestStatus";
DROP TYPE "ContestStatus_old";
ALTER TABLE "Contest" ALTER COLUMN "status" SET DEFAULT 'DRAFT';
COMMIT;

-- AlterEnum
ALTER TYPE "EntryStatus" ADD VALUE 'NOMINATED';

-- AlterEnum
ALTER TYPE "NominationStatus" ADD VALUE 'WITHDRAWN';

-- DropForeignKey
ALTER TABLE "ViewCount" DROP CONSTRAINT "ViewCount_boardId_fkey";

-- DropForeignKey
ALTER TABLE "ViewCount" DROP CONSTRAINT "ViewCount_publicationId_fkey";

-- DropIndex
DROP INDEX "Nomination_entryId_key";

-- DropIndex
DROP INDEX "ViewCount_publicationId_day_idx";

-- DropIndex
DROP INDEX "ViewCount_boardId_subjectKey_day_key";

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "initialPasswordEnc" TEXT;

-- AlterTable
ALTER TABLE "StudentProfile" ADD COLUMN     "linkCodeEnc" TEXT,
ADD COLUMN     "linkCodeExpiresAt" TIMESTAMP(3),
ADD COLUMN     "linkCodeHash" TEXT,
ADD COLUMN     "portfolioId" TEXT;

-- AlterTable
ALTER TABLE "Contest" DROP COLUMN "judgingClosesAt",
DROP COLUMN "judgingOpensAt",
ADD COLUMN     "countyRoundClosesAt" TIMESTAMP(3),
ADD COLUMN     "countyRoundOpensAt" TIMESTAMP(3),
ADD COLUMN     "finalisedAt" TIMESTAMP(3),
ADD COLUMN     "normaliseMinScores" INTEGER NOT NULL DEFAULT 8,
ADD COLUMN     "participationCertificates" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "schoolRoundClosesAt" TIMESTAMP(3),
ADD COLUMN     "schoolRoundOpensAt" TIMESTAMP(3),
ADD COLUMN     "tierRounding" "TierRounding" NOT NULL DEFAULT 'ROUND_HALF_UP';

-- AlterTable
ALTER TABLE "Category" ADD COLUMN     "defaultSchoolQuota" INTEGER NOT NULL DEFAULT 3;

-- AlterTable
ALTER TABLE "Entry" ADD COLUMN     "disqualifiedAt" TIMESTAMP(3),
ADD COLUMN     "disqualifiedById" TEXT,
ADD COLUMN     "disqualifiedReason" TEXT,
ADD COLUMN     "gradeBandId" TEXT,
ADD COLUMN     "publicId" TEXT,
ADD COLUMN     "publishedAt" TIMESTAMP(3),
ADD COLUMN     "publishedById" TEXT;

-- AlterTable
ALTER TABLE "JudgeAssignment" ADD COLUMN     "recuseReason" TEXT;

-- AlterTable
ALTER TABLE "Nomination" ADD COLUMN     "withdrawnAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "AwardTier" ADD COLUMN     "percent" DECIMAL(5,2);

-- AlterTable
ALTER TABLE "Award" ADD COLUMN     "changeReason" TEXT,
ADD COLUMN     "changedById" TEXT,
ADD COLUMN     "computedTierId" TEXT;

-- AlterTable
ALTER TABLE "Objection" ADD COLUMN     "ipHash" TEXT,
ALTER COLUMN "submitterName" DROP NOT NULL,
ALTER COLUMN "submitterContact" DROP NOT NULL;

-- AlterTable
ALTER TABLE "Certificate" ADD COLUMN     "contestId" TEXT NOT NULL,
ADD COLUMN     "dedupeKey" TEXT NOT NULL,
ADD COLUMN     "entryId" TEXT,
ADD COLUMN     "kind" "CertificateKind" NOT NULL DEFAULT 'AWARD',
ADD COLUMN     "studentId" TEXT NOT NULL,
ALTER COLUMN "awardId" DROP NOT NULL;

-- AlterTable
ALTER TABLE "GalleryBoard" ADD COLUMN     "sortOrder" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "ViewCount" DROP CONSTRAINT "ViewCount_pkey",
DROP COLUMN "boardId",
DROP COLUMN "id",
DROP COLUMN "publicationId",
DROP COLUMN "subjectKey",
ADD COLUMN     "schoolId" TEXT,
ADD COLUMN     "subjectId" TEXT NOT NULL,
ADD COLUMN     "subjectType" "ViewSubject" NOT NULL,
ADD CONSTRAINT "ViewCount_pkey" PRIMARY KEY ("subjectType", "subjectId", "day");

-- CreateTable
CREATE TABLE "GradeBand" (
    "id" TEXT NOT NULL,
    "contestId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "gradeMin" INTEGER NOT NULL,
    "gradeMax" INTEGER NOT NULL,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "GradeBand_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "JudgeConflict" (
    "id" TEXT NOT NULL,
    "contestId" TEXT NOT NULL,
    "judgeId" TEXT NOT NULL,
    "schoolId" TEXT,
    "entryId" TEXT,
    "reason" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "JudgeConflict_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ResultSet" (
    "id" TEXT NOT NULL,
    "contestId" TEXT NOT NULL,
    "categoryId" TEXT NOT NULL,
    "gradeBandId" TEXT NOT NULL,
    "computedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "normalised" BOOLEAN NOT NULL,
    "details" JSONB NOT NULL,

    CONSTRAINT "ResultSet_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "GradeBand_contestId_sortOrder_idx" ON "GradeBand"("contestId", "sortOrder");

-- CreateIndex
CREATE UNIQUE INDEX "GradeBand_contestId_name_key" ON "GradeBand"("contestId", "name");

-- CreateIndex
CREATE INDEX "JudgeConflict_contestId_judgeId_idx" ON "JudgeConflict"("contestId", "judgeId");

-- CreateIndex
CREATE UNIQUE INDEX "ResultSet_contestId_categoryId_gradeBandId_key" ON "ResultSet"("contestId", "categoryId", "gradeBandId");

-- CreateIndex
CREATE UNIQUE INDEX "StudentProfile_linkCodeHash_key" ON "StudentProfile"("linkCodeHash");

-- CreateIndex
CREATE UNIQUE INDEX "StudentProfile_portfolioId_key" ON "StudentProfile"("portfolioId");

-- CreateIndex
CREATE UNIQUE INDEX "StudentProfile_classId_studentNumber_key" ON "StudentProfile"("classId", "studentNumber");

-- CreateIndex
CREATE UNIQUE INDEX "Entry_publicId_key" ON "Entry"("publicId");

-- CreateIndex
CREATE INDEX "Entry_contestId_publishedAt_id_idx" ON "Entry"("contestId", "publishedAt", "id");

-- CreateIndex
CREATE INDEX "Nomination_entryId_status_idx" ON "Nomination"("entryId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "Certificate_dedupeKey_key" ON "Certificate"("dedupeKey");

-- CreateIndex
CREATE INDEX "Certificate_contestId_kind_idx" ON "Certificate"("contestId", "kind");

-- CreateIndex
CREATE INDEX "Certificate_studentId_idx" ON "Certificate"("studentId");

-- CreateIndex
CREATE INDEX "ViewCount_day_idx" ON "ViewCount"("day");

-- CreateIndex
CREATE INDEX "ViewCount_schoolId_day_idx" ON "ViewCount"("schoolId", "day");

-- AddForeignKey
ALTER TABLE "GradeBand" ADD CONSTRAINT "GradeBand_contestId_fkey" FOREIGN KEY ("contestId") REFERENCES "Contest"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Entry" ADD CONSTRAINT "Entry_gradeBandId_fkey" FOREIGN KEY ("gradeBandId") REFERENCES "GradeBand"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Entry" ADD CONSTRAINT "Entry_disqualifiedById_fkey" FOREIGN KEY ("disqualifiedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Entry" ADD CONSTRAINT "Entry_publishedById_fkey" FOREIGN KEY ("publishedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "JudgeConflict" ADD CONSTRAINT "JudgeConflict_contestId_fkey" FOREIGN KEY ("contestId") REFERENCES "Contest"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "JudgeConflict" ADD CONSTRAINT "JudgeConflict_judgeId_fkey" FOREIGN KEY ("judgeId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "JudgeConflict" ADD CONSTRAINT "JudgeConflict_entryId_fkey" FOREIGN KEY ("entryId") REFERENCES "Entry"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Award" ADD CONSTRAINT "Award_changedById_fkey" FOREIGN KEY ("changedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ResultSet" ADD CONSTRAINT "ResultSet_contestId_fkey" FOREIGN KEY ("contestId") REFERENCES "Contest"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ResultSet" ADD CONSTRAINT "ResultSet_categoryId_fkey" FOREIGN KEY ("categoryId") REFERENCES "Category"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ResultSet" ADD CONSTRAINT "ResultSet_gradeBandId_fkey" FOREIGN KEY ("gradeBandId") REFERENCES "GradeBand"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Certificate" ADD CONSTRAINT "Certificate_contestId_fkey" FOREIGN KEY ("contestId") REFERENCES "Contest"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Certificate" ADD CONSTRAINT "Certificate_entryId_fkey" FOREIGN KEY ("entryId") REFERENCES "Entry"("id") ON DELETE CASCADE ON UPDATE CASCADE;
