// The build's second step, after tsc (`npm run build`: node dist/cli/build-dist.js): the compiled rules
// cache (checks/rules-cache.ts) and the one-file bundle of the CLI (util/bundle.ts), both under dist/.
// Neither is needed: without them the CLI parses the rules' YAML and loads dist/ module by module, as
// it always did. The bundle is made with esbuild (a dev dependency, also what tsx runs on); when it
// cannot be loaded, or reports anything, there is no bundle and the build says so.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeRulesCache } from '../checks/rules-cache.ts';
import { BUNDLE_DIR, BUNDLE_FILE, BUNDLE_FORMAT, MANIFEST_FILE, stampOf } from '../util/bundle.ts';
import type { BundleManifest, FileStamp } from '../util/bundle.ts';

/** Native addons, loaded from node_modules at run time (they find their binaries next to themselves). */
const EXTERNAL = ['better-sqlite3', 'tree-sitter', 'tree-sitter-c'];

/**
 * Defined at the top of the bundle: a module's own import.meta.url (its file under dist/, which is
 * still there: workers start from it, fingerprints hash its neighbours, rules/ is found from it).
 */
const BANNER = [
  '"use strict";',
  'const __mmrUrl = (rel) => require("node:url").pathToFileURL(require("node:path").join(__dirname, "..", rel)).href;',
  'const __mmrResolve = (specifier) => require("node:url").pathToFileURL(require.resolve(specifier)).href;',
].join('\n');

const posix = (p: string): string => p.split(sep).join('/');

/**
 * Packages our modules load on first use (`createRequire(import.meta.url)(name)`: mail libraries only
 * unusual mail needs). In the bundle each such call becomes a plain `require(name)`, which esbuild
 * bundles as a module initialised when first required: nothing at start, no load from node_modules later.
 */
const LOADED_ON_USE = new Set(['libmime', 'libmime/lib/charset.js', 'iconv-lite', 'mailparser']);
const CREATE_REQUIRE_CALL = /createRequire\(import\.meta\.url\)\((['"])([^'"]+)\1\)/g;

function bundledRequires(text: string): string {
  return text.replace(CREATE_REQUIRE_CALL, (call: string, _q: string, name: string) => (LOADED_ON_USE.has(name) ? `require(${JSON.stringify(name)})` : call));
}

/**
 * The file whose change makes the bundle stale, for a file that went into it: itself under dist/, the
 * package.json of its package under node_modules (npm writes it anew whenever it installs the package;
 * checking every file of every package at each start would cost hundreds of stats).
 */
function watched(path: string): string {
  const m = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(path);
  return m ? `${m[1]}/package.json` : path;
}

async function bundle(dist: string, root: string): Promise<string> {
  const out = join(dist, BUNDLE_DIR);
  rmSync(out, { recursive: true, force: true });
  let esbuild: typeof import('esbuild');
  try {
    esbuild = await import('esbuild');
  } catch {
    return 'bundle: skipped (esbuild not found); the CLI runs from dist/ module by module';
  }
  const problems: string[] = [];
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: [join(dist, 'cli', 'main.js')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // Class and function names stay what they are in dist/ (error names come from them).
    keepNames: true,
    external: EXTERNAL,
    banner: { js: BANNER },
    write: false,
    metafile: true,
    logLevel: 'silent',
    outfile: join(out, BUNDLE_FILE),
    plugins: [{
      name: 'own-import-meta',
      setup(build) {
        build.onLoad({ filter: /\.js$/ }, (args) => {
          const rel = posix(relative(dist, args.path));
          if (rel.startsWith('..')) return undefined;
          const text = bundledRequires(readFileSync(args.path, 'utf8'));
          if (!text.includes('import.meta')) return { contents: text, loader: 'js' };
          const contents = text.replaceAll('import.meta.url', `__mmrUrl(${JSON.stringify(rel)})`).replaceAll('import.meta.resolve', '__mmrResolve');
          if (contents.includes('import.meta')) problems.push(`dist/${rel}: import.meta other than .url and .resolve`);
          return { contents, loader: 'js' };
        });
      },
    }],
  });
  problems.push(...result.warnings.map((w) => `${w.location?.file ?? ''}: ${w.text}`), ...result.errors.map((e) => e.text));
  if (problems.length > 0) return `bundle: skipped (${problems[0]}); the CLI runs from dist/ module by module`;
  const text = result.outputFiles[0]!.contents;
  const inputs: FileStamp[] = [];
  for (const path of [...new Set(Object.keys(result.metafile.inputs).map(watched))].sort()) {
    const stamp = stampOf(root, path);
    if (!stamp) return `bundle: skipped (input ${path} not found); the CLI runs from dist/ module by module`;
    inputs.push(stamp);
  }
  mkdirSync(out, { recursive: true });
  const file = join(out, BUNDLE_FILE);
  writeFileSync(`${file}.tmp`, text);
  renameSync(`${file}.tmp`, file);
  const manifest: BundleManifest = {
    format: BUNDLE_FORMAT,
    id: createHash('sha256').update(text).digest('hex').slice(0, 16),
    bundle: stampOf(root, posix(relative(root, file)))!,
    inputs,
  };
  writeFileSync(join(out, `${MANIFEST_FILE}.tmp`), JSON.stringify(manifest));
  renameSync(join(out, `${MANIFEST_FILE}.tmp`), join(out, MANIFEST_FILE));
  return '';
}

/** The bundle, or a line saying why there is none (esbuild failing is no build failure: dist/ runs without it). */
async function tryBundle(dist: string, root: string): Promise<string> {
  try {
    return await bundle(dist, root);
  } catch (err) {
    rmSync(join(dist, BUNDLE_DIR), { recursive: true, force: true });
    return `bundle: skipped (${(err as Error).message.split('\n')[0]}); the CLI runs from dist/ module by module`;
  }
}

async function buildDist(): Promise<void> {
  const self = fileURLToPath(import.meta.url);
  if (!self.endsWith('.js')) throw new Error('run the compiled build step: node dist/cli/build-dist.js (after tsc)');
  const dist = fileURLToPath(new URL('..', import.meta.url));
  const root = join(dist, '..');
  const cache = join(dist, 'checks', 'rules-cache.json');
  try {
    writeRulesCache([join(root, 'rules')], cache);
  } catch (err) {
    rmSync(cache, { force: true });
    console.log(`rules cache: skipped (${(err as Error).message.split('\n')[0]})`);
  }
  const note = await tryBundle(dist, root);
  if (note) console.log(note);
}

await buildDist();
