// @ts-check
/**
 * 技术详情: identifiers, codes, state paths, hashes and raw JSON stay hidden; an auditor can show them with an
 * explicit toggle (remembered for the tab). Other roles never get the toggle. Technical bits are marked with the
 * class `tech` (hidden by CSS unless <body> has `show-tech`).
 */
import { api } from './api.js';
import { h } from './util.js';

const KEY = 'sz-approval.show-tech';

/** Whether the signed-in user may see technical details (auditors only). */
export function mayShowTech() {
  const s = api.session.get();
  return !!s && s.user.role === 'auditor';
}

/** Applies the remembered choice to <body> (off for anyone but an auditor). */
export function applyTech() {
  const on = mayShowTech() && window.sessionStorage.getItem(KEY) === '1';
  document.body.classList.toggle('show-tech', on);
}

/** The 技术详情 switch for an auditor's page head, or null for other roles. */
export function techToggle() {
  if (!mayShowTech()) return null;
  const box = h('input', { type: 'checkbox', id: 'tech-toggle' });
  if (box instanceof HTMLInputElement) {
    box.checked = document.body.classList.contains('show-tech');
    box.addEventListener('change', () => {
      window.sessionStorage.setItem(KEY, box.checked ? '1' : '0');
      applyTech();
    });
  }
  return h('label', { class: 'check tech-switch', for: 'tech-toggle' }, box, h('span', null, '技术详情'));
}

/**
 * Wraps technical content so that it only shows with 技术详情 on.
 * @param {string} tag @param {Record<string, any> | null} attrs @param {...any} children
 */
export function tech(tag, attrs, ...children) {
  const cls = attrs && attrs.class ? `${attrs.class} tech` : 'tech';
  return h(tag, { ...(attrs || {}), class: cls }, ...children);
}
