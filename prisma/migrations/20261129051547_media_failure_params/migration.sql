-- AlterTable
ALTER TABLE "MediaAsset" ADD COLUMN     "failureParams" JSONB;
