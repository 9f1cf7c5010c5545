# One image holding every partywork binary; Kubernetes picks the binary and
# its mode (serve or migrate) per container. Build it from the repository
# root with any OCI builder:
#   docker build -t partywork:0.1.0 .
#   podman build -t partywork:0.1.0 .
#   buildah build -t partywork:0.1.0 .
# The package lists below are checked against scripts/install and against
# the libraries the binaries link (tests/deploy/image_packages_test.mjs).

# Build: exactly the install script's build group, plus Node.js and npm for
# the googleapis protos (npm package google-proto-files).
FROM debian:12-slim AS build
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      build-essential cmake ninja-build pkg-config ccache \
      protobuf-compiler libprotobuf-dev protobuf-compiler-grpc libgrpc++-dev libabsl-dev \
      libpqxx-dev libpq-dev libssl-dev nlohmann-json3-dev libcivetweb-dev \
      libcpp-jwt-dev libxlsxwriter-dev \
      nodejs npm \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# Dependencies first, so that a source change does not refetch them.
COPY package.json package-lock.json ./
COPY scripts/install scripts/install
RUN scripts/install --build
COPY . .
RUN cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release \
      -DPARTYWORK_BUILD_TESTS=OFF -DPARTYWORK_BUILD_BENCH=OFF \
 && CCACHE_DISABLE=1 cmake --build build -j"$(nproc)" --target \
      partywork-membership partywork-inspection partywork-reporting partywork-gateway partywork-call \
 && strip build/bin/partywork-*

# Runtime: only the shared libraries the binaries link (apt adds what those
# depend on), no compiler, no shell tools beyond the base image's.
FROM debian:12-slim
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      libabsl20220623 libcivetweb1 libgrpc++1.51 libgrpc29 libpqxx-6.4 libprotobuf32 \
      libssl3 libstdc++6 libxlsxwriter4 \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --user-group --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin partywork
COPY --from=build /src/build/bin/partywork-membership /src/build/bin/partywork-inspection \
     /src/build/bin/partywork-reporting /src/build/bin/partywork-gateway \
     /src/build/bin/partywork-call /usr/local/bin/
# Numeric, so that Kubernetes can check runAsNonRoot against it.
USER 10001:10001
EXPOSE 50051 50061 50062 50063 9051 9061 9062 9063
CMD ["partywork-gateway", "serve"]
