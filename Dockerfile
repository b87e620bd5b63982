# syntax=docker/dockerfile:1
# ufo-exporter image: production dependencies only, runs as the unprivileged "node" user (uid 1000).
# The exporter runs compiled (dist/, built in the "build" stage by `npm run build`): plain JavaScript,
# no tsx or esbuild at run time. The simulator runs its TypeScript through tsx.
#   docker build -t ufo-exporter:0.1.0 .                    # the exporter (default target)
#   docker build --target simulator -t ufo-simulator:0.1.0 . # the fleet simulator (compose profile "demo")

FROM node:20-alpine AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

FROM node:20-alpine AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY exporter ./exporter
COPY scripts/build-exporter.ts scripts/standalone-validators.ts ./scripts/
RUN npx tsx scripts/build-exporter.ts

FROM node:20-alpine AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json ./

# The fleet simulator, for demos: a UFO-compatible server (scripts/simulator/).
FROM runtime AS simulator
COPY scripts/simulator ./scripts/simulator
# The log directory a fresh `ufo-logs` volume copies (owner included) on first mount: writable by node.
RUN mkdir -p /var/log/ufo && chown node:node /var/log/ufo
USER node
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:8000/').then(()=>process.exit(0),()=>process.exit(1))"
ENTRYPOINT ["node", "--import", "tsx", "scripts/simulator/main.ts"]
# The API key comes from --api-key or UFO_API_KEY (compose reads it from the secret file).
CMD ["--host", "0.0.0.0", "--port", "8000"]

# The exporter (default target: last stage).
FROM runtime AS exporter
COPY bin ./bin
COPY --from=build /app/dist ./dist
USER node
EXPOSE 9877
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:9877/-/healthy').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# V8's young generation capped, no baseline compiler, less inlining (docs/performance.md); compose and the k8s manifests pass only args.
ENTRYPOINT ["node", "--max-semi-space-size=1", "--no-sparkplug", "--max-inlined-bytecode-size-cumulative=230", "--no-short-builtin-calls", "bin/ufo-exporter.js"]
CMD ["--web.listen-address=0.0.0.0:9877"]
