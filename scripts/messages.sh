#!/usr/bin/env bash
# Extract the UI strings (source: English) into German catalogues and compile them.
#   scripts/messages.sh                 all apps (each app with a locale/ folder keeps its own catalogue)
#   scripts/messages.sh maps/mapping    one app only (what you do while working on it)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export DJANGO_SETTINGS_MODULE=geo_participation.settings.dev
extract() {
  (cd "$1" && "$ROOT/.venv/bin/python" "$ROOT/manage.py" makemessages -l de --add-location=file --no-obsolete \
     --ignore='.venv/*' --ignore='var/*' --ignore='tests/*' --ignore='static/vendor/*' --ignore='fixtures/*' "${@:2}")
}
if [ $# -eq 0 ]; then
  extract .
  dirs=$(find geo_participation maps -type d -name locale -not -path '*/.venv/*')
else
  for app in "$@"; do extract "$app"; done
  dirs=$(for app in "$@"; do echo "$app/locale"; done)
fi
for d in $dirs; do (cd "$(dirname "$d")" && "$ROOT/.venv/bin/python" "$ROOT/manage.py" compilemessages -l de >/dev/null); done
echo "Catalogues: $dirs"
