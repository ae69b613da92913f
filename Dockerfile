# syntax=docker/dockerfile:1
# sessionbot's container image: one static binary on an empty (scratch) base,
# running as an unprivileged user (65532), its state in the /data volume.
#
#   docker build -t sessionbot .      (or: podman build --format docker -t sessionbot .)
#   docker run --rm sessionbot version
#
# Build from a git checkout: the .git folder in the build context lets go build
# record the revision, commit time and "modified" flag that `sessionbot version`
# prints. docs/operations.md has the whole story; compose.yaml is an example.

# The Go version of go.mod.
ARG GO_VERSION=1.26.8

FROM docker.io/library/golang:${GO_VERSION}-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
# CGO_ENABLED=0: a static binary that needs no libc; -trimpath: no build paths
# in it. The time zone database is compiled in (time/tzdata in main.go), as
# scratch has no /usr/share/zoneinfo. cmd/sessionbot's TestDockerBuild runs
# this very command line.
RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 go build -trimpath -o /out/usr/local/bin/sessionbot ./cmd/sessionbot
# What scratch lacks: CA certificates for slack.com and https sources, a data
# directory the unprivileged user owns, a /tmp.
RUN mkdir -p /out/etc/ssl/certs /out/data /out/tmp /out/etc/sessionbot \
 && cp /etc/ssl/certs/ca-certificates.crt /out/etc/ssl/certs/ \
 && chmod 1777 /out/tmp

FROM scratch
COPY --from=build /out/etc /etc
COPY --from=build /out/tmp /tmp
COPY --from=build /out/usr /usr
COPY --from=build --chown=65532:65532 /out/data /data
LABEL org.opencontainers.image.title="sessionbot" \
      org.opencontainers.image.description="A conference programme, searchable from Slack" \
      org.opencontainers.image.licenses="Apache-2.0"
# The store and the index live in the volume, whatever data_dir the mounted
# config says. A config mounted at /etc/sessionbot/sessionbot.yaml is read
# without -config (relative paths in it resolve against /etc/sessionbot);
# without one, SESSIONBOT_* variables alone configure the bot.
ENV SESSIONBOT_DATA_DIR=/data
# The operations listener (/healthz, /readyz, /metrics, /backup) inside the
# container only, for the HEALTHCHECK; set SESSIONBOT_OPS_LISTEN=:9090 and
# publish the port to scrape /metrics from outside (and keep /backup away
# from the internet: it is the whole store).
ENV SESSIONBOT_OPS_LISTEN=127.0.0.1:9090
VOLUME /data
WORKDIR /etc/sessionbot
USER 65532:65532
# `sessionbot health` probes the operations listener (ops.listen); see
# docs/operations.md.
HEALTHCHECK --interval=30s --timeout=5s --start-period=2m --retries=3 \
    CMD ["/usr/local/bin/sessionbot", "health"]
ENTRYPOINT ["/usr/local/bin/sessionbot"]
CMD ["run"]
