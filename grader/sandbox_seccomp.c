/* SPDX-License-Identifier: MIT
 * grader/sandbox_seccomp.c -- the syscall allow-list of a submission,
 * built with libseccomp (what systemd, Docker and bubblewrap's users rely
 * on) instead of hand-written BPF.
 *
 * Why an allow-list: a deny-list misses what it did not think of (clone
 * with CLONE_NEWUSER while unshare was denied, AF_VSOCK, SysV shared
 * memory). Here everything not listed fails with ENOSYS -- the answer
 * libc expects from an old kernel, so glibc falls back (clone3 -> clone)
 * and Python raises a plain OSError -- and the dangerous classes that
 * tests name fail with EPERM (EACCES for socket families, as before).
 * The list is what CPython, asyncio, threads, multiprocessing and
 * subprocess use; the whole course's dev check runs under it.
 */
#include "sandbox_int.h"

#include <errno.h>
#include <linux/filter.h>
#include <sched.h>
#include <seccomp.h>
#include <stddef.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

/* Resolved per architecture: a name the kernel of this arch does not have
 * (open on aarch64, newfstatat elsewhere) is skipped. */
static const char *const sb_allow[] = {
    /* files and fds */
    "read", "write", "readv", "writev", "pread64", "pwrite64", "preadv",
    "pwritev", "preadv2", "pwritev2", "open", "openat", "openat2", "close",
    "close_range", "creat", "lseek", "_llseek", "stat", "fstat", "lstat",
    "newfstatat", "fstatat64", "statx", "statfs", "fstatfs", "access",
    "faccessat", "faccessat2", "readlink", "readlinkat", "getdents",
    "getdents64", "getcwd", "chdir", "fchdir", "mkdir", "mkdirat", "rmdir",
    "unlink", "unlinkat", "rename", "renameat", "renameat2", "link",
    "linkat", "symlink", "symlinkat", "chmod", "fchmod", "fchmodat",
    "fchmodat2", "truncate", "ftruncate", "fallocate", "fsync", "fdatasync",
    "sync_file_range", "utime", "utimes", "utimensat", "futimesat", "umask",
    "dup", "dup2", "dup3", "fcntl", "flock", "ioctl", "pipe", "pipe2",
    "mknod", "mknodat", "copy_file_range", "sendfile", "splice", "tee",
    "fadvise64", "readahead", "getxattr", "lgetxattr", "fgetxattr",
    "listxattr", "llistxattr", "flistxattr", "inotify_init",
    "inotify_init1", "inotify_add_watch", "inotify_rm_watch", "memfd_create",
    /* memory */
    "brk", "mmap", "mmap2", "munmap", "mprotect", "mremap", "madvise",
    "msync", "mincore", "get_mempolicy",
    /* waiting, events, time */
    "select", "_newselect", "pselect6", "poll", "ppoll", "epoll_create",
    "epoll_create1", "epoll_ctl", "epoll_wait", "epoll_pwait",
    "epoll_pwait2", "eventfd", "eventfd2", "signalfd", "signalfd4",
    "timerfd_create", "timerfd_settime", "timerfd_gettime", "nanosleep",
    "clock_nanosleep", "clock_gettime", "clock_getres", "gettimeofday",
    "time", "alarm", "getitimer", "setitimer", "futex", "futex_waitv",
    "futex_wake", "futex_wait", "futex_requeue", "set_robust_list",
    "get_robust_list", "rseq", "sched_yield", "sched_getaffinity",
    "sched_setaffinity", "sched_getparam", "sched_getscheduler",
    "sched_get_priority_max", "sched_get_priority_min", "sched_getattr",
    "restart_syscall", "getrandom", "getcpu",
    /* signals */
    "rt_sigaction", "rt_sigprocmask", "rt_sigreturn", "sigreturn",
    "rt_sigpending", "rt_sigsuspend", "rt_sigtimedwait", "rt_sigqueueinfo",
    "rt_tgsigqueueinfo", "sigaltstack", "kill", "tgkill", "tkill", "pause",
    /* processes (clone is filtered below; the teardown kills them all) */
    "fork", "vfork", "execve", "execveat", "wait4", "waitid", "exit",
    "exit_group", "set_tid_address", "arch_prctl", "prctl", "setsid",
    "setpgid", "getpgid", "getpgrp", "getsid", "pidfd_open",
    "pidfd_send_signal", "getpid", "getppid", "gettid", "getuid", "geteuid",
    "getgid", "getegid", "getresuid", "getresgid", "getgroups", "capget",
    "getpriority", "setpriority", "getrlimit", "setrlimit", "prlimit64",
    "ugetrlimit", "getrusage", "times", "uname", "sysinfo", "ioprio_get",
    /* sockets: socket/socketpair are filtered below */
    "sendto", "recvfrom", "sendmsg", "recvmsg", "sendmmsg", "recvmmsg",
    "shutdown", "setsockopt", "getsockopt", "getsockname", "getpeername",
};

