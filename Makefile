# Two commands: `make run` serves the demo city, `make test` runs the whole suite. Both set up what they need.
SHELL := /bin/bash
LOCAL_DATABASE_URL := postgis://postgres@127.0.0.1:$(or $(LOCAL_DB_PORT),5433)/geo_participation
export DATABASE_URL := $(or $(DATABASE_URL),$(LOCAL_DATABASE_URL))
PYTHON := .venv/bin/python
MANAGE := $(PYTHON) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test setup setup-test demo messages bench check-deploy clean-db

run: setup
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo
	@echo
	@echo "Kaiserslautern MitWirkung läuft auf http://$(HOST):$(PORT)/  (Verwaltung: /verwaltung/, E-Mails: var/mail/)"
	$(MANAGE) runserver $(HOST):$(PORT)

test: setup-test
	$(PYTHON) -m pytest

setup:
	@DATABASE_URL="$(filter-out $(LOCAL_DATABASE_URL),$(DATABASE_URL))" bash scripts/bootstrap.sh run

setup-test:
	@DATABASE_URL="$(filter-out $(LOCAL_DATABASE_URL),$(DATABASE_URL))" bash scripts/bootstrap.sh test

demo: setup
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo

# Extract and compile the German and English catalogues (source strings are English).
messages: setup
	bash scripts/messages.sh

bench: setup-test
	$(PYTHON) -m benchmarks

check-deploy: setup
	DJANGO_SETTINGS_MODULE=geo_participation.settings.production SECRET_KEY=$$(head -c 64 /dev/urandom | base64 -w0) \
	  ALLOWED_HOSTS=example.org $(MANAGE) check --deploy --fail-level WARNING
