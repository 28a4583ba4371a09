// vitest setupFiles (integration project): runs in the test file's worker
// before the file is imported, and gives the file a database of its own,
// cloned from the migrated template (tests/setup/database.ts). Files never
// see each other's rows, so they can run in parallel and need no cleanup
// between them.
import { afterAll, inject } from "vitest";
import { disconnectDb } from "~/server/db/db.server.ts";
import { resetEnvForTests } from "~/server/platform/env.server.ts";
import { createTestDatabase } from "./database.ts";

const template = inject("testDatabaseTemplate");
// The server vitest was started with, before DATABASE_URL is pointed at this
// file's database (PostgreSQL only). See tests/setup/database.ts.
if (template.kind === "postgres") process.env.TEST_ADMIN_DATABASE_URL = template.adminUrl;

const database = await createTestDatabase(template);
process.env.DATABASE_URL = database.url;
resetEnvForTests();

afterAll(async () => {
  await disconnectDb();
  await database.drop();
});
