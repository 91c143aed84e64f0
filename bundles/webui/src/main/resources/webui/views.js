/*
 * Copyright 2026 the Agora authors
 *
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except in compliance with
 * the License. You may obtain a copy of the License at
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software distributed under the License is distributed on
 * an "AS IS" BASIS, WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied. See the License for the
 * specific language governing permissions and limitations under the License.
 */
// The views of the cluster. Each takes (model, params) and returns {node, update(model), stop()}: live views rebuild
// their tables on each change of the model; the others ask the master when shown and every few seconds after.

import {h, table, describeResources, amount, when, link} from './dom.js';
import {call, get, ApiError} from './api.js';
import {terminal} from './model.js';
import {appCell} from './services.js';

const SCALARS = ['cpus', 'mem', 'disk', 'gpus'];
const MAX_ROWS = 1000;

function live(build) {
  return (model, params) => {
    const node = h('div');
    const update = m => node.replaceChildren(...(m.loaded ? [build(m, params)].flat()
      : [h('p', {class: 'muted'}, 'Waiting for the state of the cluster…')]));
    update(model);
    return {node, update, stop() {}};
  };
}

/** A view of something the master is asked for, again every 5 s while shown. */
function polled(load) {
  return (model, params) => {
    const node = h('div', {}, h('p', {class: 'muted'}, 'Loading…'));
    let timer = null;
    let stopped = false;
    const refresh = async () => {
      try {
        node.replaceChildren(...[await load(model, params)].flat());
      } catch (e) {
        node.replaceChildren(h('div', {class: 'notice'}, `The master could not answer: ${e.message}`));
      }
      if (!stopped) timer = setTimeout(refresh, 5000);
    };
    refresh();
    return {node, update() {}, stop() { stopped = true; clearTimeout(timer); }};
  };
}

function card(label, value, sub, fraction) {
  return h('div', {class: 'card'}, h('div', {class: 'label'}, label), h('div', {class: 'value'}, value),
    sub ? h('div', {class: 'sub'}, sub) : null,
    fraction === undefined ? null : h('div', {class: 'bar'}, barFill(fraction)));
}

function barFill(fraction) {
  const fill = h('div');
  fill.style.width = `${Math.round(Math.min(1, Math.max(0, fraction)) * 100)}%`;
  return fill;
}

export const overview = live(model => {
  const total = model.total();
  const used = model.used();
  const counts = model.tasksByState();
  const active = [...model.frameworks.values()].filter(f => !f.completed).length;
  return [
    h('h2', {}, 'Cluster'),
    h('div', {class: 'cards'},
      card('Agents', model.agents.size, `${[...model.agents.values()].filter(a => a.active).length} active`),
      card('Frameworks', active, `${model.frameworks.size - active} completed`),
      card('Tasks', model.tasks.size, `${[...model.tasks.values()].filter(t => !terminal(t.state)).length} not ended`)),
    h('h2', {}, 'Resources'),
    h('div', {class: 'cards', id: 'resources'}, SCALARS.filter(n => total[n] || used[n]).map(n =>
      card(n, `${amount(n, used[n] || 0)} / ${amount(n, total[n] || 0)}`, 'used / total',
        total[n] ? (used[n] || 0) / total[n] : 0))),
    h('h2', {}, 'Tasks by state'),
    table([{title: 'State', cell: ([state]) => h('span', {class: 'state', 'data-state': state}, state)},
      {title: 'Tasks', num: true, cell: ([state, n]) => link(`/tasks?state=${state}`, String(n))}],
    Object.entries(counts).sort(), {empty: 'no tasks yet', rowAttrs: ([state]) => ({'data-state': state})}),
  ];
});

export const agents = live(model => [
  h('h2', {}, 'Agents'),
  table([
    {title: 'ID', cls: 'id', cell: a => a.agent_info.id.value},
    {title: 'Host', cell: a => `${a.agent_info.hostname}:${a.agent_info.port}`},
    {title: 'Active', cell: a => a.active ? 'yes' : 'no'},
    {title: 'Version', cell: a => a.version || ''},
    {title: 'Registered', cell: a => when(a.registered_time)},
    {title: 'Resources', cell: a => describeResources(a.total_resources)},
    {title: 'Used by tasks', cell: a => usedText(model.usedOn(a.agent_info.id.value))},
    {title: 'Tasks', num: true, cell: a => link(`/tasks?agent=${a.agent_info.id.value}`,
      String([...model.tasks.values()].filter(t => t.agent_id && t.agent_id.value === a.agent_info.id.value
        && !terminal(t.state)).length))},
  ], [...model.agents.values()], {empty: 'no agents registered',
    rowAttrs: a => ({'data-agent-id': a.agent_info.id.value})}),
]);

