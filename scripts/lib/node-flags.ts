// The V8 flags the app and the media worker run with, wherever they are
// started (npm start's scripts/start.sh, the Dockerfile and docker-compose.yml
// spell the same flag out; the worker supervisor, bench/soak.ts and the tests'
// startApp use this list).
//
// --max-semi-space-size=2 (MB): V8's young generation. With Node 24's default
// (up to 16 MB per semi-space) the app on PostgreSQL sat at 474 MB after boot
// and the demo seed; with 2 MB at 362 MB, with 4 MB at 402, with 8 MB at 433
// (same build, same 800 requests after). Serving speed did not change
// (bench:gallery, every request rendered: 77/71/102/78 req/s against
// 75/72/101/83 with the default). README "Memory".
export const SERVER_NODE_FLAGS: readonly string[] = ["--max-semi-space-size=2"];
