// The web editor at /admin/: Sveltia CMS from npm, bundled with every file it loads (its
// locales, fonts, wasm and workers), so the page needs no CDN. `make admin` runs this.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));

// Modules of the CMS that bantin's editor never loads are replaced by small stand-ins, so the
// committed bundle stays small (see admin/README.md). Each is loaded by the CMS
// on demand only, and each failure is one it already handles.
const KEEP_UI_LOCALES = new Set(['vi']); // en-US, the fallback, is inside the main chunk
const KEEP_SHIKI_LANGS = new Set(['markdown', 'yaml', 'json']);
const STANDINS = [
  {
    // The CMS's other 27 UI languages: an empty catalogue, so every string falls back to English.
    id: 'ui-locale',
    match: (source) => {
      const m = /^\.\.\/locales\/(.+)\.json$/.exec(source);
      return m && !KEEP_UI_LOCALES.has(m[1]);
    },
    code: 'export default {};\n',
  },
  {
    // Syntax highlighting of fenced code (240 Shiki grammars, ~11 MB): others show as plain text.
    id: 'shiki-grammar',
    match: (source) => {
      const m = /^@shikijs\/langs\/(.+)$/.exec(source);
      return m && !KEEP_SHIKI_LANGS.has(m[1]);
    },
    code: 'export default [];\n',
  },
  {
    // The map field (Leaflet, Terra Draw): bantin's configuration has no map field.
    id: 'map-field',
    match: (source) => /^(leaflet\/|terra-draw)/.test(source),
    code: 'throw new Error("bantin: the map field is not in this bundle");\n',
  },
  {
    // SVGO (optimises SVG uploads when a transformation asks for it): the upload is kept as is.
    id: 'svgo',
    match: (source) => /^svgo(\/|$)/.test(source),
    code: 'export const optimize = () => { throw new Error("bantin: SVGO is not in this bundle"); };\n',
  },
];
const PREFIX = '\0bantin-standin:';

// Where the CMS's own code names a CDN. Its fonts come twice: through the FontFace API from files
// in its package (bundled here) and through @font-face rules with jsDelivr URLs, which Chromium
// fetches too. The rules go; so do the unpkg.com URLs of fallbacks that this bundle never takes
// (Shiki's default loaders, the Leaflet marker, a HEIC worker from source, the update check, the
// schema's address): a stray one would now ask this site for /__cdn_removed__/… and get a 404.
const CMS_MODULE = /\/node_modules\/@sveltia\/cms\/npm\/index\.js$/;
const CDN_FONT_FACE = /@font-face \{[^}]*cdn\.jsdelivr\.net[^}]*\}/g;
const UNPKG = 'https://unpkg.com';
const CDN_HOSTS = /cdn\.jsdelivr\.net|unpkg\.com|esm\.sh|fonts\.googleapis\.com|fonts\.gstatic\.com|cdnjs\.cloudflare\.com/;

const noCdn = {
  name: 'bantin-no-cdn',
  enforce: 'pre',
  transform(code, id) {
    if (!CMS_MODULE.test(id)) return null;
    const fontFaces = code.match(CDN_FONT_FACE)?.length ?? 0;
    const unpkg = code.split(UNPKG).length - 1;
    if (fontFaces !== 3 || unpkg !== 4) {
      // A new CMS version moved things: look again before trusting the bundle.
      this.error(`expected 3 jsDelivr @font-face rules and 4 unpkg.com URLs in ${id}, found ${fontFaces} and ${unpkg}`);
    }
    return { code: code.replace(CDN_FONT_FACE, '').replaceAll(UNPKG, '/__cdn_removed__/unpkg'), map: null };
  },
  generateBundle(_options, bundle) {
    for (const file of Object.values(bundle)) {
      const text = file.type === 'chunk' ? file.code : Buffer.from(file.source).toString('latin1');
      const found = CDN_HOSTS.exec(text);
      if (found) this.error(`${file.fileName} still names a CDN (${found[0]})`);
    }
  },
};

const standIns = {
  name: 'bantin-stand-ins',
  enforce: 'pre',
  resolveId(source, importer) {
    if (!importer || !importer.includes('/node_modules/@sveltia/cms/')) return null;
    const standIn = STANDINS.find((s) => s.match(source));
    return standIn ? PREFIX + standIn.id : null;
  },
  load(id) {
    if (!id.startsWith(PREFIX)) return null;
    return STANDINS.find((s) => PREFIX + s.id === id).code;
  },
};

// The CMS's Vietnamese catalogue has 880 of its 991 strings; bantin's translations of the others
// (admin/src/vi-bantin.json, flat dotted keys) fill the gaps. Only missing keys are filled: an
// upstream translation always wins, and a key the CMS no longer has (en-US.json) fails the build,
// so an upgrade cannot leave a stale string behind unnoticed.
const VI_LOCALE = /\/node_modules\/@sveltia\/cms\/locales\/vi\.json$/;
const flatten = (tree, prefix = '') => Object.entries(tree).flatMap(([key, value]) =>
  (value && typeof value === 'object' ? flatten(value, `${prefix}${key}.`) : [[`${prefix}${key}`, value]]));
const viGaps = {
  name: 'bantin-vi-gaps',
  enforce: 'pre',
  transform(code, id) {
    if (!VI_LOCALE.test(id)) return null;
    const vi = JSON.parse(code);
    const english = new Map(flatten(JSON.parse(readFileSync(id.replace(/vi\.json$/, 'en-US.json'), 'utf8'))));
    const have = new Set(flatten(vi).map(([key]) => key));
    const ours = JSON.parse(readFileSync(here('src/vi-bantin.json'), 'utf8'));
    for (const [key, text] of Object.entries(ours)) {
      if (!english.has(key)) this.error(`admin/src/vi-bantin.json: '${key}' is not a string of this CMS version`);
      if (have.has(key)) continue; // translated upstream since: theirs wins
      const path = key.split('.');
      let node = vi;
      for (const part of path.slice(0, -1)) node = node[part] ??= {};
      node[path.at(-1)] = text;
    }
    return { code: JSON.stringify(vi), map: null };
  },
};

// The page without indentation, as bantin writes every page of the site (compact_html).
const compactHtml = {
  name: 'bantin-compact-html',
  transformIndexHtml: { order: 'post', handler: (html) => html.replace(/\n[ \t]+/g, '\n') },
};

export default defineConfig({
  root: here('.'),
  base: './', // relative URLs: the site may live under a sub-path (GitHub Pages: /bantin/admin/)
  publicDir: false, // config.yml is written by `bantin build` (bantin/site/editor_config.py)
  logLevel: 'warn',
  plugins: [noCdn, standIns, viGaps, compactHtml],
  build: {
    outDir: here('../bantin/site/admin'),
    emptyOutDir: true,
    assetsDir: 'assets',
    sourcemap: false,
    reportCompressedSize: false,
    chunkSizeWarningLimit: 4096,
    modulePreload: { polyfill: false }, // Chromium, Firefox and Safari have modulepreload
  },
});
