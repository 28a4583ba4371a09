// The import boundaries in eslint.config.js, shown failing: synthetic sources
// placed (by file path only, nothing is written) in each zone and linted with
// the project's own configuration through ESLint's Node API. A boundary that a
// config edit quietly drops makes its case here fail.
import { ESLint } from "eslint";
import { beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../setup/import-graph.ts";

const BOUNDARY_RULES = new Set(["no-restricted-imports", "@typescript-eslint/no-restricted-imports"]);

let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: REPO_ROOT });
});

/** The boundary errors ESLint reports for `code` placed at `filePath`. */
async function boundaryErrors(filePath: string, code: string): Promise<{ rule: string; message: string }[]> {
  const [result] = await eslint.lintText(code, { filePath });
  const fatal = result!.messages.filter((m) => m.fatal);
  expect(fatal, "the snippet must parse").toEqual([]);
  return result!.messages.filter((m) => m.ruleId && BOUNDARY_RULES.has(m.ruleId)).map((m) => ({ rule: m.ruleId!, message: m.message }));
}

type Case = [where: string, filePath: string, code: string, rule: string, says: RegExp];

const FORBIDDEN: Case[] = [
  ["domain imports node:fs", "app/domain/probe.ts", 'import fs from "node:fs";\nexport const x = fs;', "no-restricted-imports", /app\/domain does no I\/O/],
  ["domain imports a bare built-in", "app/domain/probe.ts", 'import { randomUUID } from "crypto";\nexport const x = randomUUID;', "no-restricted-imports", /Node's built-in/],
  ["domain imports a server module", "app/domain/probe.ts", 'import { getDb } from "~/server/db/db.server.ts";\nexport const x = getDb;', "no-restricted-imports", /imported by app\/server/],
  ["domain imports a server module by a relative path", "app/domain/intake/probe.ts", 'import { getDb } from "../../server/db/db.server.ts";\nexport const x = getDb;', "no-restricted-imports", /imported by app\/server/],
  ["domain imports React", "app/domain/probe.ts", 'import { useState } from "react";\nexport const x = useState;', "no-restricted-imports", /react is for app\/server/],
  ["domain imports pg-boss", "app/domain/probe.ts", 'import { PgBoss } from "pg-boss";\nexport const x = PgBoss;', "no-restricted-imports", /pg-boss/],
  ["domain loads the generated client as a value", "app/domain/probe.ts", 'import { PrismaClient } from "~/generated/prisma/client.ts";\nexport const x = PrismaClient;', "@typescript-eslint/no-restricted-imports", /app\/server\/db\/db\.server\.ts/],
  ["a view model imports a server module", "app/view-models/probe.ts", 'import type { Db } from "~/server/db/db.server.ts";\nexport type X = Db;', "no-restricted-imports", /app\/view-models does no I\/O/],
  ["a component imports a server module", "app/components/probe.tsx", 'import { getStore } from "~/server/storage/storage.server.ts";\nexport const x = getStore;', "no-restricted-imports", /app\/view-models/],
  ["a component imports only a type from a server module", "app/components/entry/probe.ts", 'import type { EntryFile } from "~/server/entries/entry-queries.server.ts";\nexport type X = EntryFile;', "no-restricted-imports", /not even types/],
  ["a component imports a *.server.ts by a relative path", "app/components/entry/probe.ts", 'import type { X } from "../../server/x.server.ts";\nexport type Y = X;', "no-restricted-imports", /not even types/],
  ["the worker imports @remix-run/node", "media-worker/handlers/probe.ts", 'import { json } from "@remix-run/node";\nexport const x = json;', "no-restricted-imports", /never loads Remix/],
  ["the worker imports React", "media-worker/probe.ts", 'import React from "react";\nexport const x = React;', "no-restricted-imports", /never loads React/],
  ["the worker imports a route", "media-worker/handlers/probe.ts", 'import { loader } from "../../app/routes/home.tsx";\nexport const x = loader;', "no-restricted-imports", /routes or components/],
  ["the worker imports a component", "media-worker/probe.ts", 'import { Button } from "~/components/button.tsx";\nexport const x = Button;', "no-restricted-imports", /routes or components/],
  ["the worker imports the React side of i18n", "media-worker/probe.ts", 'import { useT } from "~/i18n/index.ts";\nexport const x = useT;', "no-restricted-imports", /React side of i18n/],
  ["the worker imports auth", "media-worker/handlers/probe.ts", 'import { getUser } from "~/server/auth/auth.server.ts";\nexport const x = getUser;', "no-restricted-imports", /never loads the web app/],
  ["the worker imports the tus endpoint", "media-worker/handlers/probe.ts", 'import { createUploadHandler } from "~/server/uploads/uploads.server.ts";\nexport const x = createUploadHandler;', "no-restricted-imports", /never loads the web app/],
  ["a route imports sharp", "app/routes/probe.tsx", 'import sharp from "sharp";\nexport const x = sharp;', "@typescript-eslint/no-restricted-imports", /sharp is owned by media-worker\/media\/image\.ts/],
  ["a server module imports minio", "app/server/storage/probe.server.ts", 'import * as Minio from "minio";\nexport const x = Minio;', "@typescript-eslint/no-restricted-imports", /minio is owned by app\/server\/storage\/s3-store\.server\.ts/],
  ["a server module imports pg", "app/server/media/probe.server.ts", 'import pg from "pg";\nexport const x = pg;', "@typescript-eslint/no-restricted-imports", /pg is owned by app\/server\/db\/db\.server\.ts/],
  ["a worker module imports pg-boss", "media-worker/probe.ts", 'import { PgBoss } from "pg-boss";\nexport const x = PgBoss;', "@typescript-eslint/no-restricted-imports", /app\/server\/jobs\/queue\.server\.ts/],
  ["a server module loads express as a value", "app/server/media/probe.server.ts", 'import express from "express";\nexport const x = express;', "@typescript-eslint/no-restricted-imports", /app\/server\/platform\/http\.server\.ts/],
  ["another PDF module imports fontkit", "app/server/documents/pdf/probe.server.ts", 'import fontkit from "@pdf-lib/fontkit";\nexport const x = fontkit;', "@typescript-eslint/no-restricted-imports", /fonts\.server\.ts/],
  ["a route imports exceljs", "app/routes/probe.ts", 'import ExcelJS from "exceljs";\nexport const x = ExcelJS;', "@typescript-eslint/no-restricted-imports", /sheets\.server\.ts/],
  ["a server module imports archiver", "app/server/documents/probe.server.ts", 'import archiver from "archiver";\nexport const x = archiver;', "@typescript-eslint/no-restricted-imports", /zip\.server\.ts/],
  ["a component imports @tus/server", "app/components/probe.ts", 'import { Server } from "@tus/server";\nexport const x = Server;', "@typescript-eslint/no-restricted-imports", /app\/server\/uploads/],
  ["a route loads the generated client as a value", "app/routes/probe.ts", 'import { Prisma } from "~/generated/prisma/client.ts";\nexport const x = Prisma;', "@typescript-eslint/no-restricted-imports", /db\.server\.ts/],
  ["a server module renders React", "app/server/media/probe.server.ts", 'import { renderToString } from "react-dom/server";\nexport const x = renderToString;', "no-restricted-imports", /React belongs to routes and components/],
];

const ALLOWED: [where: string, filePath: string, code: string][] = [
  ["domain imports zod and other domain modules", "app/domain/probe.ts", 'import { z } from "zod";\nimport { isRole } from "./roles.ts";\nexport const x = [z, isRole];'],
  ["domain imports a generated enum's type", "app/domain/probe.ts", 'import type { MediaKind } from "~/generated/prisma/enums.ts";\nexport type X = MediaKind;'],
  ["a component imports a view model and the domain", "app/components/entry/probe.ts", 'import type { EntryFile } from "~/view-models/entries.ts";\nimport { toMediaKind } from "~/domain/upload-rules.ts";\nexport const x = toMediaKind;\nexport type X = EntryFile;'],
  ["the worker imports the shared server modules", "media-worker/handlers/probe.ts", 'import { getDb } from "~/server/db/db.server.ts";\nimport { sweepAbandonedUploads } from "~/server/uploads/upload-store.server.ts";\nimport { t } from "~/i18n/t.ts";\nexport const x = [getDb, sweepAbandonedUploads, t];'],
  ["the image engine imports sharp", "media-worker/media/image.ts", 'import sharp from "sharp";\nexport const x = sharp;'],
  ["the S3 store imports minio", "app/server/storage/s3-store.server.ts", 'import * as Minio from "minio";\nexport const x = Minio;'],
  ["the db module loads the generated client", "app/server/db/db.server.ts", 'import { PrismaClient } from "~/generated/prisma/client.ts";\nimport { PrismaPg } from "@prisma/adapter-pg";\nexport const x = [PrismaClient, PrismaPg];'],
  ["the font module imports fontkit, font files and pdf-lib", "app/server/documents/pdf/fonts.server.ts", 'import fontkit from "@pdf-lib/fontkit";\nimport { PDFDocument } from "pdf-lib";\nimport font from "@fontsource/noto-sans-sc/files/x.woff";\nexport const x = [fontkit, PDFDocument, font];'],
  ["another PDF module imports pdf-lib", "app/server/documents/pdf/probe.server.ts", 'import { PDFDocument } from "pdf-lib";\nexport const x = PDFDocument;'],
  ["the upload modules import tus", "app/server/uploads/probe.server.ts", 'import { S3Store } from "@tus/s3-store";\nimport { Server } from "@tus/server";\nexport const x = [S3Store, Server];'],
  ["a server module imports express types", "app/server/uploads/probe.server.ts", 'import type { RequestHandler } from "express";\nexport type X = RequestHandler;'],
  ["a server module imports the Prisma namespace's types", "app/server/media/probe.server.ts", 'import type { Prisma } from "~/generated/prisma/client.ts";\nexport type X = Prisma.MediaAssetWhereInput;'],
  ["a test inspects outputs with sharp and pg", "tests/integration/probe.test.ts", 'import sharp from "sharp";\nimport pg from "pg";\nexport const x = [sharp, pg];'],
  ["a unit test beside the PDF code uses fontkit", "app/server/documents/pdf/probe.server.test.ts", 'import fontkit from "@pdf-lib/fontkit";\nexport const x = fontkit;'],
  ["a route imports server modules", "app/routes/probe.tsx", 'import { requireUser } from "~/server/auth/auth.server.ts";\nexport const x = requireUser;'],
];

describe("import boundaries (eslint.config.js)", () => {
  it.each(FORBIDDEN)("refuses: %s", async (_where, filePath, code, rule, says) => {
    const errors = await boundaryErrors(filePath, code);
    expect(errors, JSON.stringify(errors)).toEqual(expect.arrayContaining([{ rule, message: expect.stringMatching(says) }]));
  });

  it.each(ALLOWED)("allows: %s", async (_where, filePath, code) => {
    expect(await boundaryErrors(filePath, code)).toEqual([]);
  });
});
