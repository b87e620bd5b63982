#!/usr/bin/env bash
# Installs the Debian packages the tests run for real (promtool, amtool, prometheus, alertmanager,
# docker-compose, chromium) when any is missing. Fails loudly, never skips, when it cannot.
set -euo pipefail
need=()
command -v promtool >/dev/null && command -v prometheus >/dev/null || need+=(prometheus)
command -v amtool >/dev/null && command -v prometheus-alertmanager >/dev/null || need+=(prometheus-alertmanager)
command -v docker-compose >/dev/null || need+=(docker-compose)
command -v chromium >/dev/null || need+=(chromium)
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
for tool in promtool prometheus amtool prometheus-alertmanager docker-compose chromium; do
  command -v "$tool" >/dev/null || { echo "ensure-tools: FAILED: $tool still missing after install" >&2; exit 1; }
done
