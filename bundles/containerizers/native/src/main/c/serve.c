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

/*
 * agora-launcher --serve: the native containerizer's spawner (Spawner.java). One long-lived process per containerizer
 * forks every container, so that the agent's JVM never forks: a JVM's fork reads /proc/self/fd and closes each of its
 * hundreds of descriptors in the child, starts a reaper thread per process, and here the child then had to execute
 * this launcher again. A fork of this small process costs a fraction of that, and the child runs the launcher's steps
 * (launch_main) without executing anything until the task.
 *
 * Requests come on stdin, one record each: a 4-byte big-endian length, then that many bytes of NUL-terminated
 * strings: id, mode ("L": run the launcher's steps with argv, whose argv[0] is informational; "E": execvp argv),
 * working directory, stdout file, stderr file (both opened for appending, created 0666 under the umask), argc, the
 * argv strings, envc, the environment strings. Stdin of the child is /dev/null; nothing else of this process stays
 * open in it.
 *
 * Replies on stdout, one line each, written with write(2) (never stdio: a child must not inherit buffered replies):
 *   S <id> <pid>         the child was forked
 *   F <id> <message>     it was not (a file could not be opened, fork failed): nothing runs
 *   X <pid> <status>     a child ended: its wait status, as waitpid returns it
 * Every S precedes the X of its pid. At the end of stdin (the containerizer stopped, or the agent's JVM died) it takes
 * no more requests but stays, replying while anyone reads, until every child it forked has ended and been reaped,
 * then exits: the containers keep running, are adopted by whoever recovers them (their exit status is recorded by
 * --exit-status in the sandbox), and never linger as zombies under an init that does not reap orphans (a container's
 * pid 1 often does not). It runs in a session of its own, so a terminal's or a process group's signal meant for the
 * agent does not end it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "launcher.h"

/* The largest request taken: argv and environment are bounded by the kernel's ARG_MAX (a few MB) anyway. */
#define MAX_REQUEST (16 * 1024 * 1024)

/* Children forked and not reaped yet. */
static long children;
/* Nobody reads the replies any more (the containerizer is gone): stop writing them. */
static int deaf;

struct request {
    const char *id;
    const char *mode;
    const char *cwd;
    const char *out;
    const char *err;
    int argc;
    char **argv;
    char **env;
};

static void reply(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void reply(const char *fmt, ...) {
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    if (n < 0) {
        return;
    }
    size_t len = (size_t) n < sizeof(line) ? (size_t) n : sizeof(line) - 1;
    if (line[len - 1] != '\n') {
        line[len - 1] = '\n';
    }
    for (size_t done = 0; done < len && !deaf;) {
        ssize_t w = write(STDOUT_FILENO, line + done, len - done);
        if (w < 0 && errno == EINTR) {
            continue;
        }
        if (w <= 0) {
            deaf = 1; /* the containerizer is gone (EPIPE: SIGPIPE is ignored here) */
        }
        done += (size_t) (w > 0 ? w : 0);
    }
}

/* The next NUL-terminated string of [*p, end), or NULL when the record ends first. */
static char *next(char **p, char *end) {
    char *s = *p;
    char *nul = memchr(s, '\0', (size_t) (end - s));
    if (nul == NULL) {
        return NULL;
    }
    *p = nul + 1;
    return s;
}

static int parse_count(const char *s, int *out) {
    char *e;
    errno = 0;
    long v = s == NULL ? -1 : strtol(s, &e, 10);
    if (s == NULL || errno != 0 || *e != '\0' || v < 0 || v > MAX_REQUEST) {
        return -1;
    }
    *out = (int) v;
    return 0;
}

/* Splits a record into r; its strings stay in the record's buffer. -1: malformed. */
static int parse_request(char *buf, size_t len, struct request *r) {
    char *p = buf, *end = buf + len;
    int envc;
    r->id = next(&p, end);
    r->mode = next(&p, end);
    r->cwd = next(&p, end);
    r->out = next(&p, end);
    r->err = next(&p, end);
    if (r->err == NULL || parse_count(next(&p, end), &r->argc) != 0 || r->argc < 1) {
        return -1;
    }
    r->argv = calloc((size_t) r->argc + 1, sizeof(char *));
    if (r->argv == NULL) {
        return -1;
    }
    for (int i = 0; i < r->argc; i++) {
        if ((r->argv[i] = next(&p, end)) == NULL) {
            return -1;
        }
    }
    if (parse_count(next(&p, end), &envc) != 0) {
        return -1;
    }
    r->env = calloc((size_t) envc + 1, sizeof(char *));
    if (r->env == NULL) {
        return -1;
    }
    for (int i = 0; i < envc; i++) {
        if ((r->env[i] = next(&p, end)) == NULL) {
            return -1;
        }
    }
    return p == end ? 0 : -1;
}

/* Every descriptor from 3 up closed: the child keeps only its stdin, stdout and stderr. */
static void close_others(void) {
#ifdef SYS_close_range
    if (syscall(SYS_close_range, 3U, ~0U, 0U) == 0) {
        return;
    }
#endif
    long max = sysconf(_SC_OPEN_MAX);
    for (int fd = 3; fd < (max > 0 && max < 65536 ? max : 65536); fd++) {
        close(fd);
    }
}

static void spawn(struct request *r, const sigset_t *original) {
    int in = open("/dev/null", O_RDONLY | O_CLOEXEC);
    int out = open(r->out, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOCTTY, 0666);
    int err = out < 0 ? -1 : open(r->err, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOCTTY, 0666);
    if (in < 0 || out < 0 || err < 0) {
        int saved = errno;
        reply("F %s cannot open %s: %s\n", r->id, in < 0 ? "/dev/null" : out < 0 ? r->out : r->err,
                strerror(saved));
        if (in >= 0) {
            close(in);
        }
        if (out >= 0) {
            close(out);
        }
        return;
    }
    pid_t pid = fork();
    if (pid == 0) {
        if (dup2(in, STDIN_FILENO) < 0 || dup2(out, STDOUT_FILENO) < 0 || dup2(err, STDERR_FILENO) < 0) {
            _exit(LAUNCH_FAILED);
        }
        close_others();
        prctl(PR_SET_NAME, "agora-launch"); /* not the spawner: ps shows this until the exec */
        signal(SIGPIPE, SIG_DFL); /* ignored here, and an ignored signal would stay ignored in the task */
        sigprocmask(SIG_SETMASK, original, NULL);
        environ = r->env;
        if (chdir(r->cwd) != 0) {
            die(LAUNCH_FAILED, 1, "cannot change to the working directory %s", r->cwd);
        }
        if (strcmp(r->mode, "L") == 0) {
            exit(launch_main(r->argc, r->argv));
        }
        execvp(r->argv[0], r->argv);
        die(errno == ENOENT ? EXEC_NOT_FOUND : EXEC_FAILED, 1, "cannot execute %s", r->argv[0]);
    }
    int saved = errno;
    close(in);
    close(out);
    close(err);
    if (pid < 0) {
        reply("F %s cannot fork: %s\n", r->id, strerror(saved));
    } else {
        children++;
        reply("S %s %d\n", r->id, (int) pid);
    }
}

static void reap(void) {
    int status;
    pid_t pid;
    while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
        children--;
        reply("X %d %d\n", (int) pid, status);
    }
}

