// @ts-check
/* global window */
/**
 * Until the page is ES modules throughout: hands documentsSection to the classic scripts (the project view
 * appends it). Loaded as a module before app.js, so it is there when the first view renders.
 */
import { documentsSection } from './views/documents.js';

/** @type {{ App?: Record<string, unknown> }} */ (/** @type {unknown} */ (window)).App.documentsSection =
  documentsSection;
