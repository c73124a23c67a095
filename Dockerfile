# prevex: the application image (gunicorn + whitenoise). The job consumer runs from the
# same image with another command (compose.yaml, docs/operations.md).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    UV_PROJECT_ENVIRONMENT=/app/.venv \
    UV_COMPILE_BYTECODE=1 \
    PATH=/app/.venv/bin:$PATH

# pg_dump / pg_restore for « manage.py backup / restore » on PostgreSQL.
RUN apt-get update -qq \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql-client \
    && rm -rf /var/lib/apt/lists/* \
    && pip install --no-cache-dir "uv==0.13.9" \
    && useradd --system --home /app --shell /usr/sbin/nologin prevex

WORKDIR /app
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project
COPY . .
# Static files with compressed, hashed names, served by whitenoise.
RUN DJANGO_SETTINGS_MODULE=prevex.settings.base PREVEX_SECRET_KEY=collectstatic-only \
    PREVEX_STATIC_ROOT=/app/staticfiles python manage.py collectstatic --noinput \
    && mkdir -p /app/var && chown -R prevex /app/var

USER prevex
ENV DJANGO_SETTINGS_MODULE=prevex.settings.base \
    PREVEX_STATIC_ROOT=/app/staticfiles
EXPOSE 8000
CMD ["gunicorn", "--config", "deploy/gunicorn.conf.py", "prevex.wsgi:application"]
