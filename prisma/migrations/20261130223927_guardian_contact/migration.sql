-- AlterTable
ALTER TABLE "StudentProfile" ADD COLUMN     "guardianName" TEXT,
ADD COLUMN     "guardianPhone" TEXT;
