/* SPDX-License-Identifier: MIT
 * tests/unit/test_sandbox_seccomp.c -- the syscall allow-list
 * (grader/sandbox_seccomp.c) against each class of issue 14 §2, in a
 * forked child that loads it (no root needed: no_new_privs suffices):
 * clone with CLONE_NEWUSER (open once while unshare was denied), clone3,
 * unshare, setns, AF_VSOCK and the other non-AF_UNIX sockets, SysV IPC;
 * and what Python needs still works: fork, threads, socketpair(AF_UNIX).
 * Without a network namespace bind/connect are denied too (an abstract
 * AF_UNIX name would reach outside).
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testutil.h"
#include "grader/sandbox_int.h"

#ifndef AF_VSOCK
#define AF_VSOCK 40
#endif

/* 0 when the call failed with want. */
static int
expect_errno(long r, int want)
{
    return r == -1 && errno == want ? 0 : 1;
}

static void *
thread_fn(void *arg)
{
    return arg;
}

static int
probe_all(bool netns)
{
    int sv[2], fail = 0;
    long r;
    pid_t pid;
    pthread_t t;
    void *out = NULL;

    if (ll__sandbox_seccomp_load(netns) != 0)
        return 100;
    /* a new namespace, by every door */
    r = syscall(SYS_clone, (long)(CLONE_NEWUSER | SIGCHLD), 0L, 0L, 0L, 0L);
    if (r == 0)
        _exit(0);
    if (expect_errno(r, EPERM)) fail = __LINE__;
    r = syscall(SYS_clone, (long)(CLONE_NEWNET | SIGCHLD), 0L, 0L, 0L, 0L);
    if (r == 0)
        _exit(0);
    if (expect_errno(r, EPERM)) fail = __LINE__;
#ifdef SYS_clone3
    {
        unsigned long long args[11] = { CLONE_NEWUSER, 0, 0, 0, SIGCHLD };
        r = syscall(SYS_clone3, args, sizeof args);
        if (r == 0)
            _exit(0);
        if (expect_errno(r, ENOSYS)) fail = __LINE__;
    }
#endif
    if (expect_errno(unshare(CLONE_NEWUSER), EPERM)) fail = __LINE__;
    if (expect_errno(setns(0, 0), EPERM)) fail = __LINE__;
    /* sockets that reach outside */
    if (expect_errno(socket(AF_VSOCK, SOCK_STREAM, 0), EACCES)) fail = __LINE__;
    if (expect_errno(socket(AF_INET, SOCK_STREAM, 0), EACCES)) fail = __LINE__;
    if (expect_errno(socket(AF_INET6, SOCK_DGRAM, 0), EACCES)) fail = __LINE__;
    if (expect_errno(socket(AF_NETLINK, SOCK_RAW, 0), EACCES)) fail = __LINE__;
    if (expect_errno(socket(AF_PACKET, SOCK_RAW, 0), EACCES)) fail = __LINE__;
    /* SysV IPC outlives the process */
    if (expect_errno(shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600), EPERM)) fail = __LINE__;
    if (expect_errno(msgget(IPC_PRIVATE, IPC_CREAT | 0600), EPERM)) fail = __LINE__;
    if (expect_errno(semget(IPC_PRIVATE, 1, IPC_CREAT | 0600), EPERM)) fail = __LINE__;
    if (expect_errno(syscall(SYS_ptrace, 0L, 0L, 0L, 0L), EPERM)) fail = __LINE__;
    /* what Python needs */
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0) fail = __LINE__;
    else { close(sv[0]); close(sv[1]); }
    if (pthread_create(&t, NULL, thread_fn, &out) != 0 ||
        pthread_join(t, &out) != 0 || out != &out) fail = __LINE__;
    pid = fork();
    if (pid == 0)
        _exit(7);
    {
        int st;
        if (pid < 0 || waitpid(pid, &st, 0) != pid || !WIFEXITED(st) ||
            WEXITSTATUS(st) != 7) fail = __LINE__;
    }
    /* an abstract name: only inside a private network namespace */
    {
        struct sockaddr_un a;
        int s = socket(AF_UNIX, SOCK_STREAM, 0);
        memset(&a, 0, sizeof a);
        a.sun_family = AF_UNIX;
        memcpy(a.sun_path + 1, "looplab-test", 12);
        if (s < 0) fail = __LINE__;
        r = connect(s, (struct sockaddr *)&a, sizeof a);
        if (!netns && expect_errno(r, EACCES)) fail = __LINE__;
        if (netns && r == -1 && errno == EACCES) fail = __LINE__;
        close(s);
    }
    return fail;
}

static void
run(bool netns)
{
    int st;
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        int line = probe_all(netns);
        if (line != 0)
            fprintf(stderr, "probe failed at test_sandbox_seccomp.c:%d\n",
                    line);
        _exit(line != 0);              /* _exit: no LSan under the filter */
    }
    assert_int_equal(waitpid(pid, &st, 0), pid);
    assert_true(WIFEXITED(st));
    assert_int_equal(WEXITSTATUS(st), 0);
}

static void
test_allow_list_netns(void **state)
{
    (void)state;
    run(true);
}

static void
test_allow_list_no_netns(void **state)
{
    (void)state;
    run(false);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_allow_list_netns),
        cmocka_unit_test(test_allow_list_no_netns),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
