// Vietnamese unless the editor picked another language in the CMS's settings. Sveltia CMS reads
// `locale` from this key when it starts (else the browser's languages), so this module is
// imported before the CMS.
const KEY = 'sveltia-cms.prefs';

try {
  const prefs = JSON.parse(localStorage.getItem(KEY) || '{}') ?? {};
  if (!prefs.locale) {
    localStorage.setItem(KEY, JSON.stringify({ ...prefs, locale: 'vi' }));
  }
} catch {
  // no storage (private mode): the browser's language decides
}