/* Named so a test can point at each: EPERM, never a silent ENOSYS. */
static const char *const sb_deny[] = {
    "unshare", "setns", "mount", "umount2", "pivot_root", "chroot",
    "ptrace", "process_vm_readv", "process_vm_writev", "kcmp",
    "pidfd_getfd", "bpf", "perf_event_open", "keyctl", "add_key",
    "request_key", "io_uring_setup", "io_uring_enter", "io_uring_register",
    "userfaultfd", "shmget", "shmat", "shmdt", "shmctl", "semget", "semop",
    "semtimedop", "semctl", "msgget", "msgsnd", "msgrcv", "msgctl",
    "mq_open", "mq_unlink", "mq_timedsend", "mq_timedreceive", "mq_notify",
    "mq_getsetattr", "setuid", "setgid", "setreuid", "setregid",
    "setresuid", "setresgid", "setgroups", "setfsuid", "setfsgid", "capset",
    "personality", "init_module", "finit_module", "delete_module",
    "kexec_load", "kexec_file_load", "reboot", "swapon", "swapoff", "acct",
    "quotactl", "sethostname", "setdomainname", "syslog",
    "name_to_handle_at", "open_by_handle_at", "fanotify_init",
    "move_mount", "open_tree", "fsopen", "fsmount", "fspick",
};

#define SB_CLONE_NS (CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | \
                     CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID |   \
                     CLONE_NEWNET)

static int
sb_rule(scmp_filter_ctx f, uint32_t act, const char *name, unsigned n,
        const struct scmp_arg_cmp *cmp)
{
    int nr = seccomp_syscall_resolve_name(name);
    if (nr == __NR_SCMP_ERROR)
        return 0;                      /* not on this architecture */
    return seccomp_rule_add_array(f, act, nr, n, cmp);
}

