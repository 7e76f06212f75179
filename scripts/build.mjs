#!/usr/bin/env node
// Bundles the CLI into one file (fast start-up: one module to load, no resolution) and the
// library entry points. Check documentation pages are inlined so `gotune explain` needs no files.
import { build } from 'esbuild';
import { readdirSync, readFileSync, chmodSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const docsDir = join(root, 'docs/checks');
const docs = {};
for (const name of readdirSync(docsDir)) if (/^GT\d{3}\.md$/.test(name)) docs[name.slice(0, 5)] = readFileSync(join(docsDir, name), 'utf8');

// commander and other CommonJS dependencies call require(); give the ES module bundle one.
const banner = "import { createRequire as __gotuneCreateRequire } from 'node:module'; const require = __gotuneCreateRequire(import.meta.url);";
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  minify: true,
  sourcemap: false,
  legalComments: 'none',
  define: { __GOTUNE_DOCS__: JSON.stringify(docs) },
  logLevel: 'warning',
  // Prefer ES module builds: jsonc-parser's UMD main uses a require() esbuild cannot follow.
  mainFields: ['module', 'main'],
};

await build({ ...common, entryPoints: [join(root, 'src/cli/bin.ts')], outfile: join(root, 'dist/gotune.mjs'), banner: { js: `#!/usr/bin/env node\n${banner}` } });
chmodSync(join(root, 'dist/gotune.mjs'), 0o755);
const libs = [['src/index.ts', 'dist/lib.mjs'], ['src/gomod/index.ts', 'dist/gomod.mjs']];
for (const [src, out] of libs) {
  if (existsSync(join(root, src))) await build({ ...common, minify: false, entryPoints: [join(root, src)], outfile: join(root, out), banner: { js: banner } });
}
