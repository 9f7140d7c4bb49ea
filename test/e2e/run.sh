#!/usr/bin/env bash
# Real-editor tests (npm run test:e2e):
#   1. ui       - the packaged VSIX in code-server, driven by headless Chromium (test/e2e/ui.js)
#   2. exthost  - mocha tests inside code-server's extension host (test/e2e/suite/, exttest.js)
#   3. neovim   - Neovim's built-in LSP client against `node dist/server.js --stdio` (nvim/init.lua)
# Installs what it needs first (test/e2e/install.sh; idempotent). Prints PASS/FAIL per part and
# ends with "N passed, M failed". SKIP_E2E=1 skips everything (quick local runs only).
#
# Knobs: E2E_KEEP=1 keeps the run folder (.cache/e2e-run-*) for debugging;
#        E2E_VSIX=path uses that VSIX instead of running `npm run package`;
#        E2E_PARTS="ui exthost neovim" runs a subset.
set -uo pipefail

if [ "${SKIP_E2E:-}" = 1 ]; then
  echo "e2e: skipped (SKIP_E2E=1)"
  exit 0
fi

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
E2E_DIR="$REPO_ROOT/test/e2e"
CACHE="$REPO_ROOT/.cache"
TOOLS="$CACHE/code-server"
CS="$TOOLS/node_modules/.bin/code-server"
OUT_DIR="$REPO_ROOT/test/output"
PARTS=${E2E_PARTS:-"ui exthost neovim"}
E2E_NOTE=${E2E_NOTE:-natalizumab-progressive-ms.md}
NOTE=$E2E_NOTE
WORD=${E2E_WORD:-flat-lines}
RULE=${E2E_RULE:-overstated-language}
EXT_ID=evidence-lens.evidence-lens
cd "$REPO_ROOT"

T_START=$SECONDS
passed=0
failed=0
summary=()
now() { echo $((SECONDS - T_START)); }
part_result() { # name rc seconds
  if [ "$2" = 0 ]; then passed=$((passed + 1)); summary+=("PASS $1 ($3 s)"); echo "PASS $1 ($3 s)"
  else failed=$((failed + 1)); summary+=("FAIL $1 ($3 s)"); echo "FAIL $1 ($3 s)"; fi
}
finish() {
  echo
  echo "== e2e summary (total $(now) s) =="
  for s in "${summary[@]}"; do echo "  $s"; done
  echo "$passed passed, $failed failed"
  [ "$failed" = 0 ] && [ "$passed" -gt 0 ]
  exit $?
}
fail_all() { # reason: every requested part fails
  echo "e2e: $1" >&2
  for p in $PARTS; do part_result "$p" 1 0; done
  finish
}