function usedText(used) {
  return SCALARS.filter(n => used[n]).map(n => `${n} ${amount(n, used[n])}`).join(', ');
}

export const frameworks = live(model => {
  const all = [...model.frameworks.values()];
  const columns = [
    {title: 'ID', cls: 'id', cell: f => f.framework_info.id.value},
    {title: 'Name', cell: f => f.framework_info.name},
    {title: 'User', cell: f => f.framework_info.user || ''},
    {title: 'Roles', cell: f => (f.framework_info.roles || [f.framework_info.role || '*']).join(', ')},
    {title: 'Principal', cell: f => f.framework_info.principal || ''},
    {title: 'Connected', cell: f => f.completed ? 'completed' : f.connected ? 'yes' : 'no'},
    {title: 'Registered', cell: f => when(f.registered_time)},
    {title: 'Tasks', num: true, cell: f => link(`/tasks?framework=${f.framework_info.id.value}`,
      String([...model.tasks.values()].filter(t => t.framework_id.value === f.framework_info.id.value
        && !terminal(t.state)).length))},
  ];
  const attrs = f => ({'data-framework-id': f.framework_info.id.value});
  return [
    h('h2', {}, 'Frameworks'),
    table(columns, all.filter(f => !f.completed), {empty: 'no frameworks connected', rowAttrs: attrs}),
    h('h2', {}, 'Completed frameworks'),
    table(columns, all.filter(f => f.completed), {empty: 'none', rowAttrs: attrs}),
  ];
});

/**
 * Tasks with filters; links set them in the URL (#/tasks?state=&framework=&agent=&q=). state is 'active' (not ended,
 * the default), 'all' or one TASK_* state.
 */
export function tasks(model, params) {
  const filter = {state: params.get('state') || 'active', framework: params.get('framework') || '',
    agent: params.get('agent') || '', q: params.get('q') || ''};
  const body = h('div');
  const select = (name, options) => h('select', {name, onchange: e => { filter[name] = e.target.value; draw(); }},
    options.map(([value, text]) => h('option', {value, selected: filter[name] === value}, text)));
  const states = () => [...new Set([...model.tasks.values()].map(t => t.state))].sort();
  const filters = h('div', {class: 'filters'});
  const drawFilters = () => filters.replaceChildren(
    select('state', [['active', 'not ended'], ['all', 'any state'], ...states().map(x => [x, x])]),
    select('framework', [['', 'any framework'], ...[...model.frameworks.keys()].map(id =>
      [id, model.frameworkName(id)])]),
    select('agent', [['', 'any agent'], ...[...model.agents.keys()].map(id => [id, model.agentHost(id)])]),
    h('input', {name: 'q', type: 'search', placeholder: 'task id or name', value: filter.q,
      oninput: e => { filter.q = e.target.value; draw(); }}));
  const inState = t => filter.state === 'active' ? !terminal(t.state)
    : filter.state === 'all' || t.state === filter.state;
  const matches = t => inState(t)
    && (!filter.framework || t.framework_id.value === filter.framework)
    && (!filter.agent || (t.agent_id && t.agent_id.value === filter.agent))
    && (!filter.q || `${t.task_id.value} ${t.name}`.toLowerCase().includes(filter.q.toLowerCase()));
  function draw() {
    const all = [...model.tasks.values()].filter(matches).sort((a, b) => lastTime(b) - lastTime(a));
    // a table of a hundred thousand rows would stall the page on every event: the newest first, narrowed by filters
    const rows = all.slice(0, MAX_ROWS);
    body.replaceChildren(all.length > rows.length ? h('p', {class: 'muted'},
      `The ${rows.length} most recently updated of ${all.length} tasks; narrow the filters to see others.`) : '',
    table([
      {title: 'ID', cls: 'id', cell: t => t.task_id.value},
      {title: 'Name', cell: t => t.name},
      {title: 'State', cell: t => h('span', {class: 'state', 'data-state': t.state}, t.state)},
      {title: 'Framework', cell: t => model.frameworkName(t.framework_id.value)},
      {title: 'App', cell: t => appCell(t, model.frameworks.get(t.framework_id.value))},
      {title: 'Agent', cell: t => t.agent_id ? model.agentHost(t.agent_id.value) : ''},
      {title: 'Resources', cell: t => describeResources(t.resources)},
      {title: 'Updated', cell: t => lastTime(t) ? when(lastTime(t)) : ''},
      {title: '', cell: t => t.agent_id ? link(sandboxHash(t), 'sandbox') : ''},
    ], rows, {empty: 'no tasks match', rowAttrs: t => ({'data-task-id': t.task_id.value})}));
  }
  drawFilters();
  draw();
  return {
    node: h('div', {}, h('h2', {}, 'Tasks'), filters, body),
    update() {
      // keep the text box (and its focus) while typing; the selects follow new states, frameworks and agents
      const q = filters.querySelector('input');
      if (document.activeElement !== q) drawFilters();
      draw();
    },
    stop() {},
  };
}

