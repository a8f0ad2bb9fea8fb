// @ts-check
/** The 建设单位 picker of the filing form and the user form: search by name or credit code, pick from the matches. */
import { api } from './api.js';
import { alertBox, clear, h } from './util.js';

/**
 * 建设单位 by name: a search box, the matches as buttons, the choice kept in hidden inputs (so a draft keeps it).
 * @returns {{ element: HTMLElement, value(): string }}
 */
export function enterprisePicker() {
  const id = h('input', { type: 'hidden', name: 'enterpriseId' });
  const name = h('input', { type: 'hidden', name: 'enterpriseName' });
  const search = h('input', {
    type: 'search',
    id: 'enterprise-search',
    placeholder: '输入企业名称或统一社会信用代码',
    autocomplete: 'off',
    'aria-describedby': 'enterprise-chosen',
  });
  const results = h('div', { class: 'pick-list', id: 'enterprise-results', role: 'listbox', 'aria-label': '查询结果' });
  const chosen = h('div', { class: 'field-hint', id: 'enterprise-chosen' });
  const error = h('div', { class: 'field-error', 'aria-live': 'polite' });
  const showChosen = () => {
    clear(chosen);
    if (id instanceof HTMLInputElement && id.value && name instanceof HTMLInputElement)
      chosen.append(`已选择：${name.value}`);
    else chosen.append('请先查询，再从结果中选择');
  };
  const choose = (hit) => {
    if (!(id instanceof HTMLInputElement) || !(name instanceof HTMLInputElement)) return;
    id.value = hit.id;
    name.value = hit.creditCode ? `${hit.name}（${hit.creditCode}）` : hit.name;
    clear(results);
    showChosen();
    id.dispatchEvent(new Event('change', { bubbles: true }));
  };
  let timer = 0;
  let asked = 0;
  search.addEventListener('input', () => {
    window.clearTimeout(timer);
    const q = search instanceof HTMLInputElement ? search.value.trim() : '';
    if (!q) return void clear(results);
    timer = window.setTimeout(async () => {
      const seq = ++asked;
      try {
        /** @type {import('./types.js').EnterpriseHit[]} */
        const hits = await api.get('/api/enterprises', { q });
        if (seq !== asked) return;
        clear(results);
        if (!hits.length) results.append(h('p', { class: 'muted small' }, '没有找到该企业'));
        for (const hit of hits)
          results.append(
            h(
              'button',
              { type: 'button', class: 'pick', role: 'option', onclick: () => choose(hit) },
              hit.name,
              hit.creditCode ? h('span', { class: 'muted small' }, ` ${hit.creditCode}`) : null,
            ),
          );
      } catch (err) {
        clear(results).append(alertBox(err.zhMessage));
      }
    }, 250);
  });
  // A restored draft fills the hidden inputs: show what they hold.
  id.addEventListener('change', showChosen);
  showChosen();
  return {
    element: h(
      'div',
      { class: 'field', dataset: { path: 'enterpriseId' } },
      h('label', { class: 'field-label', for: 'enterprise-search' }, '建设单位', h('span', { class: 'req' }, ' *')),
      search,
      results,
      chosen,
      id,
      name,
      error,
    ),
    value: () => (id instanceof HTMLInputElement ? id.value : ''),
  };
}
