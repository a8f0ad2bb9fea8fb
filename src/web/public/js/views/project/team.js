// @ts-check
/**
 * 项目服务团队 (包保制, 1+1+N): whether the project is a key project, its leader (项目长), its steward (项目管家), the
 * enterprise's contact and the department liaisons (GET /api/projects/:id/team). The form to name the leader and
 * the steward is offered when the API says the caller may replace the team (`canEdit`, team:manage), and saves
 * with the version it read (If-Match), as the 作战图 editor does.
 */
import { api } from '../../api.js';
import { entries, roleLabel } from '../../labels.js';
import { alertBox, append, clear, facts, h, toast } from '../../util.js';

/** @typedef {{ id: string, name: string } | null} Person */

/** A person's name, or that nobody is named yet. @param {Person} person */
const nameOf = (person) => (person ? person.name : '未配备');

/** @param {{ name: string, phone?: string }} c */
const contactText = (c) => (c.phone ? `${c.name}（${c.phone}）` : c.name);

/**
 * The card: facts for everyone who sees the project, the form below them for whom the API allows it.
 * @param {string} projectId
 */
export function teamCard(projectId) {
  const body = h('div', { class: 'card-body' }, h('p', { class: 'loading' }, '正在加载项目服务团队…'));
  const card = h(
    'section',
    { class: 'card', id: 'project-team', 'aria-label': '项目服务团队' },
    h('h2', { class: 'card-title' }, '项目服务团队'),
    body,
  );
  const load = async () => {
    /** @type {Record<string, any>} */
    let team;
    try {
      team = await api.get(`/api/projects/${encodeURIComponent(projectId)}/team`);
    } catch (err) {
      clear(body).append(alertBox(err.zhMessage));
      return;
    }
    const shown = facts([
      ['重点项目', team.keyProject ? '是' : '否'],
      [roleLabel('leader'), nameOf(team.leader)],
      [roleLabel('steward'), nameOf(team.steward)],
      ['企业联系人', team.enterpriseContact ? contactText(team.enterpriseContact) : null],
      [
        '部门联络员',
        team.liaisons.length
          ? h(
              'ul',
              null,
              team.liaisons.map((l) => h('li', null, `${l.departmentName}：${contactText(l)}`)),
            )
          : null,
      ],
    ]);
    const form = team.canEdit ? await teamForm(team, projectId, load) : null;
    append(clear(body), [shown, form]);
  };
  void load();
  return card;
}

/**
 * Who may be chosen for a role: the active accounts of that role (the server refuses any other), plus the one now
 * named when it was deactivated since — shown so, and refused before sending.
 * @param {Array<Record<string, any>>} users  GET /api/users
 * @param {string} role
 * @param {Person} current
 */
function choices(users, role, current) {
  const active = users.filter((u) => u.role === role && u.active);
  const taken = new Map();
  for (const u of active) taken.set(u.displayName, (taken.get(u.displayName) || 0) + 1);
  // Two accounts with one name: the login name tells them apart.
  const options = active.map((u) => ({
    id: u.id,
    text: taken.get(u.displayName) > 1 ? `${u.displayName}（${u.username}）` : u.displayName,
    usable: true,
  }));
  if (current && !active.some((u) => u.id === current.id))
    options.push({ id: current.id, text: `${current.name}（已停用）`, usable: false });
  return options;
}

/**
 * One contact's inputs (a name and a phone) with the place where the server's problem with either is shown. The
 * lengths are ContactDto's (name ≤ 100, phone ≤ 40).
 * @param {string} path  'enterpriseContact' or 'liaisons.<department>'
 * @param {string} label  what the row is, in Chinese
 * @param {{ name: string, phone?: string } | null | undefined} current
 */
function contactRow(path, label, current) {
  const id = `team-${path.replace('.', '-')}`;
  const name = h('input', {
    type: 'text',
    name: `${path}.name`,
    id: `${id}-name`,
    maxlength: 100,
    placeholder: '姓名',
    'aria-label': `${label}姓名`,
    value: current ? current.name : '',
  });
  const phone = h('input', {
    type: 'text',
    name: `${path}.phone`,
    maxlength: 40,
    placeholder: '联系电话',
    'aria-label': `${label}电话`,
    value: current && current.phone ? current.phone : '',
  });
  const error = h('div', { class: 'field-error', 'aria-live': 'polite' });
  const wrapper = h(
    'div',
    { class: 'field', dataset: { path } },
    h('label', { class: 'field-label', for: `${id}-name` }, label),
    h('div', { class: 'with-suffix' }, name, phone),
    error,
  );
  return {
    path,
    wrapper,
    error,
    /** The contact to send, or null when both inputs are empty (nobody named). A phone without a name goes as is:
     * the server names what is missing. */
    read() {
      const n = name.value.trim();
      const p = phone.value.trim();
      if (!n && !p) return null;
      return p ? { name: n, phone: p } : { name: n };
    },
  };
}

/**
 * @param {Record<string, any>} team  GET /api/projects/:id/team
 * @param {string} projectId
 * @param {() => Promise<void>} reload
 */
