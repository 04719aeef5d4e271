// The product as `make run` starts it (Gunicorn + a real Celery worker + beat on the embedded
// default), on a fresh data directory and a free port, for the browser tests.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const BACKEND = resolve(import.meta.dirname, '..', '..', 'backend');
const PYTHON = process.env.PYTHON ?? resolve(BACKEND, '..', '.venv', 'bin', 'python');

function freePort() {
  return new Promise((done, fail) => {
    const server = createServer();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

async function waitFor(check, { timeout, what }) {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((done) => setTimeout(done, 500));
  }
  throw new Error(`timed out after ${timeout / 1000} s waiting for ${what}`);
}

export async function startProduct() {
  const dataDir = mkdtempSync(join(tmpdir(), 'p2p-e2e-'));
  // The embedded default, whatever the calling shell points at: a fresh database every run.
  const services = new Set(['DATABASE_URL', 'REDIS_URL', 'DJANGO_SETTINGS_MODULE', 'DATABASE_REPLICA_URL']);
  const env = {
    ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !services.has(name))),
    DATA_DIR: dataDir,
  };
  const manage = (...args) => execFileSync(PYTHON, ['manage.py', ...args], { cwd: BACKEND, env, stdio: 'pipe' });
  manage('migrate', '--noinput', '--verbosity', '0');
  manage('seed_demo');

  const port = await freePort();
  const logPath = join(dataDir, 'product.log');
  const log = openSync(logPath, 'a');
  const child = spawn(PYTHON, ['manage.py', 'run_stack', '--host', '127.0.0.1', '--port', String(port)], {
    cwd: BACKEND,
    env,
    stdio: ['ignore', log, log],
    detached: true, // its own process group, so stopping it stops Gunicorn, the worker and beat
  });
  const exited = new Promise((done) => child.once('exit', done));
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitFor(
      async () => {
        if (child.exitCode !== null)
          throw new Error(`the product exited:\n${readFileSync(logPath, 'utf8').slice(-3000)}`);
        try {
          return (await fetch(`${baseUrl}/api/health/`)).ok;
        } catch {
          return false;
        }
      },
      { timeout: 120_000, what: 'the product to answer /api/health/' },
    );
  } catch (error) {
    process.kill(-child.pid, 'SIGKILL');
    throw error;
  }

  return {
    baseUrl,
    dataDir,
    log: () => readFileSync(logPath, 'utf8'),
    /** An invoice PDF from the backend's own generator (reportlab), naming the given PO. */
    invoicePdf(poNumber) {
      const script = [
        'import sys',
        'from documents.tests.invoices import Invoice, invoice_pdf',
        'invoice = Invoice("Acme Office Supplies", "ACME-7781", (2026, 11, 2), (2026, 12, 2), "USD",',
        '                  [("Printer paper A4, box", "3", "24.50"), ("Toner cartridge", "2", "89.00")], "10", sys.argv[1])',
        'sys.stdout.buffer.write(invoice_pdf(invoice))',
      ].join('\n');
      return execFileSync(PYTHON, ['-c', script, poNumber], { cwd: BACKEND, env });
    },
    async stop() {
      if (child.exitCode !== null) return;
      process.kill(-child.pid, 'SIGINT'); // what Ctrl-C does to `make run`
      const stopped = await Promise.race([
        exited.then(() => true),
        new Promise((done) => setTimeout(() => done(false), 20_000)),
      ]);
      if (!stopped) process.kill(-child.pid, 'SIGKILL');
    },
  };
}
