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
// Small helpers to build DOM nodes and tables; no framework, no innerHTML (names from the cluster are never markup).

/** h('td', {class: 'id', 'data-x': 1, onclick: fn}, 'text', childNode, [more]) */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'value') el.value = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === undefined || c === null || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/**
 * A table: columns are {title, cell: row => node or text, num: right-aligned, cls: td class};
 * rowAttrs(row) gives the attributes of each <tr> (ids for tests and links).
 */
export function table(columns, rows, {empty = 'none', rowAttrs = () => ({})} = {}) {
  const head = h('tr', {}, columns.map(c => h('th', {class: c.num ? 'num' : null}, c.title)));
  const body = rows.length === 0
    ? [h('tr', {class: 'empty'}, h('td', {colspan: columns.length}, empty))]
    : rows.map(r => h('tr', rowAttrs(r), columns.map(c =>
        h('td', {class: [c.num ? 'num' : '', c.cls || ''].join(' ').trim() || null}, c.cell(r)))));
  return h('table', {}, h('thead', {}, head), h('tbody', {}, body));
}

/** Sums the scalar resources of a v1 Resource list by name: {cpus: 2, mem: 1024, ...}. */
export function scalars(resources = [], into = {}) {
  for (const r of resources) {
    if (r.type === 'SCALAR' || r.scalar) into[r.name] = (into[r.name] || 0) + (r.scalar ? r.scalar.value : 0);
  }
  return into;
}

const ORDER = ['cpus', 'gpus', 'mem', 'disk'];

/** "cpus 1.5, mem 512 MB, disk 1 GB" plus ports ranges. */
export function describeResources(resources = []) {
  const s = scalars(resources);
  const parts = Object.keys(s).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))
    .map(name => `${name} ${amount(name, s[name])}`);
  for (const r of resources) {
    if (r.ranges && r.ranges.range) parts.push(`${r.name} ${r.ranges.range.map(x => `${x.begin}-${x.end}`).join(',')}`);
  }
  return parts.join(', ');
}

function rank(name) {
  const i = ORDER.indexOf(name);
  return i < 0 ? ORDER.length : i;
}

/** mem and disk are in MB, as Mesos counts them. */
export function amount(name, value) {
  if (name === 'mem' || name === 'disk') return bytes(value * 1024 * 1024);
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}

export function bytes(n) {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
  return `${i === 0 || Number.isInteger(n) ? n : n.toFixed(1)} ${units[i]}`;
}

/** A v1 TimeInfo ({nanoseconds}) or seconds as a local date and time. */
export function when(t) {
  if (t === undefined || t === null) return '';
  const ms = typeof t === 'object' ? Number(t.nanoseconds) / 1e6 : t * 1000;
  return new Date(ms).toLocaleString();
}

/** A link inside the UI (hash routes). */
export function link(hash, text) {
  return h('a', {href: '#' + hash}, text);
}
