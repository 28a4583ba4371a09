-- AlterTable
ALTER TABLE "MediaAsset" ADD COLUMN     "timeouts" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "MediaLaneStatus" (
    "workerId" TEXT NOT NULL,
    "lane" TEXT NOT NULL,
    "available" BOOLEAN NOT NULL,
    "problem" TEXT,
    "detail" TEXT,
    "tools" TEXT NOT NULL DEFAULT '',
    "checkedAt" TIMESTAMP(3) NOT NULL,
    "seenAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MediaLaneStatus_pkey" PRIMARY KEY ("workerId","lane")
);

-- CreateIndex
CREATE INDEX "MediaLaneStatus_seenAt_idx" ON "MediaLaneStatus"("seenAt");
