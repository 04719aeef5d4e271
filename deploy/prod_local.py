"""`make prod-local`: the production topology on this machine, without containers.

On loopback only: PostgreSQL and Redis (the ones DATABASE_URL / REDIS_URL point at, or its own
Redis and a Debian PostgreSQL cluster), two Gunicorn instances behind one Nginx upstream with
TLS, two Celery workers and one beat, all with the production settings, the demo data seeded.
Processes that die are restarted (as a container restart policy would). Ctrl-C or
`make prod-local-stop` (SIGTERM) stops all of them.

Run with the project's virtualenv Python from the repository root.
"""

import os
import pwd
import re
import secrets
import shutil
import socket
import ssl
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BACKEND = REPO / "backend"
DEPLOY = REPO / "deploy"
STATE = Path(os.environ.get("PROD_LOCAL_DIR", REPO / "var" / "prod-local")).resolve()
HOST = os.environ.get("HOST", "127.0.0.1")
PORT = int(os.environ.get("PORT", "8080"))
PYTHON = sys.executable
PG_CLUSTER = ("15", "p2p")  # used only when no PostgreSQL is given or running

sys.path.insert(0, str(BACKEND))
from core.supervisor import Service, Supervisor  # noqa: E402 - the shared supervisor of make run and prod-local


def service(name: str, command: list[str], env: dict) -> Service:
    return Service(
        name, command, cwd=BACKEND, env=env, log_path=STATE / "logs" / f"{name}.log", pid_path=STATE / "pids" / f"{name}.pid"
    )


def log(message: str) -> None:
    print(f"[prod-local] {message}", flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_open(host: str, port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) == 0


def ensure_postgres() -> str:
    if os.environ.get("DATABASE_URL"):
        return os.environ["DATABASE_URL"]
    if not shutil.which("pg_ctlcluster"):
        sys.exit("PostgreSQL is not installed: apt-get install postgresql, or set DATABASE_URL.")
    version, name = PG_CLUSTER
    port = 5439
    if subprocess.run(["pg_lsclusters", "-h"], capture_output=True, text=True).stdout.find(f"{version} {name} ") < 0:
        log(f"creating PostgreSQL cluster {version}/{name} on 127.0.0.1:{port}")
        subprocess.run(
            ["pg_createcluster", version, name, "--port", str(port), "--", "--auth-host=trust", "--auth-local=trust"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", version, name, "start"], check=False)
    for _ in range(30):
        if port_open("127.0.0.1", port):
            break
        time.sleep(1)
    subprocess.run(
        ["psql", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "-c", "CREATE DATABASE p2p"], capture_output=True
    )
    return f"postgres://postgres@127.0.0.1:{port}/p2p"


def tls_certificate() -> tuple[Path, Path]:
    """A self-signed certificate for the loopback gateway (production mounts a real one)."""
    cert, key = STATE / "tls" / "cert.pem", STATE / "tls" / "key.pem"
    if not cert.exists():
        cert.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "365",
                "-subj",
                f"/CN={HOST}",
                "-addext",
                f"subjectAltName=IP:{HOST},DNS:localhost",
                "-keyout",
                str(key),
                "-out",
                str(cert),
            ],
            check=True,
            capture_output=True,
        )
        key.chmod(0o600)
    return cert, key


def nginx_config(upstreams: list[int], data_dir: Path, cert: Path, key: Path) -> Path:
    conf_dir = STATE / "nginx"
    conf_dir.mkdir(parents=True, exist_ok=True)
    for name in ("security-headers.conf", "proxy.conf"):
        shutil.copy(DEPLOY / "nginx" / name, conf_dir / name)
    spa_root = REPO / "frontend" / "dist"
    values = dict(  # noqa: C408 - keyword names read like the template's placeholders
        P2P_UPSTREAMS="\n    ".join(f"server 127.0.0.1:{port} max_fails=1 fail_timeout=5s;" for port in upstreams),
        P2P_LISTEN=f"{HOST}:{PORT}",
        P2P_HTTP_LISTEN=f"{HOST}:{free_port()}",
        P2P_SERVER_NAME=HOST,
        P2P_TLS_CERT=cert,
        P2P_TLS_KEY=key,
        P2P_SPA_ROOT=spa_root if spa_root.exists() else STATE / "no-spa",
        P2P_STATIC_ROOT=data_dir / "static",
        P2P_MEDIA_ROOT=data_dir / "media",
        P2P_MAX_UPLOAD=os.environ.get("NGINX_MAX_UPLOAD", "20m"),
        P2P_CONF_DIR=conf_dir,
    )
    # Like the nginx image's envsubst: only our ${P2P_*} variables, never nginx's own $vars.
    site = re.sub(
        r"\$\{(P2P_[A-Z_]+)\}", lambda match: str(values[match.group(1)]), (DEPLOY / "nginx" / "p2p.conf.template").read_text()
    )
    (conf_dir / "p2p.conf").write_text(site)
    temp = STATE / "nginx" / "temp"
    temp.mkdir(parents=True, exist_ok=True)
    # Nginx's workers read the uploaded files Django wrote (X-Accel-Redirect): run them as the
    # same user, as the containers share a volume owned by one user.
    user = f"user {pwd.getpwuid(os.getuid()).pw_name};" if os.getuid() == 0 else ""
    main = f"""
{user}
worker_processes 2;
pid {STATE}/nginx/nginx.pid;
error_log {STATE}/logs/nginx-error.log warn;
events {{ worker_connections 512; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    access_log {STATE}/logs/nginx-access.log;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    include {conf_dir}/p2p.conf;
}}
"""
    (conf_dir / "nginx.conf").write_text(main)
    return conf_dir / "nginx.conf"


def manage(env: dict, *args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=BACKEND, env=env, check=True)


def wait_healthy(timeout: float = 120) -> bool:
    context = ssl._create_unverified_context()  # our own self-signed certificate
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"https://{HOST}:{PORT}/api/health/", context=context, timeout=3) as response:
                if response.status == 200:
                    return True
        except OSError:
            pass
        time.sleep(1)
    return False


