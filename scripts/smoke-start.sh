#!/usr/bin/env bash
# Starts the app exactly as the README says (no DATABASE_URL: embedded PostgreSQL), waits for
# /readyz, signs in as the demo staff account, then stops it with SIGTERM and expects exit 0.
set -euo pipefail
cd "$(dirname "$0")/.."

DATA_DIR="$(mktemp -d)"
PORT="${SMOKE_PORT:-3917}"
LOG="$DATA_DIR/start.log"
JAR="$DATA_DIR/cookies.txt"
export DATA_DIR PORT EMBEDDED_PG_PORT="${SMOKE_PG_PORT:-54917}"
unset DATABASE_URL

npm start > "$LOG" 2>&1 &
APP_PID=$!
cleanup() { pkill -TERM -f "node --import tsx server/main.ts" 2>/dev/null || true; }
trap cleanup EXIT

for _ in $(seq 1 120); do
  if curl -fsS "http://127.0.0.1:$PORT/readyz" > /dev/null 2>&1; then break; fi
  if ! kill -0 "$APP_PID" 2>/dev/null; then cat "$LOG"; echo "npm start exited early"; exit 1; fi
  sleep 0.5
done
curl -fsS "http://127.0.0.1:$PORT/readyz"; echo

curl -fsS -c "$JAR" -b "$JAR" -o "$DATA_DIR/sign-in.html" "http://127.0.0.1:$PORT/sign-in"
TOKEN="$(sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' "$DATA_DIR/sign-in.html" | head -1)"
LOCATION="$(curl -sS -o /dev/null -w '%{redirect_url}' -c "$JAR" -b "$JAR" \
  --data-urlencode "_csrf=$TOKEN" --data-urlencode "email=staff@demo.test" --data-urlencode "password=market-testing-demo" \
  "http://127.0.0.1:$PORT/sign-in")"
if [[ "$LOCATION" != "http://127.0.0.1:$PORT/staff" ]]; then cat "$LOG"; echo "sign-in failed: $LOCATION"; exit 1; fi
curl -fsS -b "$JAR" -o "$DATA_DIR/staff.html" "http://127.0.0.1:$PORT/staff"
grep -q "Signed in as Sam Patel" "$DATA_DIR/staff.html"
echo "signed in as staff@demo.test"

# Signal the server process itself, as a process manager would; npm reports its exit code.
SERVER_PID="$(pgrep -n -f "node --import tsx server/main.ts")"
kill -TERM "$SERVER_PID"
set +e
wait "$APP_PID"
STATUS=$?
set -e
trap - EXIT
grep -q "admin@demo.test" "$LOG"
if [[ "$STATUS" != 0 ]]; then cat "$LOG"; echo "npm start exited with $STATUS after SIGTERM"; exit 1; fi
echo "smoke run passed; shut down cleanly"
rm -rf "$DATA_DIR"
