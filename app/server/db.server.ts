// The one file that creates Prisma clients. Every process (app, worker,
// scripts, tests) talks to PostgreSQL or embedded PGlite through a
// DATABASE_URL; the embedded case differs only in who started the server.
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "~/generated/prisma/client.ts";
import { getEnv, requireDatabaseUrl } from "./env.server.ts";

export type Db = PrismaClient;
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

let client: PrismaClient | undefined;

export function createDb(url: string, poolMax = getEnv().DATABASE_POOL_MAX): PrismaClient {
  const adapter = new PrismaPg({ connectionString: url, max: poolMax });
  return new PrismaClient({ adapter });
}

/** The process-wide client, created on first use from DATABASE_URL. */
export function getDb(): PrismaClient {
  client ??= createDb(requireDatabaseUrl());
  return client;
}

export async function disconnectDb(): Promise<void> {
  const c = client;
  client = undefined;
  await c?.$disconnect();
}