/* Build the filter with libseccomp into f; 0 or a negative errno. */
static int
sb_build(scmp_filter_ctx f, bool netns)
{
    static const char *const unix_only[] = { "socket", "socketpair" };
    static const char *const peer[] = { "bind", "connect", "listen",
                                        "accept", "accept4" };
    int rc = 0;
    size_t i;

    for (i = 0; rc == 0 && i < LL_COUNTOF(sb_allow); i++)
        rc = sb_rule(f, SCMP_ACT_ALLOW, sb_allow[i], 0, NULL);
    for (i = 0; rc == 0 && i < LL_COUNTOF(sb_deny); i++)
        rc = sb_rule(f, SCMP_ACT_ERRNO(EPERM), sb_deny[i], 0, NULL);
    /* clone: threads and fork yes, a new namespace (CLONE_NEWUSER...) no;
     * clone3 passes its flags in memory seccomp cannot read, so it gets
     * ENOSYS and glibc falls back to clone */
    if (rc == 0) {
        struct scmp_arg_cmp ok = SCMP_A0(SCMP_CMP_MASKED_EQ, SB_CLONE_NS, 0);
        rc = sb_rule(f, SCMP_ACT_ALLOW, "clone", 1, &ok);
    }
    if (rc == 0) {
        static const unsigned long ns[] = { CLONE_NEWNS, CLONE_NEWCGROUP,
            CLONE_NEWUTS, CLONE_NEWIPC, CLONE_NEWUSER, CLONE_NEWPID,
            CLONE_NEWNET };
        for (i = 0; rc == 0 && i < LL_COUNTOF(ns); i++) {
            struct scmp_arg_cmp no = SCMP_A0(SCMP_CMP_MASKED_EQ, ns[i], ns[i]);
            rc = sb_rule(f, SCMP_ACT_ERRNO(EPERM), "clone", 1, &no);
        }
    }
    /* sockets: AF_UNIX only (asyncio's self-pipe is a socketpair); no
     * AF_INET/AF_INET6/AF_NETLINK/AF_VSOCK/AF_PACKET... */
    for (i = 0; rc == 0 && i < LL_COUNTOF(unix_only); i++) {
        struct scmp_arg_cmp un = SCMP_A0(SCMP_CMP_EQ, AF_UNIX);
        struct scmp_arg_cmp other = SCMP_A0(SCMP_CMP_NE, AF_UNIX);
        rc = sb_rule(f, SCMP_ACT_ALLOW, unix_only[i], 1, &un);
        if (rc == 0)
            rc = sb_rule(f, SCMP_ACT_ERRNO(EACCES), unix_only[i], 1, &other);
    }
    /* An abstract name (sun_path[0] == 0) is behind a pointer seccomp
     * cannot read: in a private network namespace it reaches no one; out
     * of one, no bind/connect at all. */
    for (i = 0; rc == 0 && i < LL_COUNTOF(peer); i++)
        rc = sb_rule(f, netns ? SCMP_ACT_ALLOW : SCMP_ACT_ERRNO(EACCES),
                     peer[i], 0, NULL);
    return rc;
}

/* The compiled programs (with and without a network namespace), built
 * once per process by the grader before it forks: the child only hands
 * one to the kernel. Why not build in the child: libseccomp allocates,
 * and there the address-space limit is already set (under ASan no
 * allocation succeeds any more) and the parent may have threads. */
static struct sock_fprog sb_prog[2];

int
ll__sandbox_seccomp_build(bool netns)
{
    struct sock_fprog *p = &sb_prog[netns];
    scmp_filter_ctx f;
    int fd = -1, rc;
    off_t len;

    if (p->filter != NULL)
        return 0;
    f = seccomp_init(SCMP_ACT_ERRNO(ENOSYS));
    if (f == NULL) {
        errno = ENOMEM;
        return -1;
    }
    rc = sb_build(f, netns);
    if (rc == 0 && (fd = memfd_create("looplab-seccomp", MFD_CLOEXEC)) < 0)
        rc = -errno;
    if (rc == 0)
        rc = seccomp_export_bpf(f, fd);
    seccomp_release(f);
    if (rc == 0 && ((len = lseek(fd, 0, SEEK_END)) <= 0 ||
                    len % (off_t)sizeof(struct sock_filter) != 0 ||
                    len / (off_t)sizeof(struct sock_filter) > BPF_MAXINSNS))
        rc = -EINVAL;
    if (rc == 0) {
        struct sock_filter *prog = malloc((size_t)len);
        if (prog == NULL)
            rc = -ENOMEM;
        else if (pread(fd, prog, (size_t)len, 0) != (ssize_t)len) {
            free(prog);
            rc = -EIO;
        } else {
            p->filter = prog;
            p->len = (unsigned short)(len / (off_t)sizeof *prog);
        }
    }
    if (fd >= 0)
        close(fd);
    if (rc != 0) {
        errno = -rc;
        return -1;
    }
    return 0;
}

int
ll__sandbox_seccomp_load(bool netns)
{
    if (ll__sandbox_seccomp_build(netns) != 0)
        return -1;
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
        return -1;
    return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &sb_prog[netns], 0, 0);
}
