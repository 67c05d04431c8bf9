// Usage (from a folder with the npm packages mermaid@11 and jsdom@24): node check-mermaid.mjs FILE.mmd…
// Parses Mermaid diagrams with the real mermaid parser; jsdom stands in for a browser.
import { JSDOM } from 'jsdom';
import { readFileSync } from 'node:fs';
const dom = new JSDOM('<!doctype html><html><body></body></html>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import('mermaid');
mermaid.initialize({ startOnLoad: false });
let failed = 0;
for (const file of process.argv.slice(2)) {
  try {
    await mermaid.parse(readFileSync(file, 'utf8'));
    console.log(`ok ${file}`);
  } catch (e) {
    failed++;
    console.log(`FAILED ${file}: ${e.message}`);
  }
}
process.exit(failed ? 1 : 0);
