# One image for every component; docker-compose.yml picks the command (secor serve <name>, secor worker, ...).
FROM python:3.11-slim AS base

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1

WORKDIR /app
COPY requirements.lock ./
RUN pip install -r requirements.lock

COPY pyproject.toml README.md alembic.ini ./
COPY shared ./shared
COPY gateway ./gateway
COPY services ./services
COPY launcher ./launcher
COPY migrations ./migrations
RUN pip install --no-deps . \
    && useradd --create-home --uid 10001 secor \
    && mkdir -p /data \
    && chown secor /data

USER secor
ENV SECOR_HOST=0.0.0.0 \
    SECOR_DATA_DIR=/data
EXPOSE 8000 8001 8002 8003 8004 8026
CMD ["secor", "serve", "gateway"]
