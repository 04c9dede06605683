#!/usr/bin/env bash
# Extract the UI strings (source: English) into German catalogues and compile them.
#   scripts/messages.sh                 every catalogue
#   scripts/messages.sh maps/mapping    one app only (what you do while working on it)
#   scripts/messages.sh geo_participation   the foundation's catalogue (templates/, core, accounts, projects)
# An app with its own locale/ folder keeps its own catalogue (paths in it relative to the app); everything else
# (templates/, core, accounts, projects) goes into geo_participation/locale. geo_participation/locale_overrides
# (third-party texts in our voice) is written by hand and compiled with every run (it is in LOCALE_PATHS).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export DJANGO_SETTINGS_MODULE=geo_participation.settings.dev
MANAGE=("$ROOT/.venv/bin/python" "$ROOT/manage.py")
extract() {
  (cd "$1" && "${MANAGE[@]}" makemessages -l de --add-location=file --no-obsolete \
     --ignore='.venv/*' --ignore='var/*' --ignore='tests/*' --ignore='static/vendor/*' --ignore='fixtures/*' "${@:2}")
}
app_dirs=$(find geo_participation maps -mindepth 2 -maxdepth 2 -type d -name locale -printf '%h\n' | sort)
foundation() {  # templates/, core, accounts, projects: extracted from the root, without the apps that have their own
  local ignores=()
  for app in $app_dirs; do ignores+=(--ignore="$app/*"); done
  extract . "${ignores[@]}"
}
if [ $# -eq 0 ]; then
  for app in $app_dirs; do extract "$app"; done
  foundation
  targets="geo_participation $app_dirs"
else
  for app in "$@"; do
    if [ "${app%/}" = geo_participation ]; then foundation; else extract "$app"; fi
  done
  targets="$*"
fi
for target in $targets; do
  po="$target/locale/de/LC_MESSAGES/django.po"
  [ -f "$po" ] || continue
  # A new creation date alone is not a change worth committing.
  if git rev-parse --git-dir >/dev/null 2>&1 && git ls-files --error-unmatch "$po" >/dev/null 2>&1 \
     && [ -z "$(git diff -U0 -- "$po" | grep '^[-+][^-+]' | grep -v 'POT-Creation-Date' || true)" ]; then
    git checkout -q -- "$po"
  fi
  (cd "$target" && "${MANAGE[@]}" compilemessages -l de >/dev/null)
done
echo "Catalogues: $targets"
