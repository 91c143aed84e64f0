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
// The cluster as the UI knows it: loaded from the SUBSCRIBED event's GET_STATE, then changed by each event.

import {scalars} from './dom.js';

const TERMINAL = new Set(['TASK_FINISHED', 'TASK_FAILED', 'TASK_KILLED', 'TASK_LOST', 'TASK_ERROR', 'TASK_DROPPED',
  'TASK_GONE', 'TASK_GONE_BY_OPERATOR']);

export function terminal(state) {
  return TERMINAL.has(state);
}

export class ClusterModel {
  constructor() {
    this.agents = new Map();        // agent id -> v1 master Agent
    this.frameworks = new Map();    // framework id -> v1 master Framework (active and completed)
    this.tasks = new Map();         // "<framework id>/<task id>" -> v1 Task
    this.listeners = new Set();
    this.loaded = false;
  }

  /** Resolves once the first state has been loaded. */
  whenLoaded() {
    if (this.loaded) return Promise.resolve();
    return new Promise(resolve => {
      const off = this.onChange(() => {
        if (this.loaded) {
          off();
          resolve();
        }
      });
    });
  }

  onChange(listener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  changed() {
    for (const l of this.listeners) l(this);
  }

  /** Replaces everything with a GET_STATE answer (the stream opened, maybe again). */
  load(state) {
    this.agents.clear();
    this.frameworks.clear();
    this.tasks.clear();
    const agents = state.get_agents || {};
    for (const a of agents.agents || []) this.agents.set(a.agent_info.id.value, a);
    const frameworks = state.get_frameworks || {};
    for (const f of frameworks.frameworks || []) this.frameworks.set(f.framework_info.id.value, f);
    for (const f of frameworks.completed_frameworks || []) {
      this.frameworks.set(f.framework_info.id.value, {...f, completed: true});
    }
    const tasks = state.get_tasks || {};
    for (const list of ['tasks', 'pending_tasks', 'unreachable_tasks', 'completed_tasks', 'orphan_tasks']) {
      for (const t of tasks[list] || []) this.tasks.set(taskKey(t), t);
    }
    this.loaded = true;
    this.changed();
  }

  /** Applies one event of the operator stream. */
  apply(e) {
    switch (e.type) {
      case 'SUBSCRIBED':
        this.load(e.subscribed.get_state || {});
        return;
      case 'TASK_ADDED':
        this.tasks.set(taskKey(e.task_added.task), e.task_added.task);
        break;
      case 'TASK_UPDATED': {
        const u = e.task_updated;
        const key = `${u.framework_id.value}/${u.status.task_id.value}`;
        const t = this.tasks.get(key) || {task_id: u.status.task_id, framework_id: u.framework_id,
          agent_id: u.status.agent_id, name: u.status.task_id.value, statuses: []};
        this.tasks.set(key, {...t, state: u.state, statuses: [...(t.statuses || []), u.status]});
        break;
      }
      case 'FRAMEWORK_ADDED':
      case 'FRAMEWORK_UPDATED': {
        const f = (e.framework_added || e.framework_updated).framework;
        this.frameworks.set(f.framework_info.id.value, f);
        break;
      }
      case 'FRAMEWORK_REMOVED': {
        const info = e.framework_removed.framework_info;
        const f = this.frameworks.get(info.id.value) || {framework_info: info};
        this.frameworks.set(info.id.value, {...f, active: false, connected: false, completed: true});
        break;
      }
      case 'AGENT_ADDED':
        this.agents.set(e.agent_added.agent.agent_info.id.value, e.agent_added.agent);
        break;
      case 'AGENT_REMOVED':
        this.agents.delete(e.agent_removed.agent_id.value);
        break;
      default:
        return;  // HEARTBEAT and events this UI does not show
    }
    this.changed();
  }

  task(frameworkId, taskId) {
    return this.tasks.get(`${frameworkId}/${taskId}`);
  }

  frameworkName(id) {
    const f = this.frameworks.get(id);
    return f ? f.framework_info.name : id;
  }

  agentHost(id) {
    const a = this.agents.get(id);
    return a ? `${a.agent_info.hostname}:${a.agent_info.port}` : id;
  }

  /** Scalars of all agents' totals. */
  total() {
    const sum = {};
    for (const a of this.agents.values()) scalars(a.total_resources, sum);
    return sum;
  }

  /** Scalars held by tasks that have not ended. */
  used() {
    const sum = {};
    for (const t of this.tasks.values()) if (!terminal(t.state)) scalars(t.resources, sum);
    return sum;
  }

  /** Scalars held by the not-ended tasks on one agent. */
  usedOn(agentId) {
    const sum = {};
    for (const t of this.tasks.values()) {
      if (!terminal(t.state) && t.agent_id && t.agent_id.value === agentId) scalars(t.resources, sum);
    }
    return sum;
  }

  tasksByState() {
    const counts = {};
    for (const t of this.tasks.values()) counts[t.state] = (counts[t.state] || 0) + 1;
    return counts;
  }
}

function taskKey(t) {
  return `${t.framework_id.value}/${t.task_id.value}`;
}
