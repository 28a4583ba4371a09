// Streamed ZIP downloads (the only archiver import): files are produced one
// at a time and each is handed to the archive only after the previous one has
// been written out, so memory holds about one file whatever the number of
// files; a slow client slows the producer down (backpressure), nothing is
// built in memory first.
import { Readable } from "node:stream";
import { ZipArchive } from "archiver";

export interface ZipFile {
  name: string;
  data: Uint8Array;
}

/** A ZIP of what `files` yields, as a web stream for a Response body. */
export function streamZip(files: AsyncIterable<ZipFile>): ReadableStream<Uint8Array> {
  // PDFs are already compressed: storing them spares the CPU for nothing lost.
  const archive = new ZipArchive({ store: true });
  void (async () => {
    try {
      for await (const file of files) {
        const written = new Promise<void>((resolve, reject) => {
          archive.once("entry", () => resolve());
          archive.once("error", reject);
        });
        archive.append(Buffer.from(file.data), { name: file.name });
        await written;
      }
      await archive.finalize();
    } catch (error) {
      archive.destroy(error instanceof Error ? error : new Error(String(error)));
    }
  })();
  return Readable.toWeb(archive) as ReadableStream<Uint8Array>;
}
