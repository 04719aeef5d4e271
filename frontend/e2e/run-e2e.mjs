// Browser tests: Debian's Chromium, driven by playwright-core, against the real product (Gunicorn,
// a real Celery worker, SQLite + filesystem broker on a fresh data directory). One person's path
// through the product: a request from draft to a received order, and an invoice read by the worker;
// then the other roles' screens, a phone width, and the end of a session. Screenshots of every
// screen (each also checked with axe-core) go to artifacts/e2e/.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { chromium } from 'playwright-core';

import { startProduct } from './product.mjs';

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const ARTIFACTS = resolve(import.meta.dirname, '..', '..', 'artifacts', 'e2e');
const PASSWORD = 'demo-pass-123';
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

let product;
let context;
let page;
let userDataDir;
const serverErrors = [];
const consoleErrors = [];
const state = {};

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const accessibility = {};

/** A full-page screenshot, and axe-core's WCAG 2 A/AA rules run on the screen as it is. */
async function shot(name) {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
  // evaluate runs through the DevTools protocol, which the page's CSP does not restrict.
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const result = await globalThis.axe.run(globalThis.document, { runOnly: ['wcag2a', 'wcag2aa'] });
    return result.violations
      .filter((violation) => ['serious', 'critical'].includes(violation.impact))
      .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
  });
  if (violations.length) accessibility[name] = violations;
}

async function signIn(email) {
  await page.goto(`${product.baseUrl}/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: /^Welcome, / }).waitFor();
}

async function signOut() {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('button', { name: 'Sign in' }).waitFor();
}

/** A signed-in API client for setting the scene (bearer token, as a script would use the API). */
async function apiAs(email) {
  const token = await fetch(`${product.baseUrl}/api/auth/token/`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  }).then((response) => response.json());
  return async (method, path, body) => {
    const response = await fetch(`${product.baseUrl}${path}`, {
      method,
      headers: { Authorization: `Bearer ${token.access}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    assert.ok(response.ok, `${method} ${path}: ${response.status} ${await response.clone().text()}`);
    return response.json();
  };
}

/** The last e-mail the worker sent to `to` whose subject starts with `subject`, once it is there. */
async function mailFor(to, subject) {
  const mailDir = join(product.dataDir, 'mail');
  let found;
  await waitUntil(() => {
    if (!existsSync(mailDir)) return false;
    for (const name of readdirSync(mailDir)) {
      for (const message of readFileSync(join(mailDir, name), 'utf8').split(/^-{70,}$/m)) {
        if (message.includes(`Subject: ${subject}`) && message.includes(`To: ${to}`)) found = message;
      }
    }
    return Boolean(found);
  }, 60_000);
  return found;
}

/** The approve link of the approval e-mail the worker sent to `to` for `number`, once it is there. */
async function approveLinkFromMail(to, number) {
  const message = await mailFor(to, `Approval needed: ${number}`);
  return /^Approve: (\S+)$/m.exec(message)?.[1];
}

async function waitUntil(check, timeout) {
  const deadline = Date.now() + timeout;
  while (!(await check())) {
    assert.ok(Date.now() < deadline, 'timed out');
    await new Promise((done) => setTimeout(done, 250));
  }
}

