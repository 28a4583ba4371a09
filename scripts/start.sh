#!/bin/sh
# `npm start`: scripts/start.ts with the V8 flags of scripts/lib/node-flags.ts,
# on jemalloc when the system has it (Debian: libjemalloc2). glibc's malloc
# kept ~150 MB more in the app process on PostgreSQL (bench:soak, 2026-12-01:
# peak 508 -> 348 MB, at the end 435 -> 294 MB; README "Memory"). LD_PRELOAD
# works only when set before a process starts, hence this script; `exec`
# keeps it one process, so signals reach node directly.
# scripts/start.ts takes the preload back out of its environment
# (SANSHAI_APP_PRELOAD names what was added here): the worker then gets the
# allocator its supervisor chooses, and ffmpeg and the other tools none, as
# before. An LD_PRELOAD already set (the Docker image sets jemalloc) is kept.
if [ -z "$LD_PRELOAD" ]; then
  for lib in /usr/local/lib/libjemalloc.so.2 /usr/lib/x86_64-linux-gnu/libjemalloc.so.2 /usr/lib/aarch64-linux-gnu/libjemalloc.so.2 /usr/lib64/libjemalloc.so.2; do
    if [ -r "$lib" ] && [ -s "$lib" ]; then
      LD_PRELOAD="$lib"
      SANSHAI_APP_PRELOAD="$lib"
      export LD_PRELOAD SANSHAI_APP_PRELOAD
      break
    fi
  done
fi
exec node --max-semi-space-size=2 --import tsx scripts/start.ts "$@"
