// Builds the web app the way `npm start` does (content-hash stamp included),
// for images and CI: `node --import tsx scripts/build.ts`. `npm run build`
// (remix vite:build) works too, but leaves no stamp, so the next start rebuilds.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ensureRemixBuild } from "./lib/remix-build.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { built } = await ensureRemixBuild(root, (message) => console.info(message));
console.info(built ? "web app built" : "web app build is up to date");
