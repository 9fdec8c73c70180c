import './locale.js'; // first: the CMS reads the UI language when its module runs
import './fonts.css';
import CMS from '@sveltia/cms';

CMS.init();