def main() -> int:
    if not shutil.which("nginx"):
        sys.exit("nginx is not installed: apt-get install nginx-light (make prod-local does this).")
    for sub in ("logs", "pids"):
        (STATE / sub).mkdir(parents=True, exist_ok=True)
    (STATE / "supervisor.pid").write_text(str(os.getpid()))
    secret_file = STATE / "secret_key"
    if not secret_file.exists():
        secret_file.write_text(secrets.token_urlsafe(64))
        secret_file.chmod(0o600)
    data_dir = STATE / "data"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secret_file.read_text().strip(),
        "ALLOWED_HOSTS": f"{HOST},localhost,127.0.0.1",
        "CSRF_TRUSTED_ORIGINS": f"https://{HOST}:{PORT},https://localhost:{PORT}",
        "DATA_DIR": str(data_dir),
        "TRUSTED_PROXY_COUNT": "1",
        "DOCUMENT_DOWNLOAD_ACCEL_PREFIX": "/protected-media/",
        "DATABASE_URL": ensure_postgres(),
        "SITE_URL": f"https://{HOST}:{PORT}",
        # Production settings require an explicit mail backend: here mail goes to $DATA_DIR/mail,
        # where deploy/tests read it.
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
    }
    services: list[Service] = []
    if os.environ.get("REDIS_URL"):
        env["REDIS_URL"] = os.environ["REDIS_URL"]
    else:
        redis_port = free_port()
        env["REDIS_URL"] = f"redis://127.0.0.1:{redis_port}/0"
        services.append(
            service(
                "redis",
                [
                    "redis-server",
                    "--bind",
                    "127.0.0.1",
                    "--port",
                    str(redis_port),
                    "--save",
                    "",
                    "--appendonly",
                    "no",
                    "--dir",
                    str(STATE),
                ],
                env,
            )
        )
        services[-1].start()
        while not port_open("127.0.0.1", redis_port):
            time.sleep(0.2)

    log("migrating, registering the schedule, collecting static files, seeding the demo data")
    manage(env, "migrate", "--noinput")
    manage(env, "register_schedule")
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    # Demo data is never created with the production settings: seed through the local ones.
    manage({**env, "DJANGO_SETTINGS_MODULE": "config.settings.local"}, "seed_demo")

    cert, key = tls_certificate()
    web_ports = [free_port(), free_port()]
    gunicorn = [PYTHON, "-m", "gunicorn", "config.wsgi", "-c", str(DEPLOY / "gunicorn.conf.py")]
    for index, port in enumerate(web_ports, start=1):
        services.append(
            service(
                f"web{index}",
                gunicorn,
                {**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": os.environ.get("GUNICORN_WORKERS", "2")},
            )
        )
    for index in (1, 2):
        services.append(
            service(
                f"worker{index}",
                [
                    PYTHON,
                    "-m",
                    "celery",
                    "-A",
                    "config",
                    "worker",
                    "-n",
                    f"worker{index}@%h",
                    "--concurrency",
                    os.environ.get("WORKER_CONCURRENCY", "1"),
                    "--loglevel",
                    "INFO",
                    "--without-gossip",
                    "--without-mingle",
                ],
                env,
            )
        )
    services.append(
        service(
            "beat",
            [
                PYTHON,
                "-m",
                "celery",
                "-A",
                "config",
                "beat",
                "--loglevel",
                "INFO",
                "--schedule",
                str(STATE / "celerybeat-schedule"),
            ],
            env,
        )
    )
    services.append(
        service(
            "nginx",
            ["nginx", "-c", str(nginx_config(web_ports, data_dir, cert, key)), "-p", str(STATE), "-g", "daemon off;"],
            env,
        )
    )
    supervisor = Supervisor(services, log=log)
    supervisor.stop_on_signals()
    supervisor.start()
    if wait_healthy():
        log(f"ready: https://{HOST}:{PORT}/ (self-signed certificate in {STATE / 'tls'})")
        log(
            "demo logins (password demo-pass-123 or $DEMO_PASSWORD): admin@, requester@, approver@, procurement@, finance@example.com"
        )
        (STATE / "ready").write_text(f"https://{HOST}:{PORT}/\n")
    else:
        log(f"the gateway did not become healthy; see {STATE / 'logs'}")
        supervisor.stop()

    supervisor.watch()
    log("stopping")
    (STATE / "ready").unlink(missing_ok=True)
    supervisor.shutdown(timeout=30)  # the gateway first, Redis last
    (STATE / "supervisor.pid").unlink(missing_ok=True)
    log("stopped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
