# Multi-stage build: compile in the Rust image, run in a slim Debian image as a non-root user.
FROM rust:1-bookworm AS build
WORKDIR /src
COPY Cargo.toml Cargo.lock build.rs ./
# Cargo.toml declares the benchmarks, so their sources must exist for any build.
COPY benches ./benches
COPY src ./src
COPY migrations ./migrations
COPY locales ./locales
# The supplier checklist and the demo's feeds are embedded into the binary.
COPY data ./data
COPY tests/fixtures/demo ./tests/fixtures/demo
COPY ketenwacht.example.toml ./
RUN cargo build --release --locked --bin ketenwacht

FROM debian:bookworm-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /data --shell /usr/sbin/nologin ketenwacht \
    && mkdir -p /data /etc/ketenwacht \
    && chown ketenwacht /data
COPY --from=build /src/target/release/ketenwacht /usr/local/bin/ketenwacht
COPY ketenwacht.example.toml /etc/ketenwacht/ketenwacht.example.toml
USER ketenwacht
WORKDIR /data
# The SQLite file lives on this volume; set KETENWACHT_DATABASE_URL for PostgreSQL instead.
VOLUME ["/data"]
ENV KETENWACHT_DATABASE_URL=sqlite:///data/ketenwacht.db
ENTRYPOINT ["ketenwacht"]
CMD ["run"]
