// Builds the pages proctord serves: bundles each page's script with esbuild
// and copies the static files. usage: node web/build.mjs OUT_DIR
// (CMake runs it into build/web; proctord serves that with --web).
import * as esbuild from 'esbuild';
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = resolve(process.argv[2] ?? join(here, '..', 'build', 'web'));

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, 'assets'), { recursive: true });
cpSync(join(here, 'public'), out, { recursive: true });

await esbuild.build({
  absWorkingDir: here,
  entryPoints: { candidate: 'src/candidate/main.js', staff: 'src/staff/main.js' },
  bundle: true,
  format: 'esm',
  splitting: true, // CodeMirror is shared by both pages, loaded once
  minify: true,
  sourcemap: 'linked',
  target: ['chrome109', 'firefox115', 'safari16'],
  outdir: join(out, 'assets'),
  chunkNames: 'chunk-[hash]',
  legalComments: 'linked',
  logLevel: 'warning',
});
console.log(`web: pages built into ${out}`);
