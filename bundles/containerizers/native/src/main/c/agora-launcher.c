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
 * agora-launcher: starts a container's task in one process (Mesos's own "mesos-containerizer launch" does this job).
 * The native containerizer builds its argv (LaunchCommand for command tasks, ImageLaunch for tasks in an image).
 *
 *   agora-launcher [--cgroup DIR]... [--exit-status FILE] [--pid] -- TASK [ARG]...
 *   agora-launcher [--cgroup DIR]... [--exit-status FILE] --rootfs DIR --sandbox DIR --workdir DIR [--pid]
 *                  [--netns PATH] [--user UID:GID] [--volume SOURCE TARGET FLAGS]... -- TASK [ARG]...
 *   agora-launcher --version
 *   agora-launcher --serve      (the containerizer's spawner: serve.c)
 *
 * First, always: join every cgroup DIR (its pid written to DIR/cgroup.procs, so the task and all it forks are
 * accounted from the first instruction). With --exit-status: start a session of its own (no signal to the agent's
 * process group reaches it), fork, and stay as the task's parent outside any namespace made later, riding out SIGTERM,
 * SIGINT, SIGHUP and SIGQUIT until the task ends, then write its exit status to FILE (128 + N for a task killed by
 * signal N, as a shell reports it) and exit with it: whoever learns of the end without being this process's parent
 * (a restarted agent) reads it there. Without --rootfs the task is then executed (execvp, this process's PATH), with
 * --pid first in new pid and mount namespaces as their pid 1 with /proc mounted afresh; the command task's other
 * namespace steps and user switch are further commands in TASK (unshare, setpriv).
 *
 * With --rootfs, in order: join the network namespace at PATH (--netns), enter a new mount namespace (and with --pid
 * a new pid namespace, whose first process, forked here, is the task; this process waits for it and ends as it
 * ends), make every mount private, bind the rootfs on itself, bind the sandbox at /mnt/mesos/sandbox, mount /proc, a
 * minimal /dev (a tmpfs with the host's null, zero, full, random, urandom and tty bound in, the fd links, /dev/pts and
 * a /dev/shm tmpfs), a read-only /sys, a private /tmp, the volumes (TARGET is a host path inside the rootfs; FLAGS is
 * ro or rw, ':', then d, f or - for what to make at TARGET first: a directory, a file, nothing), pivot_root into
 * the rootfs and detach the old root, change to the working directory, drop supplementary groups and take on
 * UID:GID (--user), and execvp the task: its PATH (this process's environment) is searched inside the image.
 *
 * A failure before the task runs prints "agora launcher: <what>: <why>" and exits 125 (the containerizer's exit
 * status for a launch that never reached the task); a task that cannot be executed exits 127 (not found) or 126.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "launcher.h"

#define VERSION "agora-launcher 3"
#define SANDBOX "/mnt/mesos/sandbox"

/* The host's devices bound into the container's /dev, where the host has them. */
static const char *const DEVICES[] = {"null", "zero", "full", "random", "urandom", "tty"};

struct volume {
    const char *source;
    const char *target;
    int read_only;
    char create;
};

struct launch {
    const char **cgroups;
    int ncgroups;
    const char *exit_status;
    const char *rootfs;
    const char *sandbox;
    const char *workdir;
    const char *netns;
    int pid_namespace;
    int switch_user;
    uid_t uid;
    gid_t gid;
    struct volume *volumes;
    int nvolumes;
    char **task;
};

void die(int status, int with_errno, const char *fmt, ...) {
    int saved = errno;
    va_list ap;
    fputs("agora launcher: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    if (with_errno) {
        fprintf(stderr, ": %s", strerror(saved));
    }
    fputc('\n', stderr);
    exit(status);
}

#define FAIL(...) die(LAUNCH_FAILED, 1, __VA_ARGS__)
#define USAGE(...) die(LAUNCH_FAILED, 0, __VA_ARGS__)

/* dst = a + b, or the launch fails: no path is ever truncated. */
static void join(char *dst, const char *a, const char *b) {
    if ((size_t) snprintf(dst, PATH_MAX, "%s%s", a, b) >= PATH_MAX) {
        USAGE("path too long: %s%s", a, b);
    }
}

/* mkdir -p: every missing directory of path made, mode 0777 under the umask; an existing one is fine. */
static int make_directories(const char *path) {
    char p[PATH_MAX];
    struct stat st;
    join(p, path, "");
    for (char *s = p + 1;; s++) {
        if (*s == '/' || *s == '\0') {
            char c = *s;
            *s = '\0';
            if (mkdir(p, 0777) != 0 && errno != EEXIST) {
                return -1;
            }
            if (c == '\0') {
                break;
            }
            *s = c;
        }
    }
    if (stat(p, &st) != 0) {
        return -1;
    }
    if (!S_ISDIR(st.st_mode)) {
        errno = ENOTDIR;
        return -1;
    }
    return 0;
}

/* An empty file at path unless something is there already (a mount point for a file). */
static int make_file(const char *path) {
    struct stat st;
    if (stat(path, &st) == 0) {
        return 0;
    }
    int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOCTTY, 0666);
    if (fd < 0) {
        return -1;
    }
    return close(fd);
}

/* The per-mount flags a read-only remount must keep (a bind remount replaces them all). */
static unsigned long kept_flags(const char *path) {
    struct statvfs vfs;
    unsigned long flags = 0;
    if (statvfs(path, &vfs) != 0) {
        return 0;
    }
    if (vfs.f_flag & ST_NOSUID) {
        flags |= MS_NOSUID;
    }
    if (vfs.f_flag & ST_NODEV) {
        flags |= MS_NODEV;
    }
    if (vfs.f_flag & ST_NOEXEC) {
        flags |= MS_NOEXEC;
    }
    if (vfs.f_flag & ST_NOATIME) {
        flags |= MS_NOATIME;
    }
    if (vfs.f_flag & ST_NODIRATIME) {
        flags |= MS_NODIRATIME;
    }
    if (vfs.f_flag & ST_RELATIME) {
        flags |= MS_RELATIME;
    }
    return flags;
}

static void mount_dev(const char *root) {
    char dev[PATH_MAX], p[PATH_MAX], host[PATH_MAX];
    struct stat st;
    join(dev, root, "/dev");
    if (mount("tmpfs", dev, "tmpfs", MS_NOSUID | MS_NOEXEC, "mode=755,size=1m") != 0) {
        FAIL("cannot mount /dev");
    }
    for (size_t i = 0; i < sizeof(DEVICES) / sizeof(DEVICES[0]); i++) {
        join(host, "/dev/", DEVICES[i]);
        if (stat(host, &st) != 0) {
            continue;
        }
        join(p, dev, host + 4);
        if (make_file(p) != 0 || mount(host, p, NULL, MS_BIND, NULL) != 0) {
            FAIL("cannot bind %s", host);
        }
    }
    static const char *const links[][2] = {{"/proc/self/fd", "/fd"}, {"/proc/self/fd/0", "/stdin"},
            {"/proc/self/fd/1", "/stdout"}, {"/proc/self/fd/2", "/stderr"}};
    join(p, dev, "/pts");
    if (mkdir(p, 0777) != 0) {
        FAIL("cannot populate /dev");
    }
    join(p, dev, "/shm");
    if (mkdir(p, 0777) != 0) {
        FAIL("cannot populate /dev");
    }
    for (size_t i = 0; i < sizeof(links) / sizeof(links[0]); i++) {
        join(p, dev, links[i][1]);
        if (symlink(links[i][0], p) != 0) {
            FAIL("cannot populate /dev");
        }
    }
    join(p, dev, "/shm");
    if (mount("tmpfs", p, "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777") != 0) {
        FAIL("cannot mount /dev/shm");
    }
}

static void mount_volume(const struct volume *v) {
    char parent[PATH_MAX];
    int made = 0;
    switch (v->create) {
        case 'd':
            made = make_directories(v->target);
            break;
        case 'f': {
            join(parent, v->target, "");
            char *slash = strrchr(parent, '/');
            if (slash != NULL && slash != parent) {
                *slash = '\0';
                made = make_directories(parent);
            }
            if (made == 0) {
                made = make_file(v->target);
            }
            break;
        }
        default:
            break;
    }
    if (made != 0) {
        FAIL("cannot make the mount point %s of the volume %s", v->target, v->source);
    }
    if (v->read_only) {
        if (mount(v->source, v->target, NULL, MS_BIND, NULL) != 0
                || mount(NULL, v->target, NULL, MS_REMOUNT | MS_BIND | MS_RDONLY | kept_flags(v->target),
                        NULL) != 0) {
            FAIL("cannot mount the volume %s at %s", v->source, v->target);
        }
    } else if (mount(v->source, v->target, NULL, MS_BIND | MS_REC, NULL) != 0) {
        FAIL("cannot mount the volume %s at %s", v->source, v->target);
    }
}

/*
 * Everything the container sees, mounted under the rootfs while the host's paths still resolve, then pivot_root
 * into it and the old root detached: nothing of the host stays reachable, and nothing of the host is needed after.
 */
static void enter_rootfs(const struct launch *l) {
    const char *root = l->rootfs;
    char p[PATH_MAX];
    if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0) {
        FAIL("cannot make the container's mounts private");
    }
    if (mount(root, root, NULL, MS_BIND, NULL) != 0) {
        FAIL("cannot bind-mount the rootfs %s", root);
    }
    static const char *const points[] = {SANDBOX, "/proc", "/dev", "/sys", "/tmp"};
    for (size_t i = 0; i < sizeof(points) / sizeof(points[0]); i++) {
        join(p, root, points[i]);
        if (make_directories(p) != 0) {
            FAIL("cannot make mount points in %s", root);
        }
    }
    join(p, root, SANDBOX);
    if (mount(l->sandbox, p, NULL, MS_BIND, NULL) != 0) {
        FAIL("cannot mount the sandbox %s", l->sandbox);
    }
    join(p, root, "/proc");
    if (mount("proc", p, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) != 0) {
        FAIL("cannot mount /proc");
    }
    mount_dev(root);
    join(p, root, "/sys");
    if (mount("sysfs", p, "sysfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) != 0) {
        FAIL("cannot mount /sys read-only");
    }
    join(p, root, "/tmp");
    if (mount("tmpfs", p, "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777") != 0) {
        FAIL("cannot mount a private /tmp");
    }
    if (strncmp(l->workdir, "/tmp/", 5) == 0) {
        join(p, root, l->workdir);
        if (make_directories(p) != 0) {
            FAIL("cannot make the working directory %s", l->workdir);
        }
    }
    for (int i = 0; i < l->nvolumes; i++) {
        mount_volume(&l->volumes[i]);
    }

    int old_root = open("/", O_DIRECTORY | O_RDONLY | O_CLOEXEC);
    if (old_root < 0 || chdir(root) != 0) {
        FAIL("cannot enter the rootfs %s", root);
    }
    if (syscall(SYS_pivot_root, ".", ".") == 0) {
        /* the old root is now stacked on the new one: detach it from inside, no host program needed */
        if (fchdir(old_root) != 0 || umount2(".", MNT_DETACH) != 0) {
            FAIL("cannot detach the host's root after pivot_root into %s", root);
        }
    } else if (errno == EINVAL) {
        /* a root that cannot be pivoted (an initramfs): move the rootfs over it and chroot, runc's no-pivot mode */
        if (mount(".", "/", NULL, MS_MOVE, NULL) != 0 || chroot(".") != 0) {
            FAIL("cannot move the rootfs %s onto /", root);
        }
    } else {
        FAIL("cannot pivot_root into the rootfs %s", root);
    }
    close(old_root);
    if (chdir("/") != 0) {
        FAIL("cannot change to the container's root");
    }
}

/* Ends this process as the child ended: its exit status, or the signal that killed it. */
static void exit_as(int status) {
    if (WIFEXITED(status)) {
        exit(WEXITSTATUS(status));
    }
    if (WIFSIGNALED(status)) {
        int sig = WTERMSIG(status);
        sigset_t set;
        sigemptyset(&set);
        sigaddset(&set, sig);
        signal(sig, SIG_DFL);
        sigprocmask(SIG_UNBLOCK, &set, NULL);
        kill(getpid(), sig);
        exit(128 + sig);
    }
    exit(LAUNCH_FAILED);
}

/*
 * With a pid namespace the task must be a child (unshare(CLONE_NEWPID) applies to children only): fork it as pid 1
 * and wait here, as unshare --fork --kill-child does. SIGINT and SIGTERM are held off while it runs, so that this
 * process ends only as its child does; the child dies with it (SIGKILL as its parent-death signal), and with the
 * namespace's first process the kernel kills the rest.
 */
static void fork_pid_one(void) {
    sigset_t hold, previous;
    sigemptyset(&hold);
    sigaddset(&hold, SIGINT);
    sigaddset(&hold, SIGTERM);
    if (sigprocmask(SIG_BLOCK, &hold, &previous) != 0) {
        FAIL("cannot block signals");
    }
    pid_t child = fork();
    if (child < 0) {
        FAIL("cannot fork the container's first process");
    }
    if (child == 0) {
        /* (its parent is outside its pid namespace, so getppid() says 0 whether or not that parent still lives) */
        if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || sigprocmask(SIG_SETMASK, &previous, NULL) != 0) {
            FAIL("cannot set up the container's first process");
        }
        return;
    }
    int status;
    while (waitpid(child, &status, 0) < 0) {
        if (errno != EINTR) {
            FAIL("cannot wait for the container's first process %d", (int) child);
        }
    }
    exit_as(status);
}

/* Moves this process into every cgroup named: what it forks and executes from here on is accounted there. */
static void join_cgroups(const struct launch *l) {
    char procs[PATH_MAX], pid[32];
    int len = snprintf(pid, sizeof(pid), "%d\n", (int) getpid());
    for (int i = 0; i < l->ncgroups; i++) {
        join(procs, l->cgroups[i], "/cgroup.procs");
        int fd = open(procs, O_WRONLY | O_CLOEXEC);
        if (fd < 0 || write(fd, pid, (size_t) len) != len) {
            FAIL("cannot join cgroup %s", l->cgroups[i]);
        }
        close(fd);
    }
}

static void ignore(int sig) {
    (void) sig;
}

/*
 * --exit-status: a session of its own, then fork; the child returns and goes on to the task, this process waits for
 * it through the signals a kill or the agent's process group would send (handled, not ignored, so that the child's
 * exec resets them) and records how it ended.
 */
static void record_exit_status(const char *file) {
    static const int held[] = {SIGTERM, SIGINT, SIGHUP, SIGQUIT};
    if (setsid() < 0 && errno != EPERM) { /* EPERM: a group leader already, as the shell's setsid allows too */
        FAIL("cannot start a session of its own");
    }
    struct sigaction handled = {0};
    handled.sa_handler = ignore;
    sigemptyset(&handled.sa_mask);
    for (size_t i = 0; i < sizeof(held) / sizeof(held[0]); i++) {
        if (sigaction(held[i], &handled, NULL) != 0) {
            FAIL("cannot handle signal %d", held[i]);
        }
    }
    pid_t child = fork();
    if (child < 0) {
        FAIL("cannot fork the task");
    }
    if (child == 0) {
        for (size_t i = 0; i < sizeof(held) / sizeof(held[0]); i++) {
            signal(held[i], SIG_DFL);
        }
        return;
    }
    /* what ps and top show for this process while it waits (its command line stays the launcher's) */
    prctl(PR_SET_NAME, "agora-recorder");
    int status;
    while (waitpid(child, &status, 0) < 0) {
        if (errno != EINTR) {
            FAIL("cannot wait for the task %d", (int) child);
        }
    }
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : WIFSIGNALED(status) ? 128 + WTERMSIG(status)
            : LAUNCH_FAILED;
    FILE *f = fopen(file, "we");
    if (f == NULL || fprintf(f, "%d\n", code) < 0 || fclose(f) != 0) {
        fprintf(stderr, "agora launcher: cannot record the exit status %d in %s: %s\n", code, file, strerror(errno));
    }
    exit(code);
}

/*
 * --pid without --rootfs (a command task under namespaces/pid): new mount and pid namespaces, the task forked as pid 1
 * (fork_pid_one), every mount made private and /proc mounted afresh so that the task sees only its own processes, as
 * `unshare --pid --fork --kill-child --mount-proc` does, without executing it.
 */
static void enter_pid_namespace(void) {
    if (unshare(CLONE_NEWNS | CLONE_NEWPID) != 0) {
        FAIL("cannot enter new mount and pid namespaces");
    }
    fork_pid_one();
    if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0) {
        FAIL("cannot make the container's mounts private");
    }
    if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) != 0) {
        FAIL("cannot mount /proc");
    }
}