describe('the product in a real browser', { timeout: 600_000 }, () => {
  before(async () => {
    rmSync(ARTIFACTS, { recursive: true, force: true });
    mkdirSync(ARTIFACTS, { recursive: true });
    product = await startProduct();
    userDataDir = mkdtempSync(join(tmpdir(), 'p2p-chromium-'));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: FLAGS,
      viewport: { width: 1280, height: 900 },
    });
    context.setDefaultTimeout(20_000);
    page = context.pages()[0] ?? (await context.newPage());
    page.on('response', (response) => {
      if (response.status() >= 500)
        serverErrors.push(`${response.status()} ${response.request().method()} ${response.url()}`);
    });
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
  });

  after(async () => {
    await context?.close();
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
    if (product) {
      writeFileSync(join(ARTIFACTS, 'product.log'), product.log());
      await product.stop();
      rmSync(product.dataDir, { recursive: true, force: true });
    }
  });

  it('sends a signed-out visitor to the login, and a wrong password gets a message', async () => {
    await page.goto(`${product.baseUrl}/purchase-requests`);
    await page.waitForURL(/\/login\?next=/);
    await page.getByLabel('Email').fill('requester@example.com');
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('The email or password is not correct.').waitFor();
    await shot('01-login-error');

    // With the keyboard alone: the email field has the focus, Tab moves on, Enter submits.
    await page.goto(`${product.baseUrl}/login`);
    await page.waitForFunction("document.activeElement?.getAttribute('autocomplete') === 'username'");
    await page.keyboard.type('requester@example.com');
    await page.keyboard.press('Tab');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: /^Welcome, / }).waitFor();
    await signOut();
  });

  it('a requester creates a draft with live totals and submits it', async () => {
    await signIn('requester@example.com');
    const session = (await context.cookies()).filter((cookie) =>
      ['access_token', 'refresh_token'].includes(cookie.name),
    );
    assert.equal(session.length, 2);
    assert.ok(
      session.every((cookie) => cookie.httpOnly && cookie.sameSite === 'Lax'),
      JSON.stringify(session),
    );
    assert.doesNotMatch(
      await page.evaluate('document.cookie'),
      /access_token|refresh_token/,
      'no script can read the session',
    );
    assert.equal(await page.evaluate('JSON.stringify(localStorage) + JSON.stringify(sessionStorage)'), '{}{}');
    await shot('02-requester-dashboard');

    // The access token has expired (its cookie is gone): one silent refresh, and the page loads.
    await context.clearCookies({ name: 'access_token' });
    const refreshed = page.waitForResponse((response) => response.url().endsWith('/api/auth/refresh/'));
    await page.goto(`${product.baseUrl}/purchase-requests/new`);
    assert.equal((await refreshed).status(), 200);
    await page.getByLabel('Title').fill('Printer supplies for the design team');
    await page.getByLabel('Justification').fill('The team prints client proofs every week.');
    // The vendor picker searches the vendor list as the user types.
    await page.getByRole('combobox', { name: 'Vendor' }).fill('acme');
    await page.getByRole('option', { name: 'Acme Office Supplies' }).click();
    await page.getByLabel('Item 1 description').fill('Printer paper A4, box');
    await page.getByLabel('Item 1 quantity').fill('3');
    await page.getByLabel('Item 1 unit price').fill('24.50');
    await page.getByRole('button', { name: /add (a )?(line|item)/i }).click();
    await page.getByLabel('Item 2 description').fill('Toner cartridge');
    await page.getByLabel('Item 2 quantity').fill('2');
    await page.getByLabel('Item 2 unit price').fill('89.00');
    await page.getByText('251.50').first().waitFor(); // computed in the browser as the user types
    await shot('03-request-form');
    await page
      .getByRole('button', { name: /save|create/i })
      .first()
      .click();
    await page.waitForURL(/\/purchase-requests\/\d+$/);
    state.requestUrl = page.url();
    const heading = page.getByRole('heading', { level: 1, name: /PR-\d{4}-\d{6}/ });
    state.requestNumber = /PR-\d{4}-\d{6}/.exec((await heading.textContent()) ?? '')?.[0];

    await page.getByRole('button', { name: 'Submit for approval' }).click();
    await page.getByText('Request submitted for approval.').waitFor();
    await page
      .getByText(/pending/i)
      .first()
      .waitFor();
    await shot('04-request-submitted');

    await page.goto(`${product.baseUrl}/purchase-requests?search=${encodeURIComponent(state.requestNumber)}`);
    await page.getByRole('link', { name: state.requestNumber }).waitFor();
    await shot('05-request-list');
    // The filtered list exports as CSV and XLSX (every row the filters select).
    const csvHref = await page.getByRole('link', { name: 'Export CSV' }).getAttribute('href');
    assert.match(csvHref ?? '', /search=PR-.*format=csv/);
    const csvFile = await page.request.get(`${product.baseUrl}${csvHref}`);
    assert.equal(csvFile.status(), 200);
    const csvText = await csvFile.text();
    assert.match(csvText, /^\uFEFF?Number,Title,Status/);
    assert.equal(csvText.trim().split('\r\n').length, 2, csvText);
    assert.ok(csvText.includes(state.requestNumber));
    const xlsxHref = await page.getByRole('link', { name: 'Export XLSX' }).getAttribute('href');
    const xlsxFile = await page.request.get(`${product.baseUrl}${xlsxHref}`);
    assert.equal(
      xlsxFile.headers()['content-type'],
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    assert.equal((await xlsxFile.body()).subarray(0, 2).toString(), 'PK'); // a zip, as XLSX is
    await signOut();
  });

  it('the approver approves it from the inbox, and the order is created', async () => {
    assert.ok(state.requestNumber, 'needs the submitted request of the step before');
    await signIn('approver@example.com');
    // A fresh load of the dashboard: its figures are requested beside the user, not after it.
    const timeline = [];
    const started = (request) => timeline.push(`start ${new URL(request.url()).pathname}`);
    const finished = (request) => timeline.push(`end ${new URL(request.url()).pathname}`);
    page.on('request', started);
    page.on('requestfinished', finished);
    await page.goto(`${product.baseUrl}/`);
    await page.getByRole('button', { name: `Approve ${state.requestNumber}`, exact: true }).waitFor();
    page.off('request', started);
    page.off('requestfinished', finished);
    const meEnds = timeline.indexOf('end /api/auth/me/');
    assert.ok(meEnds >= 0, timeline.join(', '));
    assert.ok(timeline.indexOf('start /api/dashboard/stats/') < meEnds, `no waterfall: ${timeline.join(', ')}`);
    await shot('06-approver-dashboard');
    await page.goto(`${product.baseUrl}/approvals`);
    await page.getByRole('button', { name: `Approve ${state.requestNumber}`, exact: true }).click();
    await page.getByLabel(`Comment on ${state.requestNumber} (optional)`).fill('Fine, within budget.');
    await shot('07-approval-comment');
    await page.getByRole('button', { name: 'Confirm approval' }).click();
    await page.getByText('Nothing waits for you').waitFor();
    await shot('08-approvals-empty');

    await page.goto(state.requestUrl);
    await page
      .getByText(/approved/i)
      .first()
      .waitFor();
    const orderLink = page.getByRole('link', { name: /PO-\d{4}-\d{6}/ }).first();
    await orderLink.waitFor();
    state.orderNumber = (await orderLink.textContent())?.match(/PO-\d{4}-\d{6}/)?.[0];
    assert.ok(state.orderNumber);
    await shot('09-request-approved');
    await signOut();
  });

  it('procurement sees the order, downloads its PDF and records the goods receipt', async () => {
    assert.ok(state.orderNumber, 'needs the order of the step before');
    await signIn('procurement@example.com');
    await shot('10-procurement-dashboard');
    await page.goto(`${product.baseUrl}/purchase-orders`);
    await page.getByRole('link', { name: state.orderNumber }).click();
    await page.waitForURL(/\/purchase-orders\/\d+$/);
    state.orderUrl = page.url();

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: /pdf/i }).click(),
    ]);
    const pdfPath = await download.path();
    assert.ok(pdfPath);
    assert.match(download.suggestedFilename(), /\.pdf$/);

    // One toner cartridge of the two has arrived so far.
    await page.getByLabel('Received now: Printer paper A4, box').fill('3');
    await page.getByLabel('Received now: Toner cartridge').fill('1');
    await page.getByRole('button', { name: 'Record receipt' }).click();
    await page.getByText('Goods receipt recorded.').waitFor();
    await page
      .getByText(/partially received/i)
      .first()
      .waitFor();
    await shot('11-order-half-received');
  });

  it('an uploaded invoice PDF is read by the worker: the progress bar reaches the extracted fields', async () => {
    assert.ok(state.orderNumber, 'needs the order of the step before');
    await page.goto(`${product.baseUrl}/documents`);
    // Named .pdf, but not a PDF: the server sniffs the bytes and answers 415.
    const fake = join(product.dataDir, 'not-really.pdf');
    writeFileSync(fake, 'MZ\x90\x00 this is an executable, not an invoice');
    await page.getByTestId('document-file-input').setInputFiles(fake);
    await page
      .getByText('Unsupported file type: upload a PDF, an image (PNG, JPEG, TIFF, WebP) or an XML e-invoice.')
      .waitFor();
    await shot('12-document-refused');

    const invoice = join(product.dataDir, 'invoice-acme.pdf');
    writeFileSync(invoice, product.invoicePdf(state.orderNumber));
    await page.getByTestId('document-file-input').setInputFiles(invoice);
    const progress = page.getByRole('progressbar', { name: 'Reading the document' });
    await progress.waitFor();
    await shot('13-document-reading');
    // Follow the bar (fed by /api/tasks/{id}/ every 2 s) until the page moves to the document.
    const seen = [];
    const deadline = Date.now() + 120_000;
    while (!/\/documents\/\d+$/.test(page.url())) {
      assert.ok(Date.now() < deadline, `the document was not read in time; progress seen: ${seen}`);
      const value = await progress.getAttribute('aria-valuenow', { timeout: 1_000 }).catch(() => null);
      if (value !== null) seen.push(Number(value));
      await page.waitForTimeout(200);
    }
    assert.ok(seen.length > 0, 'the progress bar was shown');
    assert.deepEqual(
      seen,
      [...seen].sort((a, b) => a - b),
      'progress never goes back',
    );
    await page.getByRole('heading', { name: 'Extracted fields' }).waitFor();
    await page.getByText('ACME-7781').first().waitFor();
    await page.getByText('276.65').first().waitFor();
    await page.getByText(state.orderNumber).first().waitFor();
    // The page as the server rendered it, with the box each field was read from: focusing a
    // field's name highlights its box, which lies on the page image.
    const pageImage = page.getByTestId('page-1').getByRole('img', { name: 'Page 1 of the document' });
    await pageImage.waitFor();
    await page.getByRole('button', { name: 'Invoice number' }).focus();
    const box = page.getByTestId('evidence-invoice_number');
    assert.equal(await box.getAttribute('data-active'), 'true', 'the focused field is highlighted');
    const [inner, outer] = [await box.boundingBox(), await pageImage.boundingBox()];
    assert.ok(inner && outer && inner.width > 20 && inner.height > 4, 'the box has a size');
    assert.ok(
      inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.width <= outer.x + outer.width + 1,
      'the box lies on the page',
    );
    assert.ok(inner.y - outer.y < outer.height * 0.35, 'the invoice number is read near the top of the page');
    await shot('14-document-extracted');
    await page.setViewportSize({ width: 390, height: 844 });
    await pageImage.scrollIntoViewIfNeeded();
    await shot('14c-phone-document');
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('finance enters the invoice from the read document: it waits on hold for the missing toner', async () => {
    assert.ok(state.orderNumber, 'needs the order and the document of the steps before');
    state.documentUrl = page.url();
    await signOut();
    await signIn('finance@example.com');
    await page.goto(state.documentUrl);
    await page.getByRole('button', { name: 'Create invoice' }).click();
    await page.waitForURL(/\/invoices\/\d+$/);
    state.invoiceUrl = page.url();
    await page.getByRole('heading', { level: 1, name: /Invoice ACME-7781/ }).waitFor();
    await page.getByText('On hold').first().waitFor();
    await page.getByText(/invoiced so far 2 \(this invoice 2\); 1 of 2 received/).waitFor();
    await page.getByRole('link', { name: state.orderNumber }).first().waitFor();
    // The three-way table: the toner billed beyond what was received is marked.
    await page.getByText('(outside tolerance)').first().waitFor({ state: 'attached' });
    // Finance entered it, so finance may not release the hold: no release button for them.
    assert.equal(await page.getByRole('button', { name: 'Release…' }).count(), 0);
    await page.getByRole('button', { name: 'Correct' }).click();
    await page
      .getByText(/read \d+%/)
      .first()
      .waitFor(); // which fields were read, how surely
    await shot('14b-invoice-on-hold');
    await page.getByRole('button', { name: 'Cancel', exact: true }).click();
    // The same document again is refused as a duplicate.
    await page.goto(state.documentUrl);
    await page.getByRole('button', { name: 'Create invoice' }).click();
    await page.getByText(/This invoice was entered already/).waitFor();
  });

  it('procurement finds the hold in the AP inbox; the second receipt clears it by itself', async () => {
    assert.ok(state.invoiceUrl, 'needs the invoice of the step before');
    await signOut();
    await signIn('procurement@example.com');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'AP inbox' }).click();
    await page.getByRole('heading', { name: 'AP inbox', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'ACME-7781' }).waitFor();
    await page.getByRole('cell', { name: /Qty not received.*1 of 2 received/ }).waitFor();
    await shot('14c-ap-inbox');
    await page.goto(state.orderUrl);
    await page.getByLabel('Received now: Toner cartridge').fill('1');
    await page.getByRole('button', { name: 'Record receipt' }).click();
    await page.getByText('Goods receipt recorded.').waitFor();
    await shot('14d-order-received');
    // Nobody touches the invoice: the worker matches it again once the receipt commits.
    const deadline = Date.now() + 60_000;
    for (;;) {
      await page.goto(state.invoiceUrl);
      await page.getByRole('heading', { level: 1, name: /Invoice ACME-7781/ }).waitFor();
      if ((await page.getByText('Approved', { exact: true }).count()) > 0) break;
      assert.ok(Date.now() < deadline, 'the invoice was not re-matched within a minute of the receipt');
      await page.waitForTimeout(1_000);
    }
    await page.getByText(/Cleared by the match/).waitFor();
    await shot('14e-invoice-approved');
  });

  it('finance reads the spending report and downloads it as CSV', async () => {
    await signOut();
    await signIn('finance@example.com');
    await shot('15-finance-dashboard');
    await page.goto(`${product.baseUrl}/invoices`);
    await page.getByRole('link', { name: 'ACME-7781' }).waitFor();
    await page.getByRole('cell', { name: 'Approved' }).waitFor();
    await shot('15b-invoices');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(state.invoiceUrl);
    await page.getByRole('heading', { level: 1, name: /Invoice ACME-7781/ }).waitFor();
    await shot('15c-phone-invoice');
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${product.baseUrl}/reports`);
    await page.getByRole('heading', { name: 'Spending report' }).waitFor();
    await page.getByText('Engineering').first().waitFor(); // the requester's department, from the request above
    await shot('16-spending-report');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    const csv = readFileSync(await download.path(), 'utf8');
    const [header, ...rows] = csv.trim().split(/\r?\n/);
    assert.match(header, /^group_by,key,name,currency,/, csv);
    assert.ok(rows.includes('department,ENG,Engineering,USD,1,251.50,0.00,251.50,USD,251.50'), csv);
  });

  it('finance enters an exchange rate and sees it listed, at desktop and phone width', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Exchange rates' }).click();
    await page.getByRole('heading', { name: 'Exchange rates', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Add a rate' }).click();
    await page.getByRole('textbox', { name: 'Currency' }).fill('EUR');
    await page.getByLabel('Rate', { exact: true }).fill('1.0842');
    await page.getByRole('button', { name: 'Save rate' }).click();
    await page.getByRole('cell', { name: 'EUR' }).waitFor();
    await shot('16b-exchange-rates');
    await page.setViewportSize({ width: 390, height: 844 });
    await shot('16c-phone-exchange-rates');
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it("procurement enters a vendor's new bank account; only someone else can confirm it", async () => {
    await signOut();
    await signIn('procurement@example.com');
    await page.goto(`${product.baseUrl}/vendors`);
    await page.getByRole('link', { name: 'Initech Software' }).click();
    await page.getByRole('heading', { name: 'Initech Software', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Add an account' }).click();
    await page.getByLabel('IBAN').fill('NL91 ABNA 0417 1643 01'); // one digit wrong: the checksum fails
    await page.getByRole('button', { name: 'Save account' }).click();
    await page.getByText(/Not a valid IBAN: Invalid checksum digits/).waitFor();
    await page.getByLabel('IBAN').fill('NL91 ABNA 0417 1643 00');
    await page.getByRole('button', { name: 'Save account' }).click();
    await page.getByText('NL91ABNA0417164300').waitFor();
    await page
      .getByText(/payment runs leave this vendor out until someone other than who entered it confirms it/)
      .waitFor();
    assert.equal(await page.getByRole('button', { name: 'Confirm' }).count(), 0, 'who entered it cannot confirm it');
    await shot('24-bank-account-unconfirmed');
    state.vendorUrl = page.url();
    await signOut();
    await signIn('finance@example.com');
    await page.goto(state.vendorUrl);
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.getByText('Account confirmed.').waitFor();
    await page.getByText(/by Fiona Finance/).waitFor();
    await shot('24b-bank-account-confirmed');
  });

  it('finance proposes a payment run, another finance user approves it, the statement pays it', async () => {
    assert.ok(state.invoiceUrl, 'needs the approved invoice of the steps before');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Payment runs' }).click();
    await page.getByRole('heading', { name: 'Payment runs', level: 1 }).waitFor();
    await page.getByLabel('Pay what is due by').fill('2030-12-31');
    await page.getByRole('button', { name: 'Propose a run' }).click();
    await page.waitForURL(/\/payment-runs\/\d+$/);
    state.runUrl = page.url();
    await page.getByRole('link', { name: 'ACME-7781' }).waitFor();
    await page.getByText('in the CSV for the bank portal', { exact: false }).waitFor();
    assert.ok(await page.getByRole('button', { name: 'Approve' }).isDisabled(), 'who prepared it cannot approve it');
    await shot('25-payment-run-draft');
    await signOut();
    await signIn('controller@example.com');
    await page.goto(state.runUrl);
    await page.getByRole('button', { name: 'Approve' }).click();
    await page.getByText('Run approved: download its file for the bank.').waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    const csv = readFileSync(await download.path(), 'utf8');
    const row = csv
      .trim()
      .split(/\r?\n/)
      .find((line) => line.includes('Acme Office Supplies'));
    assert.ok(row && row.includes(',USD,276.65,'), csv);
    const endToEnd = row.split(',')[0];
    await page
      .getByText(/Exported/)
      .first()
      .waitFor();
    await shot('25b-payment-run-exported');
    await page.setViewportSize({ width: 390, height: 844 });
    await shot('25c-phone-payment-run');
    await page.setViewportSize({ width: 1280, height: 900 });

    // The bank's end-of-day statement books the transfer.
    const today = new Date().toISOString().slice(0, 10);
    const statement = join(product.dataDir, 'camt053.xml');
    writeFileSync(
      statement,
      `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>
<GrpHdr><MsgId>E2E-STMT-1</MsgId><CreDtTm>${today}T18:00:00</CreDtTm></GrpHdr>
<Stmt><Id>E2E-STMT-1</Id><CreDtTm>${today}T18:00:00</CreDtTm><Acct><Id><IBAN>DE89370400440532013000</IBAN></Id></Acct>
<Ntry><Amt Ccy="USD">276.65</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>${today}</Dt></BookgDt>
<AcctSvcrRef>BANK-E2E-1</AcctSvcrRef><NtryDtls><TxDtls><Refs><EndToEndId>${endToEnd}</EndToEndId></Refs>
<RltdPties><Cdtr><Nm>Acme Office Supplies</Nm></Cdtr></RltdPties></TxDtls></NtryDtls></Ntry>
</Stmt></BkToCstmrStmt></Document>`,
    );
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Bank statements' }).click();
    await page.getByLabel('camt.053 statement (XML)').setInputFiles(statement);
    await page.getByRole('button', { name: 'Match the statement' }).click();
    await page.getByText(/1 booked debit: 1 matched a payment and is now paid/).waitFor();
    await shot('26-bank-statement-matched');
    await page.goto(state.runUrl);
    await page.getByText('Paid', { exact: true }).first().waitFor();
    await page.goto(state.invoiceUrl);
    await page.getByRole('heading', { level: 1, name: /Invoice ACME-7781/ }).waitFor();
    await page.getByText('Paid', { exact: true }).first().waitFor();
  });

  it('daily use: reject, revise, resubmit, approved by a delegate from the e-mail; a mention rings the bell; a bulk approve', async () => {
    await signOut();
    const asRequester = await apiAs('requester@example.com');
    const make = async (title) => {
      const request = await asRequester('POST', '/api/purchase-requests/', {
        title,
        currency: 'USD',
        items: [{ description: `${title} item`, quantity: '1', unit_price: '120.00' }],
      });
      await asRequester('POST', `/api/purchase-requests/${request.id}/submit/`);
      return request;
    };
    const rejected = await make('Standing desks');
    const bulk = [await make('Headsets'), await make('Webcams'), await make('Docking stations')];

    // The approver rejects one, asking for the quote, and mentions the requester in its discussion.
    await signIn('approver@example.com');
    await page.goto(`${product.baseUrl}/purchase-requests/${rejected.id}`);
    await page.getByRole('button', { name: `Reject ${rejected.number}` }).click();
    await page.getByLabel(`Why reject ${rejected.number}? (required)`).fill('Please resubmit with the quote attached.');
    await page.getByRole('button', { name: 'Confirm rejection' }).click();
    await page.getByText(`${rejected.number} rejected.`).waitFor();
    await page.getByLabel('Add a comment').fill('@requester@example.com the vendor quote is in the shared drive.');
    await page.getByRole('button', { name: 'Post comment' }).click();
    await page.getByText('the vendor quote is in the shared drive.').waitFor();

    // Bulk: three chosen, one of them cancelled by its requester before the approver confirms.
    await page.goto(`${product.baseUrl}/approvals?ordering=-age`);
    for (const request of bulk) await page.getByLabel(`Select ${request.number}`).check();
    await asRequester('POST', `/api/purchase-requests/${bulk[2].id}/cancel/`);
    await page.getByRole('button', { name: 'Approve selected (3)' }).click();
    await page.getByRole('button', { name: 'Approve them' }).click();
    await page.getByText(`Approved: ${bulk[0].number}, ${bulk[1].number}.`).waitFor();
    await page
      .getByText(new RegExp(`Not approved: ${bulk[2].number}: Cannot approve a request that is cancelled`))
      .waitFor();
    await shot('27-bulk-approve-one-conflict');

    // Away: the approver hands their approvals to the controller.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Away & delegation' }).click();
    await page.getByRole('combobox', { name: 'Who decides for you' }).fill('carla');
    await page.getByRole('option', { name: /Carla Controller/ }).click();
    const today = new Date();
    const inDays = (days) => new Date(today.getTime() + days * 86_400_000).toLocaleDateString('en-CA');
    await page.getByLabel('From').fill(inDays(0));
    await page.getByLabel('Until (included)').fill(inDays(7));
    await page.getByRole('button', { name: 'Hand over my approvals' }).click();
    await page.getByText('active now').first().waitFor();
    await shot('28-delegation');
    await signOut();

    // The requester: the bell shows the mention; it leads to the request, which they revise.
    await signIn('requester@example.com');
    const bell = page.getByRole('button', { name: /^Notifications, \d+ unread$/ });
    await bell.waitFor();
    await bell.click();
    await shot('29-notification-bell');
    await page.getByRole('button', { name: /Arthur Approver mentioned you on/ }).click();
    await page.waitForURL(`${product.baseUrl}/purchase-requests/${rejected.id}`);
    await page.getByText('Please resubmit with the quote attached.').first().waitFor();
    await page.getByRole('button', { name: 'Revise and resubmit' }).click();
    await page.waitForURL(/\/edit$/);
    await page.getByLabel('Title').fill('Standing desks (quote attached)');
    // The route is previewed while typing: the approver is away, their delegate decides.
    await page
      .getByText(/away until .*their delegate decides/)
      .first()
      .waitFor();
    await shot('30-revise-route-preview');
    await page.getByRole('button', { name: /save/i }).first().click();
    await page.waitForURL(`${product.baseUrl}/purchase-requests/${rejected.id}`);
    await page.getByRole('button', { name: 'Submit for approval' }).click();
    await page.getByText('Request submitted for approval.').waitFor();
    await page.getByText('Before it was revised').waitFor();
    await signOut();

    // The delegate approves from the link in their e-mail: it opens a confirmation in the app.
    const link = new URL(await approveLinkFromMail('controller@example.com', rejected.number));
    assert.equal(link.pathname, '/approval-link');
    await signIn('controller@example.com');
    await page.goto(`${product.baseUrl}${link.pathname}${link.search}`);
    await page.getByRole('heading', { name: `Approve ${rejected.number}?` }).waitFor();
    await shot('31-approval-link-confirm');
    await page.getByRole('button', { name: 'Confirm approval' }).click();
    await page.waitForURL(`${product.baseUrl}/purchase-requests/${rejected.id}`);
    await page.getByText('on behalf of Arthur Approver, who is away').waitFor();
    await page.getByText('Approved', { exact: true }).first().waitFor();
    // Single use: the same link now says so.
    await page.goto(`${product.baseUrl}${link.pathname}${link.search}`);
    await page.getByText(/This link has been used/).waitFor();
  });

  it('procurement: from the queue, a draft completed and issued, amended to rev 2, part received, short-closed', async () => {
    await signOut();
    const asRequester = await apiAs('requester@example.com');
    const request = await asRequester('POST', '/api/purchase-requests/', {
      title: 'Meeting room chairs',
      currency: 'USD',
      items: [
        { description: 'Chair', quantity: '6', unit_price: '150.00' },
        { description: 'Chair mat', quantity: '2', unit_price: '40.00' },
      ],
    });
    const submitted = await asRequester('POST', `/api/purchase-requests/${request.id}/submit/`);
    // Whoever the step waits on (the approver's delegate, while the step before left them away).
    const approver = submitted.approval_steps.find((step) => step.status === 'PENDING').approver.email;
    const asApprover = await apiAs(approver);
    await asApprover('POST', `/api/purchase-requests/${request.id}/approve/`, { comment: '' });

    await signIn('procurement@example.com');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Procurement queue' }).click();
    await page.getByRole('heading', { name: 'Procurement queue', level: 1 }).waitFor();
    await page.getByRole('row', { name: new RegExp(`${request.number}.*No vendor chosen`) }).waitFor();
    await shot('30-procurement-queue');
    await page.getByRole('link', { name: request.number }).click();
    await page.getByRole('combobox', { name: 'Vendor' }).fill('globex');
    await page.getByRole('option', { name: 'Globex Hardware' }).click();
    await page.getByRole('button', { name: 'Prepare a draft' }).click();
    await page.waitForURL(/\/purchase-orders\/\d+$/);
    const orderUrl = page.url();

    // The draft: a price within the tolerance, tax, a delivery date and the ship-to, then issued.
    await page.getByLabel('Unit price (USD)').first().fill('155.00');
    await page.getByLabel('Tax %').first().fill('19');
    const delivery = new Date(Date.now() + 14 * 86_400_000).toLocaleDateString('en-CA');
    await page.getByLabel('Expected delivery').fill(delivery);
    await page.getByLabel('Ship to').fill('Example Corp, room 4.12\n1 Example Street\n10115 Berlin');
    await page.getByLabel('Incoterms').fill('DAP Berlin');
    await shot('31-po-draft');
    await page.getByRole('button', { name: 'Issue and send to Globex Hardware' }).click();
    await page.getByText(/issued and sent to Globex Hardware/).waitFor();
    const number = (await page.getByRole('heading', { level: 1 }).textContent()).match(/PO-\d{4}-\d{6}/)[0];
    await mailFor('sales@globex.example.com', `Purchase order ${number} from`);

    // A change order: one chair mat fewer; the vendor gets rev 2 with the change. (One more chair
    // would pass the 5 % tolerance: the button stays disabled.)
    await page.getByRole('button', { name: 'Amend order' }).click();
    await page.getByLabel('Quantity').nth(1).fill('1');
    await page.getByLabel('Note to the vendor').fill('One chair mat fewer, as agreed by phone.');
    await page.getByRole('button', { name: 'Send change order' }).click();
    await page.getByText(`${number} rev 2 sent to Globex Hardware with the changes.`).waitFor();
    const change = await mailFor('sales@globex.example.com', `Change to purchase order ${number} rev 2`);
    assert.match(change, /Line 2 \(Chair mat\): quantity 2 -> 1/);

    // Part received with the delivery note; the rest is closed.
    await page.getByRole('button', { name: 'Receive all remaining' }).waitFor();
    await page.getByLabel('Delivery note number').fill('DN-20931');
    await page.getByLabel('Received now: Chair', { exact: true }).fill('4');
    await page.getByRole('button', { name: 'Record receipt' }).click();
    await page.getByText('Goods receipt recorded.').waitFor();
    await page.getByText(/delivery note DN-20931/).waitFor();
    await page.getByRole('button', { name: 'Close open quantities' }).click();
    await page.getByLabel('Reason (sent to the vendor)').fill('The rest is no longer needed.');
    await page.getByRole('dialog').getByRole('button', { name: 'Close open quantities' }).click();
    await page.getByText('Open quantities cancelled.').waitFor();
    await page.getByText('Closed', { exact: true }).first().waitFor();
    await shot('32-po-short-closed');
    const closing = await mailFor('sales@globex.example.com', `Open quantities ${number} cancelled`);
    assert.match(closing, /Chair: 4 of 6 delivered; the rest is cancelled/);

    // The request agrees: what was received, and the order it came from.
    await page.goto(`${product.baseUrl}/purchase-requests/${request.id}`);
    await page.getByText(/delivery note DN-20931/).waitFor();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(orderUrl);
    await page.getByText(/delivery note DN-20931/).waitFor();
    await shot('33-po-phone');
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('an admin reaches every admin screen; a requester sees no admin navigation', async () => {
    await signOut();
    await signIn('admin@example.com');
    for (const [path, title, name] of [
      ['/vendors', 'Vendors', '17-vendors'],
      ['/departments', 'Departments', '18-departments'],
      ['/users', 'Users', '19-users'],
      ['/purchase-requests', 'Purchase requests', '20-all-requests'],
      ['/purchase-orders', 'Purchase orders', '21-orders'],
      ['/documents', 'Documents', '22-documents'],
      ['/ap-inbox', 'AP inbox', '22b-admin-ap-inbox'],
      ['/audit-trail', 'Audit trail', '22c-audit-trail'],
      ['/procurement-queue', 'Procurement queue', '22d-procurement-queue'],
    ]) {
      await page.goto(`${product.baseUrl}${path}`);
      await page.getByRole('heading', { name: title, level: 1 }).waitFor();
      await page
        .getByRole('status', { name: /^Loading/ })
        .first()
        .waitFor({ state: 'detached' });
      assert.equal(await page.getByRole('alert').count(), 0, `no error on ${path}`);
      await shot(name);
    }
    await signOut();
    await signIn('requester@example.com');
    const navigation = page.getByRole('navigation', { name: 'Main' });
    await navigation.getByRole('link', { name: 'Purchase requests' }).waitFor();
    for (const adminLink of ['Users', 'Departments', 'Reports', 'Audit trail', 'Procurement queue']) {
      assert.equal(await navigation.getByRole('link', { name: adminLink }).count(), 0, `${adminLink} is not offered`);
    }
  });

  it('works at a phone width', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${product.baseUrl}/purchase-requests`);
    await page.getByRole('button', { name: 'Open navigation' }).click();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click();
    await page.getByRole('heading', { name: /^Welcome, / }).waitFor();
    await shot('23-phone-dashboard');
    await page.goto(state.requestUrl);
    await page.getByRole('heading', { level: 1, name: state.requestNumber }).waitFor();
    await shot('24-phone-request');
    await page.goto(`${product.baseUrl}/purchase-requests/new`);
    await page.getByLabel('Item 1 description').waitFor();
    await shot('24b-phone-request-form');
    // Nothing overflows the page sideways on any main screen.
    for (const path of [
      '/',
      '/purchase-requests',
      '/purchase-requests/new',
      new URL(state.requestUrl).pathname,
      '/purchase-orders',
      '/invoices',
      '/ap-inbox',
      '/documents',
      '/vendors',
      '/delegations',
    ]) {
      await page.goto(`${product.baseUrl}${path}`);
      await page
        .getByRole('heading', { level: 1 })
        .first()
        .waitFor()
        .catch((error) => assert.fail(`${path}: ${error.message}`));
      await page.waitForLoadState('networkidle');
      const [scroll, width] = await page.evaluate(() => [
        globalThis.document.documentElement.scrollWidth,
        globalThis.innerWidth,
      ]);
      assert.ok(scroll <= width, `${path} scrolls sideways at 390 px: ${scroll} > ${width}`);
    }
  });

  it('a session that can no longer be refreshed goes back to the login, then to where it was', async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await context.clearCookies({ name: 'access_token' });
    await context.clearCookies({ name: 'refresh_token' });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Purchase orders' }).click();
    await page.getByText('Your session has ended. Please sign in again.').waitFor();
    await page.waitForURL(/\/login\?next=%2Fpurchase-orders/);
    await shot('25-session-ended');
    await page.getByLabel('Email').fill('requester@example.com');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Purchase orders', level: 1 }).waitFor();
  });

  it('no screen has a serious accessibility violation (axe-core, WCAG 2 A and AA)', () => {
    assert.deepEqual(accessibility, {});
  });

  it('nothing on the way answered with a server error', () => {
    assert.deepEqual(serverErrors, []);
    const unexpected = consoleErrors.filter((text) => !/status of 4\d\d/.test(text)); // refused on purpose above
    assert.deepEqual(unexpected, []);
  });
});
