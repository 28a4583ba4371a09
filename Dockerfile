# syntax=docker/dockerfile:1
# One image, two commands: the web app (default CMD) and the media worker
# (docker-compose.yml overrides the command). Debian's ffmpeg (maintained,
# security-patched), Noto CJK fonts (certificates and posters in Chinese) and
# heif-convert (iPhone HEIC photos, which sharp's prebuilt libvips cannot read).

FROM node:24-bookworm-slim AS runtime-base
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      ffmpeg fonts-noto-cjk libheif-examples libjemalloc2 ca-certificates tini \
 && rm -rf /var/lib/apt/lists/* \
 && ln -s "$(ls /usr/lib/*-linux-gnu/libjemalloc.so.2)" /usr/local/lib/libjemalloc.so.2
# jemalloc for every process of the image: libvips' threads fragment glibc's
# malloc arenas in a long-running worker (README "Memory"); the app gains too.
ENV LD_PRELOAD=/usr/local/lib/libjemalloc.so.2
WORKDIR /app

FROM runtime-base AS build
# Dev dependencies are needed at run time too: the server runs TypeScript
# through tsx, and the Remix/Vite toolchain builds the client here.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# Writes build/ with the source hash scripts/start.ts checks, so the app does not rebuild at start.
RUN npm run -s db:generate && node --import tsx scripts/build.ts

FROM runtime-base AS app
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/data
COPY --from=build --chown=node:node /app /app
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 3000
# tini: signals reach node (graceful shutdown on docker stop) and zombies are reaped.
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "--max-semi-space-size=2", "--import", "tsx", "scripts/start.ts", "--no-worker"]
