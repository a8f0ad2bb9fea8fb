// @ts-check
/**
 * Form drafts that survive a re-login (the token expired mid-typing): every named control of a form is saved to
 * sessionStorage, keyed by user and form, on each change, restored when the same user opens the form again, and
 * cleared once the form was sent. sessionStorage: the draft stays in this tab, so nothing is left behind on a
 * shared counter computer once the tab is closed. Files and passwords are never kept.
 */
import { api } from './api.js';

const PREFIX = 'sz-approval.draft';

/** @typedef {Record<string, string | string[]>} DraftValues  name → value, or the checked values of boxes */

/** @param {HTMLElement} root */
function controls(root) {
  return /** @type {Array<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>} */ ([
    ...root.querySelectorAll('input[name], select[name], textarea[name]'),
  ]).filter((c) => !(c instanceof HTMLInputElement && ['file', 'password', 'submit', 'button'].includes(c.type)));
}

/** @param {HTMLElement} root @returns {DraftValues} */
function collect(root) {
  /** @type {DraftValues} */
  const out = {};
  for (const c of controls(root)) {
    if (c instanceof HTMLInputElement && (c.type === 'checkbox' || c.type === 'radio')) {
      const list = Array.isArray(out[c.name]) ? /** @type {string[]} */ (out[c.name]) : [];
      if (c.checked) list.push(c.value);
      out[c.name] = list;
    } else if (c.value !== '') out[c.name] = c.value;
  }
  return out;
}

/**
 * Puts saved values into the controls under root that exist now; returns whether any was filled.
 * @param {HTMLElement} root @param {DraftValues} values
 */
function fill(root, values) {
  let any = false;
  for (const c of controls(root)) {
    if (!(c.name in values)) continue;
    const v = values[c.name];
    if (c instanceof HTMLInputElement && (c.type === 'checkbox' || c.type === 'radio')) {
      const on = Array.isArray(v) && v.includes(c.value);
      if (c.checked !== on) {
        c.checked = on;
        any = true;
        c.dispatchEvent(new Event('change', { bubbles: true }));
      }
    } else if (typeof v === 'string' && c.value !== v) {
      c.value = v;
      any = true;
      c.dispatchEvent(new Event('change', { bubbles: true }));
    }
  }
  return any;
}

/**
 * Keeps a draft of form under `key` (e.g. 'new-project', 'case:<id>:<EVENT>') for the signed-in user.
 * @param {HTMLElement} form @param {string} key
 */
export function keepDraft(form, key) {
  const s = api.session.get();
  const storageKey = s ? `${PREFIX}:${s.user.id}:${key}` : null;
  /** @returns {DraftValues | null} */
  const load = () => {
    if (!storageKey) return null;
    try {
      const raw = window.sessionStorage.getItem(storageKey);
      return raw ? JSON.parse(raw) : null;
    } catch {
      return null;
    }
  };
  /** @type {DraftValues} */
  let saved = load() || {};
  let restoring = false;
  const save = () => {
    if (!storageKey || restoring) return;
    saved = { ...saved, ...collect(form) };
    try {
      window.sessionStorage.setItem(storageKey, JSON.stringify(saved));
    } catch {
      // storage full or disabled: the form still works, only without a draft
    }
  };
  form.addEventListener('input', save);
  form.addEventListener('change', save);
  const draft = {
    /** Whether a draft was found when the form opened. */
    found: Object.keys(saved).length > 0,
    /** Fills the saved values into controls under root (default: the form), e.g. after a part rendered late. */
    restore(root = form) {
      restoring = true;
      try {
        return fill(root, saved);
      } finally {
        restoring = false;
      }
    },
    /** Forgets the draft (after a successful send). */
    clear() {
      saved = {};
      if (storageKey) window.sessionStorage.removeItem(storageKey);
    },
  };
  return draft;
}
