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
// Links from Mesos tasks to the apps of the services scheduler (Marathon's /v2 API). That scheduler is another
// origin and the agents' CORS is off on purpose, so the UI links to it rather than fetching from it. Its tasks are
// known by their shape: the framework has a webui_url (the scheduler's address), the task id is
// "<app id with / as _>.<uuid>" and the task's name is the app id with / as '.'.

import {h} from './dom.js';

const TASK_ID = /^([a-z0-9][a-z0-9._-]*)\.([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/** The services app of a task, {appId, href}, or null when the task is not one of a services scheduler's. */
export function serviceApp(task, framework) {
  const url = framework && framework.framework_info && framework.framework_info.webui_url;
  const m = url ? TASK_ID.exec(task.task_id.value) : null;
  if (!m || task.name !== m[1].replace(/_/g, '.')) return null;
  const appId = '/' + m[1].replace(/_/g, '/');
  return {appId, href: url.replace(/\/+$/, '') + '/v2/apps' + appId};
}

/** A cell linking a task to its app on the services scheduler; empty for other tasks. */
export function appCell(task, framework) {
  const app = serviceApp(task, framework);
  return app ? h('a', {class: 'service-app', href: app.href, target: '_blank', rel: 'noopener'}, app.appId) : '';
}
