// Process memory: which allocator a process runs on, the environment that
// gives a child process a better one, and periodic "memory" log lines.
//
// Why: libvips (inside sharp) allocates from many threads; under glibc's
// malloc each thread gets its own arena and freed memory stays scattered over
// them, so a long-running media worker's resident size creeps upward job after
// job (measured in README "Memory"). jemalloc returns memory to the system and
// does not fragment this way; where it is missing, glibc with two arenas
// (MALLOC_ARENA_MAX=2) gets most of the way. Both must be in the environment
// before the process starts, so the parent (scripts/lib/worker-supervisor.ts)
// sets them.
import fs from "node:fs";
import type { Logger } from "./log.server.ts";

/** Where Debian (and the Docker image) put jemalloc; the first that exists is used. */
export const JEMALLOC_CANDIDATES = [
  "/usr/local/lib/libjemalloc.so.2",
  "/usr/lib/x86_64-linux-gnu/libjemalloc.so.2",
  "/usr/lib/aarch64-linux-gnu/libjemalloc.so.2",
  "/usr/lib64/libjemalloc.so.2",
  "/usr/lib/libjemalloc.so.2",
];

export type AllocatorChoice = "auto" | "jemalloc" | "arenas" | "glibc";

export interface AllocatorEnv {
  /** What the child will run on. */
  allocator: "jemalloc" | "glibc-2-arenas" | "glibc";
  /** Variables to add to the child's environment. */
  env: Record<string, string>;
  /** Set when jemalloc was asked for (or preferred) and is missing. */
  note?: string;
}

/**
 * The environment a long-running media process should start with. "auto":
 * jemalloc when the system has it (LD_PRELOAD), else MALLOC_ARENA_MAX=2. An
 * LD_PRELOAD already naming jemalloc (the Docker image sets it) is kept.
 */
export function allocatorEnv(choice: AllocatorChoice, current: Record<string, string | undefined>, exists: (p: string) => boolean = fs.existsSync): AllocatorEnv {
  if (choice === "glibc") return { allocator: "glibc", env: {} };
  const preloaded = current.LD_PRELOAD ?? "";
  if (/libjemalloc/.test(preloaded) && choice !== "arenas") return { allocator: "jemalloc", env: {} };
  const library = choice === "arenas" ? undefined : JEMALLOC_CANDIDATES.find((p) => exists(p));
  if (library) {
    return { allocator: "jemalloc", env: { LD_PRELOAD: preloaded ? `${library}:${preloaded}` : library } };
  }
  return {
    allocator: "glibc-2-arenas",
    env: { MALLOC_ARENA_MAX: "2" },
    ...(choice === "jemalloc" || choice === "auto" ? { note: "libjemalloc.so.2 not found (Debian: apt-get install libjemalloc2): the media worker runs on glibc malloc with MALLOC_ARENA_MAX=2" } : {}),
  };
}

/** The allocator this process runs on, from its own memory map and environment (Linux; elsewhere "unknown"). */
export function currentAllocator(): "jemalloc" | "glibc-2-arenas" | "glibc" | "unknown" {
  let maps: string;
  try {
    maps = fs.readFileSync("/proc/self/maps", "utf8");
  } catch {
    return "unknown";
  }
  if (/libjemalloc/.test(maps)) return "jemalloc";
  const arenas = Number(process.env.MALLOC_ARENA_MAX);
  return arenas > 0 && arenas <= 2 ? "glibc-2-arenas" : "glibc";
}

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

/** process.memoryUsage() in MB, one decimal. */
export function memoryFigures(): { rssMb: number; heapUsedMb: number; heapTotalMb: number; externalMb: number; arrayBuffersMb: number } {
  const m = process.memoryUsage();
  return { rssMb: mb(m.rss), heapUsedMb: mb(m.heapUsed), heapTotalMb: mb(m.heapTotal), externalMb: mb(m.external), arrayBuffersMb: mb(m.arrayBuffers) };
}

/**
 * A "memory" log line every `seconds` (0: none), for the soak benchmark and
 * for an operator who wants to watch. The timer never keeps the process alive.
 */
export function startMemoryReports(log: Logger, seconds: number, extra: () => Record<string, unknown> = () => ({})): () => void {
  if (seconds <= 0) return () => undefined;
  const timer = setInterval(() => log.info("memory", { pid: process.pid, ...memoryFigures(), ...extra() }), seconds * 1000);
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * The exit code of a worker that stopped at its memory ceiling after finishing
 * its jobs (EX_TEMPFAIL): its supervisor starts a fresh one at once, without
 * the crash backoff.
 */
export const EXIT_MEMORY_CEILING = 75;
