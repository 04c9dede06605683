# The web app for servers: Debian 12's GDAL/GEOS/PROJ (as on the development machines; ogr2ogr writes the
# GeoPackages), DejaVu fonts for the heatmap pictures, gunicorn, whitenoise.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=geo_participation.settings.production

RUN apt-get update \
 && apt-get install -y --no-install-recommends gdal-bin libgdal32 libgeos-c1v5 libproj25 postgresql-client fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt

COPY . .
# Static files are collected into the image and served by whitenoise (hashed names, compressed). var/private holds
# the photos of contributions, for the app user alone (the volume mounted there takes over owner and mode).
RUN SECRET_KEY=build-only-build-only-build-only-build-only-build-only \
    python manage.py collectstatic --noinput \
 && useradd --system --uid 1000 --home /app mitwirkung \
 && mkdir -p /app/var/media /app/var/private \
 && chown -R mitwirkung /app/var \
 && chmod 700 /app/var/private

USER mitwirkung
EXPOSE 8000
ENTRYPOINT ["/app/docker/entrypoint.sh"]
# Worker class (gthread), workers (WEB_CONCURRENCY), threads and keep-alive are in gunicorn.conf.py, with the
# measurements that chose them.
CMD ["gunicorn", "geo_participation.wsgi:application", "--config", "/app/gunicorn.conf.py"]
