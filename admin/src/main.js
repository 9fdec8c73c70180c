// The web editor at /admin/. Its configuration, config.yml, is written by `bantin build`
// (bantin/site/editor_config.py); without a GitHub repository (the plugin's `editor_repo`) it has
// no `backend:`, and the page says in Vietnamese what to set instead of starting the CMS.
import './locale.js'; // first: the CMS reads the UI language when its module runs
import './fonts.css';
import { showNoRepository } from './notice.js';

const configured = async () => {
  try {
    const response = await fetch('./config.yml', { cache: 'no-cache' });
    // Anything unexpected (no file, a network error) is left to the CMS, which reports it.
    return !response.ok || /^backend:/m.test(await response.text());
  } catch {
    return true;
  }
};

// Both at once: the CMS (2 MB) downloads while its configuration is read.
const cms = import('@sveltia/cms');
cms.catch(() => {}); // reported by the CMS path below when it is taken

configured().then(async (ok) => {
  if (!ok) {
    showNoRepository();
    return;
  }
  const { default: CMS } = await cms;
  CMS.init();
});
