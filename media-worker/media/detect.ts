// The type of a local file from its first bytes (see app/domain/media-kinds.ts).
import { open } from "node:fs/promises";
import { sniffMediaType, SNIFF_BYTES, type SniffResult } from "../../app/domain/media-kinds.ts";

/** `{ ok: true, kind, mime, container }` or `{ ok: false, code, detail }`; never looks at the name. */
export async function detectFileType(filePath: string): Promise<SniffResult> {
  const handle = await open(filePath, "r");
  try {
    const { size } = await handle.stat();
    const head = new Uint8Array(Math.min(SNIFF_BYTES, size));
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return sniffMediaType(head.subarray(0, bytesRead), size);
  } finally {
    await handle.close();
  }
}
