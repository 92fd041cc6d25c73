# syntax=docker/dockerfile:1
# progress-monitor: one image for every role.
#   API:    node dist/apps/api/src/main.js      (the default; PROCESS_ROLE=api for HTTP only)
#   worker: node dist/apps/worker/src/main.js   (consumers: projections, monitor, mail sender)
#   CLI:    node dist/apps/cli/src/main.js …
# Needs DATABASE_URL (the embedded PostgreSQL of `npm start` is for a developer machine, not a container;
# its npm package is a runtime dependency and stays unused when DATABASE_URL is set).

ARG NODE_IMAGE=node:20-bookworm-slim

# ── build: full install (dev dependencies: TypeScript, tsc-alias), compile to dist/ ──────────────
FROM ${NODE_IMAGE} AS build
WORKDIR /app
# The project's package manager: npm 11 runs only the install scripts package.json allows.
RUN npm install -g npm@11.19.1 --no-audit --no-fund
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY apps ./apps
COPY libs ./libs
# `npm run build` = tsc -p tsconfig.build.json && tsc-alias (rewrites @app/* imports in dist/).
# The API serves the dashboard from apps/dashboard/dist: built here with Vite (a dev dependency) by
# apps/dashboard/ensure-build.cjs when the dashboard is in the tree; the folder exists either way.
RUN npm run build \
 && if [ -f apps/dashboard/ensure-build.cjs ]; then node apps/dashboard/ensure-build.cjs; fi \
 && mkdir -p apps/dashboard/dist

# ── runtime: production dependencies, dist/, seeds/; runs as the unprivileged `node` user ─────────
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    DATA_DIR=/var/lib/progress-monitor \
    PORT=3000
WORKDIR /app
RUN npm install -g npm@11.19.1 --no-audit --no-fund
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY --from=build /app/apps/dashboard/dist ./apps/dashboard/dist
COPY seeds ./seeds
# (evidence/ exists in the image so that a volume mounted there starts owned by `node`)
RUN mkdir -p "$DATA_DIR/evidence" && chown -R node:node "$DATA_DIR"
USER node
# V8's young generation as `npm start` sizes it (package.json's start scripts), for every role: fewer scavenges per
# request (bench/README.md, "http"). Set here, after the image's own npm runs.
ENV NODE_OPTIONS=--max-semi-space-size=64
EXPOSE 3000
CMD ["node", "dist/apps/api/src/main.js"]
