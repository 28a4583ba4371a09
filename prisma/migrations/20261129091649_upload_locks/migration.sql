-- CreateTable
CREATE TABLE "UploadLock" (
    "id" TEXT NOT NULL,
    "holder" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "releaseRequestedAt" TIMESTAMP(3),

    CONSTRAINT "UploadLock_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "UploadLock_expiresAt_idx" ON "UploadLock"("expiresAt");
