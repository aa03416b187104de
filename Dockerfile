# Build a static briefbot (pure Go: CGO_ENABLED=0) and run it from scratch.
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/briefbot ./cmd/briefbot

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/briefbot /briefbot
WORKDIR /home/nonroot
# Tokens and settings come from the environment (see `briefbot --help`).
ENTRYPOINT ["/briefbot"]
CMD ["run"]
