#!/usr/bin/env bash
# Install the Debian packages the project needs, only those missing.
set -euo pipefail
packages=(
  libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0   # WeasyPrint
  fonts-dejavu-core fonts-noto-core                      # Kazakh letters in PDFs
  poppler-utils                                          # pdftotext in tests
  chromium                                               # browser tests
  postgresql                                             # second test database
  redis-server                                           # shared rate limits across gunicorn workers (tests)
  wrk                                                    # load generator of make bench
)
command -v npm >/dev/null || packages+=(nodejs npm)        # axe-core for accessibility tests
python3 -c 'import ensurepip' 2>/dev/null || packages+=(python3-venv)  # make's .venv (Debian splits it off)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null; then SUDO=sudo; else
    echo "Missing Debian packages: ${missing[*]} (install them as root)" >&2; exit 1
  fi
else SUDO=""; fi
echo "Installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
