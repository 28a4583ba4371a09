-- CreateIndex
CREATE UNIQUE INDEX "Entry_studentId_categoryId_key" ON "Entry"("studentId", "categoryId");
