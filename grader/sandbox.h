/* SPDX-License-Identifier: MIT
 * grader/sandbox.h -- run one untrusted submission contained.
 *
 * Levels (the strongest available is used and recorded with every result):
 *   L1  own session and process group, rlimits (CPU, AS for exec'd
 *       interpreters, FSIZE, NOFILE, CORE=0, NPROC when the uid is
 *       dedicated), parent-death kill, stdin /dev/null, fds > 3 closed,
 *       clean env, nice 10, wall limit and whole-tree kill by the parent.
 *   L2  L1 + no_new_privs + a seccomp allow-list (sandbox_seccomp.c:
 *       anything unlisted fails with ENOSYS; clone with a CLONE_NEW* flag,
 *       unshare, setns, mount, ptrace, keyctl, bpf, io_uring, SysV IPC,
 *       setuid... with EPERM; sockets other than AF_UNIX with EACCES) +
 *       Landlock when the kernel has it: Python may read only system
 *       folders (/usr/bin, /usr/lib, /etc, /proc, /dev... never all of
 *       /usr) and its harness copy, and write only in its attempt folder
 *       (plus /dev/null, /dev/shm); the Lua worker gets no file access.
 *       Without L3, bind/connect/listen/accept are denied too (an
 *       abstract AF_UNIX name would reach outside).
 *   L3  (root) L2 + private mount, IPC and network namespaces
 *       (sandbox_ns.c): a fresh size-capped /dev/shm, /proc with
 *       hidepid=invisible, /run and every ll_sandbox_hide path (course,
 *       gradebook) covered, SysV objects and abstract sockets private.
 *       See docs/sandbox.md for the model and what each layer answers.
 * When looplab runs as root, the submission never does: the child drops to
 * a dedicated uid/gid and runs on a private copy of the submission's
 * folder. The uid is the first of 60000-64999 whose lock file in
 * /run/looplab/uids this sandbox can flock and of which nothing survives
 * (no process, no /dev/shm file, no SysV IPC object); the
 * lock is held until ll_sandbox_cleanup, so concurrent graders (and
 * concurrent test runs) never share a uid and one's teardown cannot kill
 * another's submission. LOOPLAB_SANDBOX_UID pins the uid instead (the
 * caller then owns its uniqueness; it may hold that lock file itself).
 * LOOPLAB_SANDBOX=L1 forces L1 (debugging, or a seccomp-hostile kernel),
 * LOOPLAB_SANDBOX=L2 keeps a root grader out of namespaces.
 *
 * Use: ll_sandbox_prepare (parent) -> fork -> ll_sandbox_enter (child,
 * then exec or run) -> supervise -> ll_sandbox_reap (parent, after the
 * main process ended or was killed) -> ll_sandbox_cleanup.
 */
#ifndef LL_SANDBOX_H
#define LL_SANDBOX_H

#include "engine/base.h"
#include <sys/types.h>

typedef struct ll_sandbox_caps {
    bool root;          /* looplab runs as uid 0: submissions get a dedicated uid */
    bool seccomp;       /* a seccomp filter loads (after no_new_privs) */
    bool userns;        /* unshare(CLONE_NEWUSER) works */
    bool bwrap;         /* /usr/bin/bwrap runs a trivial sandbox */
    bool subreaper;     /* PR_SET_CHILD_SUBREAPER works */
    int  landlock_abi;  /* 0 = none */
    bool cgroup;        /* a writable cgroup tree (root only; not used) */
    bool ns;            /* root: private mount/IPC/net namespaces work */
    const char *level;  /* "L1" / "L2" / "L3": what grading uses */
} ll_sandbox_caps;

/* Probe once per process (forks a few short-lived children); cached. */
const ll_sandbox_caps *ll_sandbox_probe(void);
/* The level grading uses ("L1"/"L2"/"L3"), after LOOPLAB_SANDBOX. Static. */
const char *ll_sandbox_level(void);
/* One line per capability for `looplab doctor`, into buf. */
void ll_sandbox_describe(ll_buf *buf);

typedef struct ll_sandbox {
    bool     drop;        /* switch to uid/gid in the child */
    uid_t    uid;
    gid_t    gid;
    bool     ns;          /* level L3: private namespaces */
    bool     seccomp;     /* level L2 and up */
    bool     landlock;    /* L2 on a kernel with Landlock */
    char    *dir;         /* private attempt dir (removed by cleanup), or NULL */
    char    *file;        /* the submission inside dir (or the original) */
    char    *harness;     /* harness copy inside dir (Python), or NULL */
    pid_t    pid;         /* the main child (= its session and group id) */
    int      leftover;    /* processes killed after the main one ended */
    bool     uid_locked;  /* uid_fd holds the uid's lock (closed by cleanup) */
    int      uid_fd;
} ll_sandbox;

