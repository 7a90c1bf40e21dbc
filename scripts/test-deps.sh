#!/usr/bin/env bash
# What the tests need from the machine beyond npm packages, installed when missing: one list, used
# by `npm test` (pretest) and by .ci/run. Each entry is "command:debian-package". Installing needs
# root and Debian's apt; elsewhere it says what is missing and which tests will fail without it.
set -uo pipefail
cd "$(dirname "$0")/.."
# npm packages first: `npm test` on a fresh clone needs eslint, tsc and mocha.
[ -d node_modules ] || npm ci --no-audit --no-fund || { echo "test-deps: npm ci failed" >&2; exit 1; }
NEEDS=(
  "nft:nftables"            # nft -c checks the exported conduit firewall rules
  "openssl:openssl"         # X.509 / CSR checks
  "curl:curl"               # install.sh of fleet bootstrap, run against a file:// nucleus archive (test/cli/bootstrap.test.ts)
  "unzip:unzip"             # the same install.sh unpacks the archive
  "cacert:ca-certificates"  # Amazon Root CA 1 from Mozilla's store: the fingerprint install.sh checks (test/cli/bootstrap.test.ts)
  "mosquitto:mosquitto"     # the real MQTT broker of the edge end-to-end tests
  "pg_ctl:postgresql"       # SQL of the workflow and Lambdas run on a real PostgreSQL
  "chromium:chromium"       # renders the site picture (graph) to check its layout
  "font:fonts-liberation"   # Liberation Sans: Helvetica's metrics, which Graphviz lays the site picture out with
)
missing=()
for need in "${NEEDS[@]}"; do
  cmd=${need%%:*}; pkg=${need##*:}
  if [ "$cmd" = font ]; then
    ls /usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf >/dev/null 2>&1 || missing+=("$pkg")
  elif [ "$cmd" = cacert ]; then
    ls /usr/share/ca-certificates/mozilla/Amazon_Root_CA_1.crt >/dev/null 2>&1 || missing+=("$pkg")
  elif [ "$cmd" = pg_ctl ]; then
    ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || missing+=("$pkg")
  else
    command -v "$cmd" >/dev/null 2>&1 || missing+=("$pkg")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "test-deps: installing ${missing[*]}" >&2
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || { echo "test-deps: could not install ${missing[*]}; tests that need them will fail" >&2; exit 0; }
  # mosquitto and postgresql start system services on install; the tests start their own on 127.0.0.1.
  (service mosquitto stop; service postgresql stop) >/dev/null 2>&1 || true
else
  echo "test-deps: missing ${missing[*]} (install them with apt-get as root); tests that need them will fail" >&2
fi
exit 0
