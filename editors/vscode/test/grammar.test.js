// The TextMate grammar, run by the engine VS Code uses (vscode-textmate with the
// Oniguruma regex library): every example policy tokenizes, and a policy written for
// this test gets the scopes a theme colours. Run by `npm test` from .ci/run.
"use strict";

const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const oniguruma = require("vscode-oniguruma");
const textmate = require("vscode-textmate");

const here = path.join(__dirname, "..");
const wasm = fs.readFileSync(require.resolve("vscode-oniguruma/release/onig.wasm")).buffer;

async function registry() {
  await oniguruma.loadWASM(wasm);
  return new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
      createOnigString: (text) => new oniguruma.OnigString(text),
    }),
    loadGrammar: async (scope) => {
      const file = { "source.redline": "redline.tmLanguage.json", "markdown.redline.codeblock": "codeblock.json" }[scope];
      if (!file) return null;
      const text = fs.readFileSync(path.join(here, "syntaxes", file), "utf8");
      return textmate.parseRawGrammar(text, file);
    },
  });
}

// Each token of each line, as [text, innermost scope].
function tokenize(grammar, text) {
  let stack = textmate.INITIAL;
  const out = [];
  for (const line of text.split("\n")) {
    const result = grammar.tokenizeLine(line, stack);
    out.push(result.tokens.map((t) => [line.slice(t.startIndex, t.endIndex), t.scopes[t.scopes.length - 1]]));
    stack = result.ruleStack;
  }
  return out;
}

function scopeOf(lines, line, text) {
  const token = lines[line].find(([t]) => t.trim() === text);
  assert.ok(token, `no token ${JSON.stringify(text)} on line ${line}: ${JSON.stringify(lines[line])}`);
  return token[1];
}

function files(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return files(full);
    return e.name.endsWith(".redline") ? [full] : [];
  });
}

(async () => {
  const reg = await registry();
  const grammar = await reg.loadGrammar("source.redline");
  assert.ok(grammar, "the grammar loads");

  const sample = [
    '# Accounts of the shop.',
    'category email : contact.email',
    'purpose accounts : service.account {',
    '  basis contract',
    '  retain 2 years after contract_end',
    '  description "what \\"we\\" keep"',
    '}',
    '# redline: allow P001 -- reviewed with the DPO',
    'flow customer -> shop : email for accounts',
    'rule no_health { deny data health.* to recipient }',
  ].join("\n");
  const lines = tokenize(grammar, sample);
  assert.equal(scopeOf(lines, 0, "Accounts of the shop."), "comment.line.number-sign.redline");
  assert.equal(scopeOf(lines, 1, "category"), "keyword.declaration.redline");
  assert.equal(scopeOf(lines, 1, "email"), "entity.name.type.redline");
  assert.equal(scopeOf(lines, 1, "contact.email"), "support.type.taxonomy.redline");
  assert.equal(scopeOf(lines, 3, "contract"), "constant.language.basis.redline");
  assert.equal(scopeOf(lines, 4, "2"), "constant.numeric.redline");
  assert.equal(scopeOf(lines, 4, "after"), "keyword.other.redline");
  assert.equal(scopeOf(lines, 5, "\\\""), "constant.character.escape.redline");
  assert.equal(scopeOf(lines, 7, "P001"), "support.constant.rule.redline");
  assert.equal(scopeOf(lines, 8, "->"), "keyword.operator.arrow.redline");
  assert.equal(scopeOf(lines, 8, "customer"), "variable.other.name.redline");
  assert.equal(scopeOf(lines, 8, "for"), "keyword.other.redline");
  assert.equal(scopeOf(lines, 9, "health.*"), "support.type.taxonomy.redline");
  // A string left open at the end of a line does not colour the rest of the file.
  const open = tokenize(grammar, 'dpo "unterminated\ncategory name : identity.name');
  assert.equal(scopeOf(open, 1, "category"), "keyword.declaration.redline");

  // Every policy of the repository tokenizes, and its declarations are keywords.
  const root = path.join(here, "..", "..");
  let count = 0;
  for (const dir of ["examples", "policies", "templates"]) {
    for (const file of files(path.join(root, dir))) {
      const text = fs.readFileSync(file, "utf8");
      const tokens = tokenize(grammar, text);
      text.split("\n").forEach((line, i) => {
        const m = /^(category|purpose|system|subject|recipient|processor|consent|flow)\s/.exec(line);
        if (m) assert.equal(tokens[i][0][1], "keyword.declaration.redline", `${file}:${i + 1}`);
      });
      count++;
    }
  }
  assert.ok(count > 10, `only ${count} policy files found`);

  // The Markdown injection recognises a ```redline fence.
  const injection = await reg.loadGrammar("markdown.redline.codeblock");
  assert.ok(injection, "the Markdown injection loads");
  const fence = JSON.parse(fs.readFileSync(path.join(here, "syntaxes", "codeblock.json"), "utf8"))
    .repository["redline-code-block"].begin;
  const scanner = new oniguruma.OnigScanner([fence]);
  assert.ok(scanner.findNextMatchSync("```redline", 0), "```redline opens a block");
  assert.ok(!scanner.findNextMatchSync("```rego", 0), "```rego does not");

  console.log(`grammar: ${count} policy files tokenized, scopes as expected`);
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
