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

/* What agora-launcher.c (one launch) and serve.c (the spawner) share. */
#ifndef AGORA_LAUNCHER_H
#define AGORA_LAUNCHER_H

#define LAUNCH_FAILED 125
#define EXEC_FAILED 126
#define EXEC_NOT_FOUND 127

/* Prints "agora launcher: <what>[: <errno's text>]" to stderr and exits with status. */
void die(int status, int with_errno, const char *fmt, ...) __attribute__((noreturn, format(printf, 3, 4)));

/* One launch, as `agora-launcher ARGS...` runs it: execs the task or exits; argv[0] is not read. */
int launch_main(int argc, char **argv);

/* --serve: forks containers on request until stdin ends (serve.c). */
void serve(void) __attribute__((noreturn));

#endif
