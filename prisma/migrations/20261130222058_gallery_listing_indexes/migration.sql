-- CreateIndex
CREATE INDEX "Entry_contestId_categoryId_publishedAt_id_idx" ON "Entry"("contestId", "categoryId", "publishedAt", "id");

-- CreateIndex
CREATE INDEX "Entry_contestId_gradeBandId_publishedAt_id_idx" ON "Entry"("contestId", "gradeBandId", "publishedAt", "id");
