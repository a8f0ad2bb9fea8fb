# syntax=docker/dockerfile:1
# Multi-stage build: compile with the dev toolchain, run with production dependencies only, as a non-root user.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN node scripts/build.js --force

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
# The chain-head signing key's folder (SIGNING_KEY_FILE in docker-compose.yml), a volume owned by the app user.
RUN mkdir -p /var/lib/fasttrack/keys && chown node:node /var/lib/fasttrack/keys
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=5 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/health').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
# main.js runs pending migrations before it serves.
CMD ["node", "--heap-growing-percent=100", "dist/src/main.js"]