# ---- 0. a per-run folder with its own HOME, XDG dirs and TMPDIR -------------------------------
# Everything the tier starts (npm, vsce, code-server, Chromium, Neovim) sees this folder as its
# home, so a run never writes into the user's real home and never depends on what an earlier run
# left there. npm's download cache is the project's own (.cache/npm), kept between runs.
mkdir -p "$CACHE" "$OUT_DIR"
RUN=$(mktemp -d "$CACHE/e2e-run-XXXXXX")
CS_PID=
cleanup() {
  if [ -n "$CS_PID" ]; then
    # code-server runs in its own process group (setsid): stop the whole group, so the
    # extension host, the language server and file watchers go too.
    kill -TERM -- "-$CS_PID" 2>/dev/null
    for _ in $(seq 1 50); do kill -0 -- "-$CS_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$CS_PID" 2>/dev/null
    CS_PID=
  fi
  if [ "${E2E_KEEP:-}" = 1 ]; then echo "e2e: kept run folder $RUN"; else rm -rf "$RUN"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

export HOME="$RUN/home" XDG_CONFIG_HOME="$RUN/config" XDG_DATA_HOME="$RUN/data" \
  XDG_CACHE_HOME="$RUN/cache" XDG_STATE_HOME="$RUN/state" XDG_RUNTIME_DIR="$RUN/runtime" TMPDIR="$RUN/tmp" \
  npm_config_cache="$CACHE/npm"
mkdir -p "$HOME" "$XDG_CONFIG_HOME" "$XDG_DATA_HOME" "$XDG_CACHE_HOME" "$XDG_STATE_HOME" "$TMPDIR"
mkdir -p -m 700 "$XDG_RUNTIME_DIR"

# ---- 1. tools ---------------------------------------------------------------------------------
echo "== e2e: installing tools (skips what is present) =="
t=$SECONDS
bash "$E2E_DIR/install.sh" || fail_all "installing the tools failed (see above)"
echo "   tools ready in $((SECONDS - t)) s"

# ---- 2. the extension -------------------------------------------------------------------------
if [ -n "${E2E_VSIX:-}" ]; then
  VSIX=$E2E_VSIX
else
  echo "== e2e: building and packaging the extension (npm run package) =="
  t=$SECONDS
  VSIX="$REPO_ROOT/evidence-lens.vsix"
  rm -f "$VSIX"
  if ! npm run package --silent </dev/null >"$CACHE/e2e-package.log" 2>&1; then
    tail -30 "$CACHE/e2e-package.log" >&2
    fail_all "npm run package failed (log: .cache/e2e-package.log)"
  fi
  echo "   packaged in $((SECONDS - t)) s"
fi
[ -f "$VSIX" ] || fail_all "no VSIX at $VSIX"
[ -f "$REPO_ROOT/samples/$NOTE" ] || fail_all "no sample note samples/$NOTE"

WS="$RUN/workspace"
mkdir -p "$WS"
cp -R "$REPO_ROOT/samples/." "$WS/"


# ---- 4. neovim (no code-server needed) --------------------------------------------------------
if [[ " $PARTS " == *" neovim "* ]]; then
  echo
  echo "== e2e part: neovim (headless, built-in LSP client, node dist/server.js --stdio) =="
  t=$SECONDS
  ( cd "$WS" && E2E_SERVER="$REPO_ROOT/dist/server.js" E2E_RULES_DIR="$REPO_ROOT/docs/rules" E2E_RULE="$RULE" E2E_WORD="$WORD" \
      timeout 90 nvim --headless -n -i NONE --noplugin -u "$E2E_DIR/nvim/init.lua" "$NOTE" </dev/null 2>&1 )
  part_result neovim $? $((SECONDS - t))
fi

# ---- 5. code-server ---------------------------------------------------------------------------
if [[ " $PARTS " == *" ui "* || " $PARTS " == *" exthost "* ]]; then
  echo
  echo "== e2e: starting code-server =="
  t=$SECONDS
  UD="$RUN/user-data"
  EXTS="$RUN/extensions"
  mkdir -p "$UD/User" "$EXTS"
  cp "$E2E_DIR/settings.json" "$UD/User/settings.json"
  cs_ok=1
  CS_CONFIG="$RUN/code-server-config.yaml"
  if ! "$CS" --config "$CS_CONFIG" --user-data-dir "$UD" --extensions-dir "$EXTS" --install-extension "$VSIX" </dev/null >"$RUN/install-extension.log" 2>&1; then
    cat "$RUN/install-extension.log" >&2
    echo "e2e: installing the VSIX into code-server failed" >&2
    cs_ok=0
  fi
  PORT=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
  if [ "$cs_ok" = 1 ]; then
    # Reported by the mocha suite inside the extension host (it inherits code-server's environment).
    export E2E_RESULT_FILE="$RUN/exthost-result.json" E2E_NOTE E2E_WORD="$WORD" E2E_RULE="$RULE"
    setsid "$CS" --bind-addr "127.0.0.1:$PORT" --auth none --disable-telemetry --disable-update-check \
      --disable-workspace-trust --disable-getting-started-override --config "$CS_CONFIG" \
      --user-data-dir "$UD" --extensions-dir "$EXTS" "$WS" </dev/null >"$RUN/code-server.log" 2>&1 &
    CS_PID=$!
    up=0
    for _ in $(seq 1 300); do
      if curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1; then up=1; break; fi
      kill -0 "$CS_PID" 2>/dev/null || break
      sleep 0.2
    done
    if [ "$up" = 1 ]; then
      echo "   code-server up on 127.0.0.1:$PORT in $((SECONDS - t)) s"
    else
      tail -30 "$RUN/code-server.log" >&2
      echo "e2e: code-server did not answer /healthz" >&2
      cs_ok=0
    fi
  fi
  INSTALLED_EXT=$(ls -d "$EXTS/$EXT_ID"-* 2>/dev/null | head -1)

  if [[ " $PARTS " == *" ui "* ]]; then
    echo
    echo "== e2e part: ui (code-server + headless Chromium) =="
    t=$SECONDS
    rc=1
    if [ "$cs_ok" = 1 ]; then
      E2E_URL="http://127.0.0.1:$PORT/?folder=$WS" E2E_WORKSPACE="$WS" E2E_NOTE="$NOTE" E2E_WORD="$WORD" \
        E2E_RULE="$RULE" E2E_SCREENSHOT="$OUT_DIR/code-server.png" E2E_TOOLS_DIR="$TOOLS" \
        timeout 240 node "$E2E_DIR/ui.js" </dev/null
      rc=$?
    fi
    part_result ui $rc $((SECONDS - t))
  fi

  if [[ " $PARTS " == *" exthost "* ]]; then
    echo
    echo "== e2e part: exthost (mocha inside code-server's extension host) =="
    t=$SECONDS
    rc=1
    if [ "$cs_ok" = 1 ] && [ -n "$INSTALLED_EXT" ]; then
      # Run the tests against the extension as installed from the VSIX.
      E2E_TOOLS_DIR="$TOOLS" timeout 240 node "$E2E_DIR/exttest.js" "127.0.0.1:$PORT" "$WS" \
        "$INSTALLED_EXT" "$E2E_DIR/suite/index.js" </dev/null
      rc=$?
      # Cross-check with the summary the suite wrote from inside the extension host.
      if [ "$rc" = 0 ] && ! node -e 'const r=require(process.argv[1]); process.exit(r.passes>0 && r.failures===0 ? 0 : 1)' \
          "$E2E_RESULT_FILE" 2>/dev/null; then
        echo "e2e: the extension host wrote no passing summary to $E2E_RESULT_FILE" >&2
        rc=1
      fi
    elif [ "$cs_ok" = 1 ]; then
      echo "e2e: the VSIX was not found installed under $EXTS" >&2
    fi
    part_result exthost $rc $((SECONDS - t))
  fi
fi

finish