function lastTime(t) {
  const s = t.statuses || [];
  return s.length ? s[s.length - 1].timestamp || 0 : 0;
}

export function sandboxHash(t) {
  const q = new URLSearchParams({agent: t.agent_id.value, framework: t.framework_id.value, task: t.task_id.value});
  return `/sandbox?${q}`;
}

export const roles = polled(async () => {
  const [r, q] = await Promise.all([call('GET_ROLES'), call('GET_QUOTA')]);
  const quota = quotaByRole(q.get_quota && q.get_quota.status);
  const list = (r.get_roles && r.get_roles.roles) || [];
  return [h('h2', {}, 'Roles'), table([
    {title: 'Role', cell: x => x.name},
    {title: 'Weight', num: true, cell: x => String(x.weight === undefined ? 1 : x.weight)},
    {title: 'Frameworks', num: true, cell: x => String((x.frameworks || []).length)},
    {title: 'Allocated', cell: x => describeResources(x.resources)},
    {title: 'Quota guarantee', cell: x => (quota[x.name] || {}).guarantees || ''},
    {title: 'Quota limit', cell: x => (quota[x.name] || {}).limits || ''},
  ], list, {empty: 'no roles in use', rowAttrs: x => ({'data-role': x.name})})];
});

function quotaByRole(status) {
  const out = {};
  const text = m => Object.entries(m || {}).map(([n, v]) => `${n} ${amount(n, v.value)}`).join(', ');
  for (const c of (status && status.configs) || []) {
    out[c.role] = {guarantees: text(c.guarantees), limits: text(c.limits)};
  }
  for (const i of (status && status.infos) || []) {
    if (!out[i.role]) out[i.role] = {guarantees: describeResources(i.guarantee), limits: ''};
  }
  return out;
}

export const offers = polled(async model => {
  const state = await get('/master/state');
  const rows = [];
  for (const f of state.frameworks || []) for (const o of f.offers || []) rows.push({...o, framework: f.name});
  return [h('h2', {}, 'Outstanding offers'), table([
    {title: 'Offer', cls: 'id', cell: o => o.id},
    {title: 'Framework', cell: o => o.framework},
    {title: 'Agent', cell: o => model.agentHost(o.slave_id)},
    {title: 'Resources', cell: o => Object.entries(o.resources || {}).map(([n, v]) =>
      `${n} ${typeof v === 'number' ? amount(n, v) : v}`).join(', ')},
  ], rows, {empty: 'no outstanding offers', rowAttrs: o => ({'data-offer-id': o.id})})];
});

export const maintenance = polled(async () => {
  const section = async (title, type, render) => {
    try {
      return [h('h2', {}, title), render(await call(type))];
    } catch (e) {
      if (e instanceof ApiError && e.status === 501) {
        return [h('h2', {}, title), h('div', {class: 'notice', 'data-unimplemented': type},
          `This master does not implement ${type} (501: ${e.text}), so there is no maintenance to show.`)];
      }
      throw e;
    }
  };
  return [
    ...await section('Maintenance schedule', 'GET_MAINTENANCE_SCHEDULE', r => {
      const windows = ((r.get_maintenance_schedule || {}).schedule || {}).windows || [];
      return table([
        {title: 'Machines', cell: w => (w.machine_ids || []).map(m => m.hostname || m.ip).join(', ')},
        {title: 'Start', cell: w => when(w.unavailability && w.unavailability.start)},
        {title: 'Duration', cell: w => w.unavailability && w.unavailability.duration
          ? `${Number(w.unavailability.duration.nanoseconds) / 3.6e12} h` : 'open-ended'},
      ], windows, {empty: 'none scheduled'});
    }),
    ...await section('Machines in maintenance', 'GET_MAINTENANCE_STATUS', r => {
      const st = (r.get_maintenance_status || {}).status || {};
      const rows = [...(st.draining_machines || []).map(m => ({id: m.id, mode: 'draining'})),
        ...(st.down_machines || []).map(id => ({id, mode: 'down'}))];
      return table([
        {title: 'Machine', cell: m => m.id.hostname || m.id.ip},
        {title: 'Mode', cell: m => m.mode},
      ], rows, {empty: 'none'});
    }),
  ];
});
