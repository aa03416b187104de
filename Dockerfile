# briefbot in a container: a static binary (pure Go, CGO_ENABLED=0) with the
# curated statements and the time zone database embedded, run as a non-root
# user from a minimal image. No secret is baked in: tokens come at run time,
# as variables or as files (TELEGRAM_TOKEN_FILE, ...). See the README's
# "Deploy" section; cmd/briefbot/docker_test.go checks this file and .ci/run
# runs its build line.
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/briefbot ./cmd/briefbot
# The volume's mount point, owned by the runtime user: the runtime image has
# no shell to make it.
RUN mkdir -p /out/data

FROM gcr.io/distroless/static-debian12:nonroot AS runtime
COPY --from=build /out/briefbot /briefbot
COPY --from=build --chown=65532:65532 /out/data /data
USER 65532:65532
ENV BRIEFBOT_DB=/data/briefbot.db \
    BRIEFBOT_HTTP_ADDR=:8080 \
    BRIEFBOT_LOG_FORMAT=json
VOLUME /data
EXPOSE 8080
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 CMD ["/briefbot", "healthcheck"]
ENTRYPOINT ["/briefbot"]
CMD ["run"]