async function teamForm(team, projectId, reload) {
  /** @type {Array<Record<string, any>>} */
  let users;
  try {
    users = await api.get('/api/users');
  } catch (err) {
    return alertBox(`无法载入可选人员：${err.zhMessage}`);
  }
  const select = (name, role, current) => {
    const options = choices(users, role, current);
    const el = h(
      'select',
      { name, id: `team-${name}` },
      h('option', { value: '' }, '（暂不配备）'),
      options.map((o) => h('option', { value: o.id, dataset: { usable: String(o.usable) } }, o.text)),
    );
    el.value = current ? current.id : '';
    return el;
  };
  /** Where a field's problem is shown: its path ('leaderUserId', 'liaisons.planning.name') → the field. */
  const places = new Map();
  const field = (path, label, control) => {
    const error = h('div', { class: 'field-error', 'aria-live': 'polite' });
    const wrapper = h('label', { class: 'field' }, h('span', { class: 'field-label' }, label), control, error);
    places.set(path, { wrapper, error });
    return wrapper;
  };
  const keyProject = h('input', { type: 'checkbox', name: 'keyProject', checked: team.keyProject });
  const leader = select('leaderUserId', 'leader', team.leader);
  const steward = select('stewardUserId', 'steward', team.steward);
  const contact = contactRow('enterpriseContact', '企业联系人', team.enterpriseContact);
  // Every department the labels name (served by the API, the catalog's), plus one named on the team the labels no
  // longer know, so that saving does not drop it unseen.
  const known = new Map(team.liaisons.map((l) => [l.department, l]));
  const departments = [
    ...entries('departments'),
    ...team.liaisons
      .filter((l) => !entries('departments').some(([code]) => code === l.department))
      .map((l) => [l.department, l.departmentName]),
  ];
  const liaisons = departments.map(([code, name]) => contactRow(`liaisons.${code}`, `${name}联络员`, known.get(code)));
  for (const row of [contact, ...liaisons]) places.set(row.path, row);
  const message = h('div', { class: 'form-message', role: 'status' });
  const form = h(
    'form',
    { class: 'fields', id: 'team-editor' },
    h('label', { class: 'check' }, keyProject, h('span', null, '重点项目')),
    field('leaderUserId', roleLabel('leader'), leader),
    field('stewardUserId', roleLabel('steward'), steward),
    contact.wrapper,
    h(
      'fieldset',
      { class: 'row-group', id: 'team-liaisons' },
      h('legend', null, '部门联络员（姓名与电话都留空即不配备）'),
      liaisons.map((row) => row.wrapper),
    ),
    message,
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, '保存项目服务团队')),
  );
  const clearProblems = () => {
    clear(message);
    for (const { wrapper, error } of places.values()) {
      wrapper.classList.remove('has-error');
      clear(error);
    }
  };
  /**
   * The server's problems beside their fields ('liaisons.planning.name' at the 自然资源和规划局 row); what no field
   * of this form shows goes above the button. @param {any} err
   */
  const showProblems = (err) => {
    let unplaced = false;
    const fields = err.fieldErrors || [];
    for (const f of fields) {
      const parts = f.field.split('.');
      let place;
      while (parts.length && !(place = places.get(parts.join('.')))) parts.pop();
      if (!place) {
        unplaced = true;
        continue;
      }
      place.wrapper.classList.add('has-error');
      place.error.append(place.error.textContent ? `；${f.message}` : f.message);
    }
    if (unplaced || !fields.length) message.appendChild(alertBox(err.zhMessage));
    else message.appendChild(alertBox('填写有误，请按提示修改后重新保存'));
  };
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearProblems();
    // A deactivated account still named would be refused by the server: said here, nothing sent.
    const stale = [
      [roleLabel('leader'), leader],
      [roleLabel('steward'), steward],
    ].filter(([, el]) => el.selectedOptions[0] && el.selectedOptions[0].dataset.usable === 'false');
    if (stale.length) {
      message.appendChild(alertBox(`${stale.map(([label]) => label).join('、')}的账号已停用，请另选`));
      return;
    }
    // The whole team (1+1+N) goes back: PUT replaces it.
    const enterpriseContact = contact.read();
    const body = {
      keyProject: keyProject.checked,
      leaderUserId: leader.value || null,
      stewardUserId: steward.value || null,
      ...(enterpriseContact ? { enterpriseContact } : {}),
      liaisons: Object.fromEntries(
        liaisons.map((row) => [row.path.slice('liaisons.'.length), row.read()]).filter(([, c]) => c),
      ),
    };
    try {
      // If-Match: the version this form was built from, so a save cannot overwrite someone else's newer team.
      await api.request('PUT', `/api/projects/${encodeURIComponent(projectId)}/team`, {
        body,
        ifMatch: api.versionTag(team.version),
      });
      toast('项目服务团队已保存', 'success');
      await reload();
    } catch (err) {
      if (err.isStaleEdit) {
        toast(err.staleEditText, 'error');
        await reload();
        return;
      }
      // The server names each problem in Chinese (「项目长」须为在用的项目长账号, 须填写联络员姓名).
      showProblems(err);
    }
  });
  return form;
}
