# syntax=docker/dockerfile:1

# One image recipe, one target per process:
#   docker build --target worker -t typecast-worker .
#   docker build --target web    -t typecast-web .
# Debian slim (glibc), not Alpine: the Temporal SDK's native core-bridge ships glibc builds.

FROM node:22-bookworm-slim AS base
WORKDIR /app
ENV NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false \
    NPM_CONFIG_AUDIT=false

# All dependencies, from the lockfile only, so this layer is rebuilt only when they change.
FROM base AS deps
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci

# Compile src/ to dist/ and prebuild the workflow bundle the production worker loads.
FROM deps AS build
COPY tsconfig.json tsconfig.build.json ./
COPY scripts/build-workflow-bundle.ts scripts/copy-web-static.ts ./scripts/
COPY src/ ./src/
RUN npm run build

# Runtime dependencies only: the same tree as `deps`, minus devDependencies.
FROM deps AS prod-deps
RUN npm prune --omit=dev

FROM node:22-bookworm-slim AS runtime
# tini as PID 1 forwards SIGTERM to node and reaps zombies, so `docker stop` reaches the
# worker's own shutdown (drain in-flight activities within WORKER_SHUTDOWN_GRACE_SECONDS).
RUN apt-get update \
    && apt-get install -y --no-install-recommends 'tini=0.19.0-1*' \
    && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8000
WORKDIR /app
# Owned by root and read-only to the process user: the app never writes its own code.
COPY package.json ./
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The base image's unprivileged `node` user, by number so runAsNonRoot-style checks can verify it.
USER 1000:1000
ENTRYPOINT ["/usr/bin/tini", "--"]

FROM runtime AS worker
STOPSIGNAL SIGTERM
CMD ["node", "dist/worker.js"]

FROM runtime AS web
EXPOSE 8000
# No curl in slim images: node's fetch asks the app's own health route, which answers 200
# only when Temporal answers.
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
    CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8000) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
STOPSIGNAL SIGTERM
CMD ["node", "dist/web.js"]
