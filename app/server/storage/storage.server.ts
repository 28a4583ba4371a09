// The one storage interface the app and the media worker use. Two
// implementations sit behind it: S3 (any S3-compatible server, through the
// minio client, see s3-store.server.ts) and a local directory for the
// embedded default (local-store.server.ts); the contract they share is
// object-store.server.ts, re-exported here so callers import one module.
// Keys come only from ~/domain/storage-keys.ts.
import path from "node:path";
import { getEnv } from "~/server/platform/env.server.ts";
import { LocalStore } from "./local-store.server.ts";
import type { ObjectStore, StoreConfig } from "./object-store.server.ts";
import { S3Store } from "./s3-store.server.ts";

export * from "./object-store.server.ts";

export function createStore(config: StoreConfig): ObjectStore {
  return config.kind === "s3" ? new S3Store(config) : new LocalStore(config);
}

/** Reads the store configuration from the environment: S3 when S3_ENDPOINT is set, else `${dataDir}/objects`. */
export function storeConfigFromEnv(): StoreConfig {
  const env = getEnv();
  if (env.S3_ENDPOINT) {
    return {
      kind: "s3",
      endpoint: env.S3_ENDPOINT,
      region: env.S3_REGION,
      // getEnv() refuses an S3_ENDPOINT without both keys.
      accessKey: env.S3_ACCESS_KEY ?? "",
      secretKey: env.S3_SECRET_KEY ?? "",
      bucket: env.S3_BUCKET,
      pathStyle: env.S3_PATH_STYLE,
      publicEndpoint: env.S3_PUBLIC_ENDPOINT,
    };
  }
  return {
    kind: "local",
    root: path.join(env.dataDir, "objects"),
    resumableUploadDir: path.join(env.dataDir, "uploads"),
  };
}

let singleton: ObjectStore | undefined;

/** The process-wide store (one HTTP agent / one root per process). */
export function getStore(): ObjectStore {
  singleton ??= createStore(storeConfigFromEnv());
  return singleton;
}
