// tests/contract/docs_examples.mjs — every curl example in docs/api.md and the README runs
// (issue 9: "a test runs every curl example in the docs against a demo server").
//
// An example is a command starting with `curl` in a ```sh block (continued with a
// trailing backslash), optionally followed by a line `# → NNN`: the status it must
// answer (200 when absent). The examples run in document order (docs/api.md, then the
// README) with bash against one fresh demo server (tests/web/lib.mjs startServer: init +
// demo), with $BASE, $TOKEN (beheer) and $LEZER (lezer of organisation 1) set; curl gets
// `-sS -o <file> -w '%{http_code}'` added after its name. Every line in the two documents
// that starts with `curl` must be such an example, so none is left unchecked.
// Run by tests/contract/run_docs_examples.sh (meson test 'docs-examples', suite 'contract').
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, bin, root } from '../web/lib.mjs';

const DOCS = ['docs/api.md', 'README.md'];

// The examples of one document: { file, line, command, status }.
export function examples(file, text) {
  const out = [];
  const lines = text.split('\n');
  let inSh = false;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (/^```/.test(l)) {
      inSh = !inSh && /^```(sh|bash|console)\s*$/.test(l);
      continue;
    }
    if (!inSh || !/^curl\s/.test(l)) continue;
    const start = i;
    let command = l;
    while (command.endsWith('\\') && i + 1 < lines.length) {
      command = `${command.slice(0, -1).trimEnd()} ${lines[++i].trim()}`;
    }
    let status = 200;
    const m = /^#\s*→\s*(\d{3})\s*$/.exec(lines[i + 1] || '');
    if (m) {
      status = Number(m[1]);
      i++;
    }
    out.push({ file, line: start + 1, command, status });
  }
  return out;
}

let srv;
let dir;
const env = {};

before(async () => {
  srv = await startServer();
  dir = mkdtempSync(path.join(tmpdir(), 'noaber-docs-'));
  env.BASE = srv.base;
  env.TOKEN = srv.token;
  env.LEZER = execFileSync(bin, ['token', 'create', '--db', srv.db, '--role', 'lezer',
    '--organisation', '1', '--label', 'docs-lezer']).toString().trim().split('\n').pop();
});

after(async () => {
  await srv?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('every curl example in docs/api.md and the README answers its documented status', () => {
  let n = 0;
  for (const file of DOCS) {
    const text = readFileSync(path.join(root, file), 'utf8');
    const found = examples(file, text);
    const curlLines = text.split('\n').filter((l) => /^\s*curl\s/.test(l)).length;
    assert.equal(found.length, curlLines,
      `${file}: every line starting with curl is a runnable example in a sh block`);
    for (const ex of found) {
      const body = path.join(dir, 'body');
      const cmd = ex.command.replace(/^curl\s/, `curl -sS -o '${body}' -w '%{http_code}' `);
      const r = spawnSync('bash', ['-c', cmd], {
        env: { ...process.env, ...env }, encoding: 'utf8', timeout: 30000,
      });
      let answer = '';
      try {
        answer = readFileSync(body, 'utf8').slice(0, 400);
      } catch {
        answer = '(no body)';
      }
      assert.equal(r.stdout, String(ex.status),
        `${ex.file}:${ex.line}: ${ex.command}\n  stderr: ${r.stderr}\n  body: ${answer}`);
      n++;
    }
  }
  assert.ok(n >= 25, `ran ${n} examples`);
});
