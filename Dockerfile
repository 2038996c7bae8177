# syntax=docker/dockerfile:1
# dojo-guard image: ghcr.io/dojo-guard/dojo-guard:<version of package.json>, e.g.
#   docker build -t ghcr.io/dojo-guard/dojo-guard:0.1.0 .
# One image runs `proxy` (the default command), `server` and `sandbox`. The proxy takes its policy
# and upstream from the environment and keeps the audit file and its spool on the volume:
#   docker run --read-only -p 127.0.0.1:8080:8080 -v dojo-guard:/var/lib/dojo-guard \
#     -e DOJO_GUARD_UPSTREAM=http://dojo-mcp:3000/mcp -e AUDIT_HMAC_KEY=$(openssl rand -hex 32) \
#     -e MCP_ROLE_TRIAGE="$(openssl rand -hex 32):writer" ghcr.io/dojo-guard/dojo-guard:0.1.0
# Clients reach it as localhost:8080; for other names set DOJO_GUARD_ALLOWED_HOSTS=name1,name2.
# Checklist (README "Docker"): multi-stage, Node 22, distroless runtime, non-root, read-only root
# filesystem works (all writes go to /var/lib/dojo-guard), HEALTHCHECK, no dev dependencies.
# test/deploy/recipes.e2e.test.ts runs this file's ENTRYPOINT, CMD, ENV and HEALTHCHECK against the
# `npm pack` tarball installed with production dependencies only (what the build stage does).

FROM node:22-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts
COPY tsconfig.json LICENSE README.md CHANGELOG.md SECURITY.md ./
COPY src ./src
COPY policies ./policies
COPY schema ./schema
# The image holds exactly what `npm pack` ships (its prepack builds dist/), with the locked
# production dependencies.
RUN npm pack --silent \
 && mkdir /app && tar -xzf dojo-guard-*.tgz -C /app --strip-components=1 \
 && cp package-lock.json /app/ && cd /app && npm ci --omit=dev --ignore-scripts && rm package-lock.json

FROM gcr.io/distroless/nodejs22-debian12:nonroot
LABEL org.opencontainers.image.title="dojo-guard" \
      org.opencontainers.image.description="Security-hardened policy sidecar for DefectDojo MCP servers" \
      org.opencontainers.image.licenses="Apache-2.0"
COPY --from=build --chown=root:root /app /app
WORKDIR /app
# The audit file and its spool (AUDIT_LOG_FILE.spool/) live on the volume, so the root
# filesystem can be read-only and nothing is lost across container restarts.
ENV NODE_ENV=production \
    DOJO_GUARD_POLICY=/app/policies/dojo-server.yaml \
    DOJO_GUARD_ALLOWED_HOSTS=localhost,127.0.0.1,[::1] \
    AUDIT_LOG_FILE=/var/lib/dojo-guard/audit.jsonl \
    HEALTH_PORT=8080
VOLUME ["/var/lib/dojo-guard"]
USER 65532:65532
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=3s --start-period=10s --retries=3 \
  CMD ["/nodejs/bin/node", "-e", "fetch('http://127.0.0.1:'+(process.env.HEALTH_PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# A young generation of 8 MB semi-spaces (V8's default grows to 16 MB): 1,000 idle sessions
# ~165 → ~144 MB RSS, no measurable CPU cost (bench/README.md, `--guard-node-flags`).
ENTRYPOINT ["/nodejs/bin/node", "--max-semi-space-size=8", "/app/dist/cli/main.js"]
# DOJO_GUARD_UPSTREAM (required) and DOJO_GUARD_POLICY come from the environment.
CMD ["proxy", "--host", "0.0.0.0", "--port", "8080"]