static void parse(int argc, char **argv, struct launch *l) {
    l->volumes = calloc((size_t) argc, sizeof(struct volume));
    l->cgroups = calloc((size_t) argc, sizeof(char *));
    if (l->volumes == NULL || l->cgroups == NULL) {
        FAIL("out of memory");
    }
    int i = 1;
    for (; i < argc && strcmp(argv[i], "--") != 0; i++) {
        const char *opt = argv[i];
        int left = argc - i - 1;
        if (strcmp(opt, "--cgroup") == 0 && left >= 1) {
            l->cgroups[l->ncgroups++] = argv[++i];
        } else if (strcmp(opt, "--exit-status") == 0 && left >= 1) {
            l->exit_status = argv[++i];
        } else if (strcmp(opt, "--pid") == 0) {
            l->pid_namespace = 1;
        } else if (strcmp(opt, "--rootfs") == 0 && left >= 1) {
            l->rootfs = argv[++i];
        } else if (strcmp(opt, "--sandbox") == 0 && left >= 1) {
            l->sandbox = argv[++i];
        } else if (strcmp(opt, "--workdir") == 0 && left >= 1) {
            l->workdir = argv[++i];
        } else if (strcmp(opt, "--netns") == 0 && left >= 1) {
            l->netns = argv[++i];
        } else if (strcmp(opt, "--user") == 0 && left >= 1) {
            unsigned long uid, gid;
            char end;
            if (sscanf(argv[++i], "%lu:%lu%c", &uid, &gid, &end) != 2) {
                USAGE("--user %s: expected UID:GID", argv[i]);
            }
            l->switch_user = 1;
            l->uid = (uid_t) uid;
            l->gid = (gid_t) gid;
        } else if (strcmp(opt, "--volume") == 0 && left >= 3) {
            struct volume *v = &l->volumes[l->nvolumes++];
            const char *flags = argv[i + 3];
            v->source = argv[i + 1];
            v->target = argv[i + 2];
            i += 3;
            if (strlen(flags) != 4 || (strncmp(flags, "ro:", 3) != 0 && strncmp(flags, "rw:", 3) != 0)
                    || strchr("df-", flags[3]) == NULL) {
                USAGE("--volume %s %s %s: flags must be ro or rw, ':', then d, f or -", v->source, v->target,
                        flags);
            }
            v->read_only = flags[1] == 'o';
            v->create = flags[3];
        } else {
            USAGE("unknown or incomplete option %s", opt);
        }
    }
    int image = l->rootfs != NULL || l->sandbox != NULL || l->workdir != NULL;
    if (image && (l->rootfs == NULL || l->sandbox == NULL || l->workdir == NULL)) {
        USAGE("--rootfs, --sandbox and --workdir are required");
    }
    if (image && (l->rootfs[0] != '/' || l->sandbox[0] != '/' || l->workdir[0] != '/')) {
        USAGE("--rootfs, --sandbox and --workdir must be absolute paths");
    }
    if (!image && (l->netns != NULL || l->switch_user || l->nvolumes > 0)) {
        USAGE("--netns, --user and --volume need --rootfs");
    }
    if (i + 1 >= argc) {
        USAGE("no task to run: expected -- TASK [ARG]...");
    }
    l->task = &argv[i + 1];
}

