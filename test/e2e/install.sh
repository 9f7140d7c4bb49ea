#!/usr/bin/env bash
# Installs everything the real-editor tests need, idempotently (skips what is present):
#   - Debian packages (chromium, ripgrep, neovim, code-server's native build needs)
#   - code-server@4.100.3 and playwright-core into .cache/code-server/ (ignored by git)
# Works on a fresh machine as root with no stdin (CI); needs only the npm registry and Debian apt.
# Writes nothing into the user's home: npm's cache is .cache/npm, code-server's config a throw-away
# folder under .cache/tmp.
set -euo pipefail

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
CACHE="$REPO_ROOT/.cache"
CS_VERSION=4.100.3
CS_DIR="$CACHE/code-server"
CS_MARK="$CS_DIR/.installed-$CS_VERSION"
# @vscode/ripgrep version bundled by code-server 4.100.3 and the rg build it asks for.
RG_CACHE_NAME=vscode-ripgrep-cache-1.15.11
RG_TARBALL=ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz

log() { echo "[e2e-install] $*"; }

APT_PKGS=(chromium fonts-dejavu-core ripgrep neovim build-essential pkg-config python3 libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev)

missing=()
for p in "${APT_PKGS[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  if [ "$status" != "install ok installed" ]; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  log "installing Debian packages: ${missing[*]}"
  SUDO=
  if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi
  export DEBIAN_FRONTEND=noninteractive
  mkdir -p "$CACHE"
  apt_log="$CACHE/apt-install.log"
  if ! { $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -q &&
         $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"; } \
       </dev/null >"$apt_log" 2>&1; then
    echo "[e2e-install] apt-get failed; last lines of $apt_log:" >&2
    tail -30 "$apt_log" >&2
    exit 1
  fi
else
  log "Debian packages present"
fi

if [ -f "$CS_MARK" ] && [ -x "$CS_DIR/node_modules/.bin/code-server" ] && [ -d "$CS_DIR/node_modules/playwright-core" ]; then
  log "code-server $CS_VERSION and playwright-core present in .cache/code-server"
  exit 0
fi

# playwright-core: the same range as the repo's devDependency (kept in step with Debian's Chromium).
PW_SPEC=$(node -p "(require('$REPO_ROOT/package.json').devDependencies || {})['playwright-core'] || '1'" 2>/dev/null || echo 1)
log "installing code-server@$CS_VERSION and playwright-core@$PW_SPEC into .cache/code-server (takes about a minute)"
mkdir -p "$CS_DIR" "$CACHE/tmp"
# @vscode/ripgrep's postinstall downloads rg from GitHub (unreachable): pre-seed its download
# cache (under os.tmpdir()) with a tarball holding Debian's rg.
mkdir -p "$CACHE/tmp/$RG_CACHE_NAME" "$CACHE/tmp/rgstage"
cp /usr/bin/rg "$CACHE/tmp/rgstage/rg"
tar czf "$CACHE/tmp/$RG_CACHE_NAME/$RG_TARBALL" -C "$CACHE/tmp/rgstage" rg
[ -f "$CS_DIR/package.json" ] || echo '{"name":"evidence-lens-e2e-tools","private":true}' > "$CS_DIR/package.json"
cd "$CS_DIR"
# npm_config_unsafe_perm: code-server's postinstall refuses to run as root without it.
# npm_config_yes: node-pty's postinstall runs `npx node-gyp`, which would prompt (or be cancelled).
# npm_config_nodedir=/usr: build native modules against the installed Node headers (no download).
TMPDIR="$CACHE/tmp" npm_config_cache="$CACHE/npm" npm_config_unsafe_perm=true npm_config_yes=true npm_config_nodedir=/usr \
  npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false \
  npm install --no-save --foreground-scripts --loglevel=warn "code-server@$CS_VERSION" "playwright-core@$PW_SPEC" </dev/null \
  > "$CACHE/code-server-install.log" 2>&1 || {
    echo "[e2e-install] npm install failed; last lines of $CACHE/code-server-install.log:" >&2
    tail -40 "$CACHE/code-server-install.log" >&2
    exit 1
  }
# code-server writes a default config file into the user's home on its first run and says so on
# stdout: ask for the version with a throw-away home and config folder, and read the last line.
CS_HOME="$CACHE/tmp/code-server-version-home"
rm -rf "$CS_HOME"
mkdir -p "$CS_HOME"
cs_version=$(HOME="$CS_HOME" XDG_CONFIG_HOME="$CS_HOME/config" XDG_DATA_HOME="$CS_HOME/data" \
  XDG_CACHE_HOME="$CS_HOME/cache" XDG_STATE_HOME="$CS_HOME/state" \
  "$CS_DIR/node_modules/.bin/code-server" --config "$CS_HOME/config.yaml" --version </dev/null 2>/dev/null | tail -n 1 || true)
rm -rf "$CS_HOME"
case "$cs_version" in
  "$CS_VERSION "*) ;;
  *) echo "[e2e-install] code-server --version printed '$cs_version', expected $CS_VERSION" >&2; exit 1 ;;
esac
rm -rf "$CACHE/tmp/rgstage"
touch "$CS_MARK"
log "done"
