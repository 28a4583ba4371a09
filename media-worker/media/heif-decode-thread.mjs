// Runs in a worker thread (see heif.ts): decodes the primary image of a
// HEIC/HEIF file with libheif compiled to WebAssembly (heic-decode) and posts
// its RGBA pixels back. A thread of its own, because the decode is synchronous
// WebAssembly: on the main thread it would stall the worker's event loop (job
// heartbeats, other lanes) and could not be stopped at a time limit; a thread
// can be terminated, and its WebAssembly memory goes with it.
//
// Plain JavaScript so that it loads the same way under tsx, vitest and plain
// Node, with no TypeScript loader in the thread.
import { readFile } from "node:fs/promises";
import { parentPort, workerData } from "node:worker_threads";
import decode from "heic-decode";

const { inputPath, maxPixels } = workerData;

async function run() {
  const buffer = await readFile(inputPath);
  let images;
  try {
    images = await decode.all({ buffer });
  } catch (error) {
    return { ok: false, code: "unreadable", detail: String(error?.message ?? error) };
  }
  try {
    if (images.length !== 1) return { ok: false, code: "collection", detail: `${images.length} top-level images` };
    const [image] = images;
    if (image.width * image.height > maxPixels) return { ok: false, code: "too_many_pixels", width: image.width, height: image.height };
    const { width, height, data } = await image.decode();
    return { ok: true, width, height, data, opaque: isOpaque(data) };
  } catch (error) {
    return { ok: false, code: "unreadable", detail: String(error?.message ?? error) };
  } finally {
    images.dispose();
  }
}

/** libheif hands back RGBA even for photos without transparency: say so, so the alpha channel can be dropped. */
function isOpaque(rgba) {
  for (let i = 3; i < rgba.length; i += 4) if (rgba[i] !== 255) return false;
  return true;
}

const result = await run();
parentPort.postMessage(result, result.ok ? [result.data.buffer] : []);
