# LLM monitor container.
#   docker build -t llm-monitor .
#   docker run --init -p 8000:8000 -v llm-monitor-data:/app/data llm-monitor
# (--init gives the server a proper PID 1 so `docker stop` is immediate.)

# --- Stage 1: get the Deno 2 binary from npm. The `deno` package pulls the
# real binary in via the optional dependency @deno/linux-<arch>-glibc; we copy
# that binary out, so the final image needs neither node nor npm.
FROM node:20-bookworm-slim AS deno-bin
RUN npm install --prefix /opt/deno --ignore-scripts --no-audit --no-fund deno@2 \
 && cp /opt/deno/node_modules/@deno/linux-*-glibc/deno /usr/local/bin/deno \
 && /usr/local/bin/deno --version

# --- Stage 2: the app.
FROM debian:bookworm-slim
COPY --from=deno-bin /usr/local/bin/deno /usr/local/bin/deno
ENV DENO_NO_UPDATE_CHECK=1

WORKDIR /app
# Copy the whole app first: deno.json may reference local files (workspace
# members, import-map entries), so installing from deno.json alone could fail.
COPY . .
# Cache all npm/jsr dependencies from deno.json / deno.lock into the image.
RUN deno install

# Persistent app data lives here; mount a volume to keep it.
VOLUME /app/data
EXPOSE 8000
CMD ["deno", "task", "start"]
