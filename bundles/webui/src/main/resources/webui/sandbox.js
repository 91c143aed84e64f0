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
// A task's sandbox on its agent, read through the master's proxy (/agents/<id>/files/*): the directory listing, a
// download link per file, and the tails of stdout and stderr, which follow the files as they grow.

import {h, table, bytes, when, link} from './dom.js';
import {files, filesUrl, ApiError} from './api.js';

const TAIL_BYTES = 64 * 1024;

/** #/sandbox?agent=&framework=&task=[&path=] */
export function sandbox(model, params) {
  const agent = params.get('agent');
  const framework = params.get('framework');
  const taskId = params.get('task');
  const node = h('div', {}, h('h2', {}, `Sandbox of task ${taskId}`), h('p', {class: 'muted'}, 'Finding it…'));
  let stopped = false;
  let timer = null;

  (async () => {
    try {
      await model.whenLoaded();
      const root = await findSandbox(model, agent, framework, taskId);
      const path = params.get('path') || root;
      if (!path.startsWith(root)) throw new Error(`${path} is not in the sandbox ${root}`);
      const entries = await files(agent, 'browse', {path});
      if (stopped) return;
      const here = new URLSearchParams(params);
      const to = p => { here.set('path', p); return `/sandbox?${here}`; };
      const listing = h('div');
      const list = rows => listing.replaceChildren(table([
        {title: 'Name', cell: e => e.mode.startsWith('d') ? link(to(e.path), base(e.path) + '/') : base(e.path)},
        {title: 'Mode', cls: 'id', cell: e => e.mode},
        {title: 'Size', num: true, cell: e => bytes(e.size)},
        {title: 'Modified', cell: e => when(e.mtime)},
        {title: '', cell: e => e.mode.startsWith('-')
          ? h('a', {href: filesUrl(agent, 'download', {path: e.path}), download: base(e.path)}, 'download') : ''},
      ], rows, {empty: 'empty directory', rowAttrs: e => ({'data-path': base(e.path)})}));
      list(entries);
      // sizes and times change while the task runs: list again every few seconds
      const relist = async () => {
        try {
          const fresh = await files(agent, 'browse', {path});
          if (!stopped) list(fresh);
        } catch (e) {
          // the tails below say when the agent cannot be read
        }
        if (!stopped) timer = setTimeout(relist, 5000);
      };
      timer = setTimeout(relist, 5000);
      const tails = ['stdout', 'stderr'].filter(name => entries.some(e => base(e.path) === name
        && e.mode.startsWith('-'))).map(name => {
        const pre = h('pre', {class: 'tail', id: `tail-${name}`});
        follow(agent, `${path}/${name}`, pre, () => stopped);
        return [h('h2', {}, `${name} (following)`), pre];
      });
      node.replaceChildren(
        h('h2', {}, `Sandbox of task ${taskId}`),
        h('p', {class: 'crumbs'}, h('span', {class: 'muted'}, `on ${model.agentHost(agent)}:`),
          link(to(root), 'sandbox'), ...crumbs(root, path).map(([p, name]) => [' / ', link(to(p), name)])),
        listing, ...tails.flat());
    } catch (e) {
      if (stopped) return;
      node.replaceChildren(h('h2', {}, `Sandbox of task ${taskId}`), h('div', {class: 'notice'}, e.message));
    }
  })();
  return {node, update() {}, stop() { stopped = true; clearTimeout(timer); }};
}

/**
 * The task's sandbox: <agent>/frameworks/<framework>/executors/<executor>/runs/<newest run>, and in it
 * tasks/<task> when the task ran under a default executor (task groups). The executor of a command task is named as
 * the task. Paths are relative to the agent's sandbox root; the agent serves no symbolic links, so not runs/latest.
 */
async function findSandbox(model, agent, framework, taskId) {
  const task = model.task(framework, taskId);
  const executor = task && task.executor_id ? task.executor_id.value : taskId;
  const runs = `${agent}/frameworks/${framework}/executors/${executor}/runs`;
  let listing;
  try {
    listing = await files(agent, 'browse', {path: runs});
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) throw new Error(`The agent has no sandbox for this task (${runs}).`);
    throw e;
  }
  const dirs = listing.filter(e => e.mode.startsWith('d')).sort((a, b) => b.mtime - a.mtime);
  if (dirs.length === 0) throw new Error(`The agent has no run of executor ${executor} in ${runs}.`);
  const run = dirs[0].path;
  const inside = await files(agent, 'browse', {path: run});
  return inside.some(e => base(e.path) === 'tasks') ? `${run}/tasks/${taskId}` : run;
}

/** Reads the end of a file, then what is appended to it, once a second until the view closes. */
function follow(agent, path, pre, closed) {
  let offset = null;
  const step = async () => {
    if (closed()) return;
    try {
      if (offset === null) {
        const size = (await files(agent, 'read', {path, offset: -1})).offset;
        offset = Math.max(0, size - TAIL_BYTES);
      }
      for (;;) {
        const r = await files(agent, 'read', {path, offset, length: TAIL_BYTES});
        if (!r.data) break;
        pre.append(r.data);
        offset = r.offset + new TextEncoder().encode(r.data).length;
        pre.scrollTop = pre.scrollHeight;
      }
      pre.removeAttribute('data-error');
    } catch (e) {
      pre.setAttribute('data-error', e.message);
    }
    if (!closed()) setTimeout(step, 1000);
  };
  step();
}

function base(path) {
  return path.slice(path.lastIndexOf('/') + 1);
}

function crumbs(root, path) {
  const out = [];
  let p = root;
  for (const name of path.slice(root.length).split('/').filter(Boolean)) {
    p = `${p}/${name}`;
    out.push([p, name]);
  }
  return out;
}