typedef struct ll_sandbox_limits {
    double timeout_s;     /* wall limit: CPU limit = timeout + 1 s (hard +2) */
    bool   as_limit;      /* cap the address space (exec'd interpreters only) */
    size_t as_bytes;      /* default 2 GiB */
} ll_sandbox_limits;

/* Parent side, before fork. Python (harness_dir != NULL): a private
 * attempt dir with a copy of the submission's folder (regular files only,
 * no symlinks followed, at most 64 files of 1 MiB) writable by the sandbox
 * uid, plus a read-only copy of the harness files. Lua (harness_dir NULL):
 * no copy, the worker reads its files before it drops privileges.
 * LL_OK, or LL_EIO/LL_ENOMEM with *err set. */
/* 1 in AddressSanitizer builds: ll_sandbox_enter cannot cap the address
 * space there (ASan's shadow already exceeds any cap), so the exec'd
 * program must apply RLIMIT_AS itself before running submitted code. */
#if defined(__SANITIZE_ADDRESS__)
#define LL_SANDBOX_SELF_AS_LIMIT 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define LL_SANDBOX_SELF_AS_LIMIT 1
#endif
#endif
#ifndef LL_SANDBOX_SELF_AS_LIMIT
#define LL_SANDBOX_SELF_AS_LIMIT 0
#endif

int  ll_sandbox_prepare(ll_sandbox *sb, const char *file,
                        const char *harness_dir, char **err);

/* Read a student's file for hashing or grading, as the attempt copy
 * does: only a regular file owned by its folder's owner, at most max
 * bytes, never through a symlink, never blocking on a FIFO. LL_OK;
 * LL_ENOENT when absent; LL_EINVAL with *why ("a symlink", "a FIFO",
 * "too big", "owned by someone else than its folder"); LL_EIO/LL_ENOMEM. */
int  ll_sandbox_read_submission(const char *file, size_t max, char **out,
                                size_t *len, const char **why);
/* The same test without reading (any size): LL_OK, LL_ENOENT, LL_EINVAL
 * with *why, LL_EIO/LL_ENOMEM. */
int  ll_sandbox_check_submission(const char *file, const char **why);
/* The most a submission file may hold (also the attempt copy's bound). */
#define LL_SANDBOX_MAX_SUBMIT (16u << 20)

/* Child side, after fork, before exec / running the Lua VM: new session,
 * limits, fds, uid drop, parent-death kill, no_new_privs, seccomp. Returns
 * LL_OK or a negative code (the caller must _exit at once). keep_fd stays
 * open (the result fd, 3). */
int  ll_sandbox_enter(const ll_sandbox *sb, const ll_sandbox_limits *lim,
                      pid_t parent);

/* Parent side: kill everything the submission left (its session / group,
 * every process of the sandbox uid, adopted orphans) and reap them. Sets
 * sb->leftover to the number of processes that were still alive. */
void ll_sandbox_reap(ll_sandbox *sb);

/* Remove the attempt dir, free, and release the uid. */
void ll_sandbox_cleanup(ll_sandbox *sb);

/* Hide path (a folder or a file, resolved now) from every submission run
 * at L3 from now on: the course root, the gradebook. Covered in the
 * submission's private mount namespace, wherever it is installed
 * (Landlock already keeps it out of reach unless it lies under a system
 * folder such as /usr/lib or /etc). LL_OK, LL_ENOENT when it does not
 * exist, LL_ELIMIT past 32 paths or for "/". */
int  ll_sandbox_hide(const char *path);

/* Interruption. ll_sandbox_catch_signals installs handlers for SIGINT,
 * SIGTERM and SIGHUP (SIGHUP only when not ignored: nohup) that only
 * record the signal, without SA_RESTART. A supervised run notices within
 * 10 ms and ends like a wall-limit kill: the whole tree (setsid daemons,
 * every process of the sandbox uid) is killed and reaped, then cleanup
 * removes the attempt folder and releases the uid; check.c returns
 * LL_ECANCELED instead of starting anything new. ll_sandbox_interrupted
 * is the signal caught (0: none). Why not clean up in the handler: the
 * teardown walks /proc and removes a tree (malloc, opendir), which a
 * signal handler must not do. */
void ll_sandbox_catch_signals(void);
int  ll_sandbox_interrupted(void);

/* Internal, exposed for tests: the first uid in base..base+count-1 whose
 * lock file lockdir/<uid>.lock can be flocked and that no process runs as.
 * lockdir is created 0700 and must be owned by the caller's euid (no
 * symlink). On LL_OK *uid is set and *lockfd holds the lock (close it to
 * release); LL_EBUSY when every uid is taken, LL_EIO when lockdir is not
 * usable. */
int ll__sandbox_pick_uid(const char *lockdir, uid_t base, unsigned count,
                         uid_t *uid, int *lockfd);

#endif /* LL_SANDBOX_H */
