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
// The web UI's entry: follows the master's event stream into the model, routes #/<view> to a view, shows the
// header (cluster, leader, stream state) and the error banner, and goes to the leader when this master is not it.

import {ClusterModel} from './model.js';
import {follow} from './stream.js';
import {call, leader} from './api.js';
import * as views from './views.js';
import {sandbox} from './sandbox.js';

const ROUTES = {
  '': views.overview, agents: views.agents, frameworks: views.frameworks, tasks: views.tasks, roles: views.roles,
  offers: views.offers, maintenance: views.maintenance, sandbox,
};

const model = new ClusterModel();
const main = document.getElementById('view');
const banner = document.getElementById('banner');
const liveness = document.getElementById('live');
let current = null;

function showBanner(text) {
  banner.textContent = text;
  banner.hidden = false;
}

function hideBanner() {
  banner.hidden = true;
  banner.textContent = '';
}

function setLive(state, text) {
  liveness.dataset.live = state;
  liveness.textContent = text;
}

function route() {
  const [path, query] = location.hash.replace(/^#\/?/, '').split('?');
  const view = ROUTES[path] || null;
  for (const a of document.querySelectorAll('#nav a')) {
    const shown = path === 'sandbox' ? 'tasks' : path;
    a.classList.toggle('current', a.getAttribute('href') === `#/${shown}`);
  }
  if (current) current.stop();
  if (!view) {
    current = null;
    main.replaceChildren(Object.assign(document.createElement('p'), {textContent: `No such view: ${path}`}));
    return;
  }
  current = view(model, new URLSearchParams(query || ''));
  main.replaceChildren(current.node);
}

// several events often arrive together: draw once for them
let drawPending = false;
model.onChange(() => {
  if (drawPending) return;
  drawPending = true;
  setTimeout(() => {
    drawPending = false;
    if (current) current.update(model);
  }, 50);
});

async function header() {
  try {
    const [flags, master] = await Promise.all([call('GET_FLAGS'), call('GET_MASTER')]);
    const cluster = ((flags.get_flags && flags.get_flags.flags) || []).find(f => f.name === 'cluster');
    document.getElementById('cluster').textContent = cluster ? cluster.value : '';
    const info = master.get_master.master_info;
    document.getElementById('leader').textContent = `leader ${info.hostname || info.address.ip}:${info.port}`;
  } catch (e) {
    // the stream's banner says what is wrong with the master
  }
}

/** This master redirected: find the leader and load the UI from it, or wait for one to be elected. */
async function goToLeader() {
  setLive('down', 'not the leader');
  try {
    const l = await leader();
    if (l && !l.self) {
      const target = `${location.protocol}//${l.hostname}:${l.port}/${location.hash}`;
      showBanner(`This master is not the leader; loading the UI from the leader at ${l.hostname}:${l.port}…`);
      location.replace(target);
      return;
    }
    showBanner('No master leads at the moment; trying again…');
  } catch (e) {
    showBanner(`Cannot find the leading master: ${e.message}; trying again…`);
  }
  setTimeout(start, 2000);
}

function start() {
  follow({
    event(e) {
      if (e.type === 'SUBSCRIBED') {
        hideBanner();
        header();
      }
      model.apply(e);
    },
    status(state, error, retryInMs) {
      if (state === 'live') {
        setLive('live', 'live');
        return;
      }
      setLive('down', 'disconnected');
      showBanner(`Cannot reach the master at ${location.host}: ${error.message}. `
        + `Retrying in ${Math.ceil(retryInMs / 1000)} s; what is shown may be out of date.`);
    },
    notLeader: goToLeader,
  });
}

window.addEventListener('hashchange', route);
route();
start();
