#!/usr/bin/env bash
# Installs what godiag needs on a fresh Debian 12 machine, idempotently.
#   scripts/setup.sh          build dependencies (Debian packages)
#   scripts/setup.sh --test   + test peers: the pinned gopls and Delve (and an old Delve), the Go
#                             oracle (golang.org/x/mod)
set -euo pipefail
cd "$(dirname "$0")/.."

# Pinned versions (change them here only).
GOPLS_VERSION="${GOPLS_VERSION:-v0.23.0}"
DLV_VERSION="${DLV_VERSION:-v1.27.2}"          # the Delve the DAP facts were measured on
OLD_DLV_VERSION="${OLD_DLV_VERSION:-v1.25.2}"  # supports Go 1.22-1.25: refuses go1.26 programs

BUILD_PACKAGES=(cmake ninja-build g++ pkg-config libssl-dev libcurl4-openssl-dev libexpected-dev
  nlohmann-json3-dev libfmt-dev libcli11-dev libsimdjson-dev libuv1-dev libgtest-dev libgmock-dev zlib1g-dev)
TEST_PACKAGES=(libbenchmark-dev clang libclang-rt-14-dev git clangd neovim socat openssl)

log() { printf 'setup: %s\n' "$*" >&2; }

install_packages() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing Debian packages: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

need_go() {
  command -v go >/dev/null 2>&1 || { log "the go command is needed for tests (install Go from go.dev/dl)"; exit 1; }
}

install_gopls() {
  local bin="build/tools/bin"
  if [ -x "$bin/gopls" ] && "$bin/gopls" version 2>/dev/null | grep -q "$GOPLS_VERSION"; then return 0; fi
  log "installing gopls $GOPLS_VERSION into $bin"
  mkdir -p "$bin"
  GOBIN="$PWD/$bin" GOFLAGS=-mod=mod go install "golang.org/x/tools/gopls@$GOPLS_VERSION"
}

install_dlv() {  # $1 version, $2 target dir
  local bin="$2"
  if [ -x "$bin/dlv" ] && "$bin/dlv" version 2>/dev/null | grep -q "Version: ${1#v}"; then return 0; fi
  log "installing dlv $1 into $bin"
  mkdir -p "$bin"
  GOBIN="$PWD/$bin" GOFLAGS=-mod=mod go install "github.com/go-delve/delve/cmd/dlv@$1"
}

install_client_libs() {  # VS Code's own vscode-jsonrpc, pinned in tests/lsp/clients/package-lock.json
  if [ -d tests/lsp/clients/node_modules/vscode-jsonrpc ]; then return 0; fi
  command -v npm >/dev/null 2>&1 || { log "node and npm are needed for the tap tests (Node.js 20)"; exit 1; }
  log "installing vscode-jsonrpc for the tap tests (npm ci)"
  (cd tests/lsp/clients && npm ci --no-audit --no-fund --silent)
}

build_oracle() {
  log "building the Go oracle (tests/oracle)"
  (cd tests/oracle/go && GOFLAGS=-mod=mod go build -o ../bin/oracle .)
  (cd tests/oracle/go && GOFLAGS=-mod=mod go build -o ../bin/netserver ./netserver)
}

install_packages "${BUILD_PACKAGES[@]}"
if [ "${1:-}" = "--test" ]; then
  install_packages "${TEST_PACKAGES[@]}"
  need_go
  install_gopls
  install_dlv "$DLV_VERSION" build/tools/bin
  install_dlv "$OLD_DLV_VERSION" build/tools/old-dlv
  install_client_libs
  build_oracle
fi
