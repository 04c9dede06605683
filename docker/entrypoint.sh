#!/bin/sh
# Migrations on start; the demo city only when asked for (LOAD_DEMO=true), never by default in production.
set -e
python manage.py migrate --noinput
if [ "${LOAD_DEMO:-false}" = "true" ]; then
  python manage.py load_demo
fi
exec "$@"
