"""Gunicorn settings for production (containers and `make prod-local`). Every value can be set
from the environment."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# (2 x cores) + 1 sync workers is Gunicorn's rule of thumb; capped so a large host does not
# open more database connections than PostgreSQL allows.
workers = int(os.environ.get("GUNICORN_WORKERS", min(2 * multiprocessing.cpu_count() + 1, 9)))
threads = int(os.environ.get("GUNICORN_THREADS", 2))
worker_class = "gthread" if threads > 1 else "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 120))  # uploads and PDF rendering fit in it
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", 30))  # SIGHUP/SIGTERM: finish in-flight requests
keepalive = 5
# Behind the Nginx gateway (deploy/nginx/p2p.conf.template), which buffers whole requests, so
# slow clients never reach these threads, and answers oversize request lines and headers itself
# in the API's JSON envelope. These limits sit above anything Nginx forwards (URIs under 8000
# characters; a header line of 8k, plus its X-Forwarded-For suffix, or over HTTP/2 an 8k
# Huffman-coded name and value, up to 13,107 characters each), so Gunicorn's own HTML 414/431
# pages are never reached through the gateway.
limit_request_line = 8190  # Gunicorn's maximum
limit_request_fields = 32768  # Gunicorn's maximum; Nginx's 4 x 8k of headers holds fewer
limit_request_field_size = 32768
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 2000))  # recycle workers to bound memory
max_requests_jitter = 200
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
proxy_allow_ips = forwarded_allow_ips
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# client, request line, status, size, time in ms, the request id set by Django's middleware
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms rid=%({x-request-id}o)s ua="%(a)s"'
