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
// The master's HTTP APIs as the UI uses them: operator calls (POST /api/v1, JSON), the leader, the sandbox proxy.

/** The answer of a master that is not the leader (a 307 to the leader, which fetch does not follow across origins). */
export class NotLeader extends Error {
  constructor() { super('this master is not the leader'); }
}

/** A master that answered with an error status; message is its text/plain body. */
export class ApiError extends Error {
  constructor(status, message) {
    super(`${status}: ${message}`);
    this.status = status;
    this.text = message;
  }
}

/** One operator call, e.g. call('GET_ROLES'); resolves to the JSON response. */
export async function call(type, body = {}) {
  const res = await fetch('/api/v1', {
    method: 'POST',
    headers: {'Content-Type': 'application/json', 'Accept': 'application/json'},
    body: JSON.stringify({type, ...body}),
    redirect: 'manual',
  });
  return json(res);
}

/** A GET of this master, answered as JSON. */
export async function get(path) {
  return json(await fetch(path, {redirect: 'manual', headers: {'Accept': 'application/json'}}));
}

export async function json(res) {
  if (res.type === 'opaqueredirect' || res.status === 307) throw new NotLeader();
  if (!res.ok) throw new ApiError(res.status, (await res.text()).trim() || res.statusText);
  return res.json();
}

/**
 * Where the leading master is, as this master knows it: {hostname, port} from /master/state's leader_info (any master
 * answers it), or null when none is elected.
 */
export async function leader() {
  const state = await get('/master/state');
  const info = state.leader_info;
  if (!info) return null;
  const hostname = info.hostname || (info.address && info.address.ip);
  return {hostname, port: info.port, self: state.pid === state.leader};
}

/** URL of an agent's /files/<op> through this master (the agents send no CORS headers; see SandboxProxy). */
export function filesUrl(agentId, op, params) {
  const q = new URLSearchParams(params);
  return `/agents/${encodeURIComponent(agentId)}/files/${op}?${q}`;
}

export async function files(agentId, op, params) {
  return json(await fetch(filesUrl(agentId, op, params), {redirect: 'manual'}));
}
