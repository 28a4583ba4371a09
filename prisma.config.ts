// Prisma CLI configuration. The CLI is only used for `prisma generate` here
// (offline, see prisma/generate.ts); migrations run through prisma/migrate.ts.
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