int main(int argc, char **argv) {
    if (argc == 2 && strcmp(argv[1], "--version") == 0) {
        puts(VERSION);
        return 0;
    }
    if (argc == 2 && strcmp(argv[1], "--serve") == 0) {
        serve();
    }
    return launch_main(argc, argv);
}

int launch_main(int argc, char **argv) {
    struct launch l = {0};
    parse(argc, argv, &l);
    join_cgroups(&l);
    if (l.exit_status != NULL) {
        record_exit_status(l.exit_status);
    }
    if (l.rootfs == NULL) {
        if (l.pid_namespace) {
            enter_pid_namespace();
        }
        execvp(l.task[0], l.task);
        die(errno == ENOENT ? EXEC_NOT_FOUND : EXEC_FAILED, 1, "cannot execute %s", l.task[0]);
    }
    if (l.netns != NULL) {
        int fd = open(l.netns, O_RDONLY | O_CLOEXEC);
        if (fd < 0 || setns(fd, CLONE_NEWNET) != 0) {
            FAIL("cannot join the network namespace %s", l.netns);
        }
        close(fd);
    }
    if (unshare(CLONE_NEWNS | (l.pid_namespace ? CLONE_NEWPID : 0)) != 0) {
        FAIL("cannot enter new %s namespaces", l.pid_namespace ? "mount and pid" : "mount");
    }
    if (l.pid_namespace) {
        fork_pid_one();
    }
    enter_rootfs(&l);
    if (chdir(l.workdir) != 0) {
        FAIL("cannot change to the working directory %s", l.workdir);
    }
    if (l.switch_user) {
        if (setgroups(0, NULL) != 0 || setgid(l.gid) != 0 || setuid(l.uid) != 0) {
            FAIL("cannot run as uid %lu gid %lu", (unsigned long) l.uid, (unsigned long) l.gid);
        }
        /* a change of credentials clears the parent-death signal: pid 1 must still die with the launcher */
        if (l.pid_namespace && prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) {
            FAIL("cannot set up the container's first process");
        }
    }
    execvp(l.task[0], l.task);
    die(errno == ENOENT ? EXEC_NOT_FOUND : EXEC_FAILED, 1, "cannot execute %s", l.task[0]);
}
