// Sizes of the built SPA, from Vite's manifest: the JavaScript a first visit loads (the entry
// and its static imports: login and dashboard) against its budget, and every on-demand chunk.
// Run after `npm run build`; exits 1 when the initial JavaScript is over budget.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const DIST = resolve(import.meta.dirname, '..', 'dist');
const BUDGET_KB = 200;
const manifest = JSON.parse(readFileSync(join(DIST, '.vite', 'manifest.json'), 'utf8'));

const sizes = (file) => {
  const bytes = readFileSync(join(DIST, file));
  return { raw: bytes.length / 1024, gzip: gzipSync(bytes, { level: 9 }).length / 1024 };
};

function staticClosure(key, seen = new Set()) {
  if (seen.has(key)) return seen;
  seen.add(key);
  for (const imported of manifest[key].imports ?? []) staticClosure(imported, seen);
  return seen;
}

const entry = Object.keys(manifest).find((key) => manifest[key].isEntry);
const initial = [...staticClosure(entry)].map((key) => manifest[key].file);
const initialCss = [...staticClosure(entry)].flatMap((key) => manifest[key].css ?? []);
const sum = (files) =>
  files.map(sizes).reduce((a, b) => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip }), { raw: 0, gzip: 0 });
const fmt = ({ raw, gzip }) => `${raw.toFixed(1).padStart(7)} KB raw ${gzip.toFixed(1).padStart(6)} KB gzip`;

const initialJs = sum(initial);
console.log(
  `initial JS (login + dashboard), ${initial.length} file(s): ${fmt(initialJs)}  (budget ${BUDGET_KB} KB gzip)`,
);
console.log(`initial CSS: ${fmt(sum(initialCss))}`);
const lazy = Object.entries(manifest)
  .filter(([key, chunk]) => chunk.file.endsWith('.js') && !initial.includes(chunk.file) && key !== entry)
  .map(([key, chunk]) => ({ label: chunk.src ?? key, file: chunk.file, size: sizes(chunk.file) }))
  .sort((a, b) => b.size.gzip - a.size.gzip);
console.log(`on demand, ${lazy.length} chunk(s): ${fmt(sum(lazy.map((chunk) => chunk.file)))}; the largest:`);
for (const chunk of lazy.slice(0, 6)) console.log(`  ${chunk.label.padEnd(44)} ${fmt(chunk.size)}`);

if (initialJs.gzip > BUDGET_KB) {
  console.error(`initial JavaScript is ${initialJs.gzip.toFixed(1)} KB gzip, over the ${BUDGET_KB} KB budget`);
  process.exit(1);
}
