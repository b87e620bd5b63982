#!/usr/bin/env bash
# Installs the Debian packages the tests run for real (promtool, amtool, prometheus, alertmanager,
# docker-compose, chromium) when any is missing. Fails loudly, never skips, when it cannot.
# With --bench also the references `npm run bench` compares with: the Go toolchain and client_golang
# (to build ../shared/bench/go-peer) and mtail.
set -euo pipefail
bench=false
[ "${1:-}" = "--bench" ] && bench=true
CLIENT_GOLANG=/usr/share/gocode/src/github.com/prometheus/client_golang
need=()
command -v promtool >/dev/null && command -v prometheus >/dev/null || need+=(prometheus)
command -v amtool >/dev/null && command -v prometheus-alertmanager >/dev/null || need+=(prometheus-alertmanager)
command -v docker-compose >/dev/null || need+=(docker-compose)
command -v chromium >/dev/null || need+=(chromium)
if $bench; then
  command -v go >/dev/null || need+=(golang-go)
  [ -d "$CLIENT_GOLANG" ] || need+=(golang-github-prometheus-client-golang-dev)
  command -v mtail >/dev/null || need+=(mtail)
fi
[ ${#need[@]} -eq 0 ] && exit 0
echo "ensure-tools: installing Debian packages: ${need[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "ensure-tools: FAILED: need root or sudo to install ${need[*]}" >&2; exit 1; }
  sudo="sudo -n"
fi
export DEBIAN_FRONTEND=noninteractive
if ! { $sudo apt-get update -qq && $sudo apt-get install -y -qq --no-install-recommends "${need[@]}"; } >/tmp/ufo-ensure-tools.log 2>&1; then
  echo "ensure-tools: FAILED to install ${need[*]}; apt output:" >&2
  tail -n 30 /tmp/ufo-ensure-tools.log >&2
  exit 1
fi
tools=(promtool prometheus amtool prometheus-alertmanager docker-compose chromium)
$bench && tools+=(go mtail)
for tool in "${tools[@]}"; do
  command -v "$tool" >/dev/null || { echo "ensure-tools: FAILED: $tool still missing after install" >&2; exit 1; }
done
if $bench && [ ! -d "$CLIENT_GOLANG" ]; then echo "ensure-tools: FAILED: $CLIENT_GOLANG still missing after install" >&2; exit 1; fi
