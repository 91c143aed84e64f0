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
// The operator event stream: POST /api/v1 {"type":"SUBSCRIBE"}, RecordIO framed ("<length>\n<json>"), read as it
// arrives with fetch() and a ReadableStream, and opened again with a growing delay whenever it ends or fails.

import {NotLeader, json} from './api.js';

/** Splits RecordIO: push() bytes as they come, get back the complete records (decoded JSON) so far. */
export class RecordIoReader {
  constructor() {
    this.buffer = new Uint8Array(0);
    this.decoder = new TextDecoder();
  }

  push(chunk) {
    const joined = new Uint8Array(this.buffer.length + chunk.length);
    joined.set(this.buffer);
    joined.set(chunk, this.buffer.length);
    this.buffer = joined;
    const records = [];
    for (;;) {
      const newline = this.buffer.indexOf(10);
      if (newline < 0) break;
      const length = Number(this.decoder.decode(this.buffer.subarray(0, newline)));
      if (!Number.isSafeInteger(length) || length < 0) throw new Error('malformed RecordIO length');
      if (this.buffer.length < newline + 1 + length) break;
      const record = this.buffer.subarray(newline + 1, newline + 1 + length);
      records.push(JSON.parse(this.decoder.decode(record)));
      this.buffer = this.buffer.slice(newline + 1 + length);
    }
    return records;
  }
}

/**
 * Follows the event stream until stop() is called. Handlers: event(e) for each event (SUBSCRIBED first, each time
 * the stream opens), status('live' | 'down', error, retryInMs), notLeader() when this master redirects.
 */
export function follow({event, status, notLeader}) {
  let stopped = false;
  let controller = null;
  let delay = 500;
  let timer = null;
  let watchdog = null;
  let silent = false;

  // the master sends HEARTBEAT events: a stream quiet for three intervals is dead even if the socket is not
  function alive(intervalSeconds) {
    clearTimeout(watchdog);
    watchdog = setTimeout(() => { silent = true; controller.abort(); }, intervalSeconds * 3000);
  }

  async function open() {
    controller = new AbortController();
    silent = false;
    let interval = 15;
    try {
      const res = await fetch('/api/v1', {
        method: 'POST',
        headers: {'Content-Type': 'application/json', 'Accept': 'application/json'},
        body: JSON.stringify({type: 'SUBSCRIBE'}),
        redirect: 'manual',
        signal: controller.signal,
      });
      if (res.type === 'opaqueredirect' || !res.ok) await json(res);  // throws NotLeader or ApiError
      const reader = res.body.getReader();
      const records = new RecordIoReader();
      for (;;) {
        alive(interval);
        const {value, done} = await reader.read();
        if (done) throw new Error('the master closed the event stream');
        for (const e of records.push(value)) {
          if (e.type === 'SUBSCRIBED') {
            interval = e.subscribed.heartbeat_interval_seconds || interval;
            delay = 500;
            status('live');
          }
          event(e);
        }
      }
    } catch (failure) {
      clearTimeout(watchdog);
      if (stopped) return;
      const error = silent ? new Error('no heartbeat from the master for ' + 3 * interval + ' s') : failure;
      if (error instanceof NotLeader) {
        notLeader();
        return;
      }
      status('down', error, delay);
      timer = setTimeout(open, delay);
      delay = Math.min(delay * 2, 15000);
    }
  }

  open();
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
      clearTimeout(watchdog);
      if (controller) controller.abort();
    },
  };
}
