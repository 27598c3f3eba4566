/** The median moved to the one format module (harness/format.ts); this re-export goes once no file imports it. */
export { median } from './format.js';