void serve(void) {
    if (setsid() < 0 && errno != EPERM) {
        die(LAUNCH_FAILED, 1, "serve: cannot start a session of its own");
    }
    signal(SIGPIPE, SIG_IGN);
    sigset_t chld, original;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    if (sigprocmask(SIG_BLOCK, &chld, &original) != 0) {
        die(LAUNCH_FAILED, 1, "serve: cannot block SIGCHLD");
    }
    int sfd = signalfd(-1, &chld, SFD_CLOEXEC | SFD_NONBLOCK);
    if (sfd < 0) {
        die(LAUNCH_FAILED, 1, "serve: cannot make a signalfd");
    }
    size_t cap = 64 * 1024, len = 0;
    char *buf = malloc(cap);
    if (buf == NULL) {
        die(LAUNCH_FAILED, 0, "serve: out of memory");
    }
    struct pollfd fds[2] = {{.fd = STDIN_FILENO, .events = POLLIN}, {.fd = sfd, .events = POLLIN}};
    for (;;) {
        if (fds[0].fd < 0 && children <= 0) {
            exit(0); /* no more requests, and every child reaped */
        }
        if (poll(fds, 2, -1) < 0) {
            if (errno == EINTR) {
                continue;
            }
            die(LAUNCH_FAILED, 1, "serve: poll");
        }
        if (fds[1].revents & POLLIN) {
            struct signalfd_siginfo info;
            while (read(sfd, &info, sizeof(info)) == (ssize_t) sizeof(info)) {
                /* drained: one SIGCHLD may stand for many children */
            }
            reap();
        }
        if (fds[0].fd >= 0 && fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
            if (len == cap) {
                cap *= 2;
                if (cap > MAX_REQUEST + 4 || (buf = realloc(buf, cap)) == NULL) {
                    die(LAUNCH_FAILED, 0, "serve: request too large");
                }
            }
            ssize_t n = read(STDIN_FILENO, buf + len, cap - len);
            if (n < 0 && errno == EINTR) {
                continue;
            }
            if (n <= 0) {
                fds[0].fd = -1; /* the containerizer closed its end: serve the children until they end */
                continue;
            }
            len += (size_t) n;
            size_t at = 0;
            while (len - at >= 4) {
                unsigned char *h = (unsigned char *) buf + at;
                uint32_t size = (uint32_t) h[0] << 24 | (uint32_t) h[1] << 16 | (uint32_t) h[2] << 8 | h[3];
                if (size > MAX_REQUEST) {
                    die(LAUNCH_FAILED, 0, "serve: request of %u bytes refused", size);
                }
                if (len - at - 4 < size) {
                    break;
                }
                struct request r = {0};
                if (parse_request(buf + at + 4, size, &r) != 0) {
                    die(LAUNCH_FAILED, 0, "serve: malformed request");
                }
                spawn(&r, &original);
                free(r.argv);
                free(r.env);
                at += 4 + size;
            }
            memmove(buf, buf + at, len - at);
            len -= at;
        }
    }
}
