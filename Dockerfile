# syntax=docker/dockerfile:1
# The modelmux gateway. Build from the repository root, run with a config mounted at /etc/modelmux/modelmux.toml:
#   docker build -t modelmux .
#   docker run --rm -p 8080:8080 -v "$PWD/modelmux.toml:/etc/modelmux/modelmux.toml:ro" -e OPENAI_API_KEY modelmux
#   docker run --rm -p 8080:8080 modelmux demo --host 0.0.0.0     # emulated upstreams, no credentials
# docs/deployment.md explains the image, its environment variables, health checks, workers and shutdown.

ARG NODE_IMAGE=node:20-bookworm

# ---- build: install from the lockfile, build every package, deploy the gateway with its production dependencies
FROM ${NODE_IMAGE} AS build
ENV TURBO_TELEMETRY_DISABLED=1 CI=true
RUN npm install --global --save-exact pnpm@12.4.2
WORKDIR /src
COPY . .
# ensure-native-build.sh points node-gyp at this Node's headers: better-sqlite3 compiles without a download when
# no prebuilt binary fits (make, g++ and python3 come with the bookworm image).
RUN bash -c 'source scripts/ensure-native-build.sh && pnpm install --frozen-lockfile'
RUN pnpm build
RUN bash scripts/deploy-gateway.sh /out

# ---- runtime: Node and the deployed files only, as the unprivileged `node` user
FROM ${NODE_IMAGE}-slim AS runtime
ENV NODE_ENV=production \
    MODELMUX_SERVER__HOST=0.0.0.0 \
    MODELMUX_SERVER__PORT=8080
COPY --from=build /out /app
# The working directory is the one place the gateway may write: the default SQLite response store
# (./.modelmux/responses.sqlite) lives here. Mount a volume on /data to keep it across containers.
RUN mkdir /data && chown node:node /data
WORKDIR /data
USER node
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.MODELMUX_SERVER__PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["node", "/app/dist/cli.js"]
CMD ["serve", "--config", "/etc/modelmux/modelmux.toml"]
