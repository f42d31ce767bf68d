/* SPDX-License-Identifier: MIT
 * tests/unit/test_sandbox_uid.c -- the dedicated-uid allocator of the
 * sandbox (ll__sandbox_pick_uid): a uid is one grader's while it holds the
 * uid's lock, whoever else asks (same process, another process), and a uid
 * some process still runs as -- or that owns a /dev/shm file or a SysV
 * IPC object -- is never handed out. Once two concurrent
 * adversarial runs shared a uid (pid % N) and one's teardown SIGKILLed the
 * other's submission.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testutil.h"
#include "grader/sandbox.h"
#include "grader/sandbox_int.h"

#define BASE 59990u   /* outside 60000-64999: never meets a real grader */

static char *
lockdir(char **root)
{
    char *d;
    *root = tu_tmpdir();
    d = malloc(strlen(*root) + 16);
    assert_non_null(d);
    sprintf(d, "%s/locks", *root);
    return d;
}

static void
test_held_uid_is_skipped_in_process(void **state)
{
    char *root, *dir = lockdir(&root);
    uid_t a, b, c;
    int fa, fb, fc;
    (void)state;

    assert_int_equal(ll__sandbox_pick_uid(dir, BASE, 4, &a, &fa), LL_OK);
    assert_int_equal(a, BASE);
    /* a second sandbox of the same process must not get the same uid */
    assert_int_equal(ll__sandbox_pick_uid(dir, BASE, 4, &b, &fb), LL_OK);
    assert_int_equal(b, BASE + 1);
    close(fa);   /* released: the first uid is free again */
    assert_int_equal(ll__sandbox_pick_uid(dir, BASE, 4, &c, &fc), LL_OK);
    assert_int_equal(c, BASE);
    close(fb);
    close(fc);
    free(dir);
    tu_rmtree(root);
    free(root);
}

static void
test_all_taken_is_busy(void **state)
{
    char *root, *dir = lockdir(&root);
    uid_t a, b, c;
    int fa, fb, fc;
    (void)state;

    assert_int_equal(ll__sandbox_pick_uid(dir, BASE, 2, &a, &fa), LL_OK);
    assert_int_equal(ll__sandbox_pick_uid(dir, BASE, 2, &b, &fb), LL_OK);
    assert_int_equal(ll__sandbox_pick_uid(dir, BASE, 2, &c, &fc), LL_EBUSY);
    assert_int_equal(fc, -1);
    close(fa);
    close(fb);
    free(dir);
    tu_rmtree(root);
    free(root);
}

/* Another grader (a process) holds BASE's lock: we get BASE + 1. */
static void
test_lock_of_another_process(void **state)
{
    char *root, *dir = lockdir(&root), path[600], c;
    int ready[2], go[2], fd, st;
    uid_t u;
    pid_t pid;
    (void)state;

    assert_int_equal(pipe(ready), 0);
    assert_int_equal(pipe(go), 0);
    mkdir(dir, 0700);
    snprintf(path, sizeof path, "%s/%u.lock", dir, BASE);
    pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        int f = open(path, O_RDWR | O_CREAT, 0600);
        if (f < 0 || flock(f, LOCK_EX) != 0)
            _exit(1);
        (void)!write(ready[1], "x", 1);
        (void)!read(go[0], &c, 1);
        _exit(0);
    }
    assert_int_equal(read(ready[0], &c, 1), 1);
    assert_int_equal(ll__sandbox_pick_uid(dir, BASE, 4, &u, &fd), LL_OK);
    assert_int_equal(u, BASE + 1);
    close(fd);
    assert_int_equal(write(go[1], "x", 1), 1);
    assert_int_equal(waitpid(pid, &st, 0), pid);
    assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    /* the holder is gone, its lock with it */
    assert_int_equal(ll__sandbox_pick_uid(dir, BASE, 4, &u, &fd), LL_OK);
    assert_int_equal(u, BASE);
    close(fd);
    close(ready[0]); close(ready[1]); close(go[0]); close(go[1]);
    free(dir);
    tu_rmtree(root);
    free(root);
}

/* A process left running as BASE (a crashed grader's daemon, no lock any
 * more) keeps BASE busy. Needs root to run a process as another uid. */
static void
test_uid_with_a_process_is_skipped(void **state)
{
    char *root, *dir, c;
    int ready[2], fd, st;
    uid_t u;
    pid_t pid;
    (void)state;

    if (geteuid() != 0) {
        skip();
        return;
    }
    dir = lockdir(&root);
    assert_int_equal(pipe(ready), 0);
    pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        if (setresgid(BASE, BASE, BASE) != 0 || setresuid(BASE, BASE, BASE) != 0)
            _exit(1);
        (void)!write(ready[1], "x", 1);
        pause();
        _exit(0);
    }
    assert_int_equal(read(ready[0], &c, 1), 1);
    assert_int_equal(ll__sandbox_pick_uid(dir, BASE, 4, &u, &fd), LL_OK);
    assert_int_equal(u, BASE + 1);
    close(fd);
    kill(pid, SIGKILL);
    assert_int_equal(waitpid(pid, &st, 0), pid);
    assert_int_equal(ll__sandbox_pick_uid(dir, BASE, 4, &u, &fd), LL_OK);
    assert_int_equal(u, BASE);
    close(fd);
    close(ready[0]);
    close(ready[1]);
    free(dir);
    tu_rmtree(root);
    free(root);
}

/* What a run left as BASE outside its namespaces -- a /dev/shm file, a
 * SysV shared memory segment -- keeps BASE busy: the next student run as
 * BASE would read it. ll__sandbox_uid_scrub removes both. Root only. */
static void
test_uid_with_leftovers_is_skipped(void **state)
{
    char *root, *dir, shm[128];
    int fd, st, id = -1, p[2];
    uid_t u;
    pid_t pid;
    (void)state;

    if (geteuid() != 0) {
        skip();
        return;
    }
    dir = lockdir(&root);
    snprintf(shm, sizeof shm, "/dev/shm/looplab-test-%d", (int)getpid());
    fd = open(shm, O_WRONLY | O_CREAT | O_EXCL, 0600);
    assert_true(fd >= 0);
    assert_int_equal(fchown(fd, BASE, BASE), 0);
    close(fd);
    assert_int_equal(ll__sandbox_pick_uid(dir, BASE, 4, &u, &fd), LL_OK);
    assert_int_equal(u, BASE + 1);
    close(fd);
    assert_int_equal(unlink(shm), 0);

    /* a segment created by a process of BASE outlives it */
    assert_int_equal(pipe(p), 0);
    pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        int sid;
        if (setresgid(BASE, BASE, BASE) != 0 || setresuid(BASE, BASE, BASE) != 0)
            _exit(1);
        sid = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
        (void)!write(p[1], &sid, sizeof sid);
        _exit(sid >= 0 ? 0 : 1);
    }
    assert_int_equal(read(p[0], &id, sizeof id), (ssize_t)sizeof id);
    assert_int_equal(waitpid(pid, &st, 0), pid);
    assert_true(id >= 0);
    assert_int_equal(ll__sandbox_pick_uid(dir, BASE, 4, &u, &fd), LL_OK);
    assert_int_equal(u, BASE + 1);
    close(fd);
    ll__sandbox_uid_scrub(BASE);
    {
        struct shmid_ds ds;
        assert_int_equal(shmctl(id, IPC_STAT, &ds), -1);   /* removed */
    }
    assert_int_equal(ll__sandbox_pick_uid(dir, BASE, 4, &u, &fd), LL_OK);
    assert_int_equal(u, BASE);
    close(fd);
    close(p[0]);
    close(p[1]);
    free(dir);
    tu_rmtree(root);
    free(root);
}

/* A lock folder others can write to is refused (they could hold or
 * delete our locks). */
static void
test_open_lockdir_is_refused(void **state)
{
    char *root, *dir = lockdir(&root);
    uid_t u;
    int fd;
    (void)state;

    assert_int_equal(mkdir(dir, 0700), 0);
    assert_int_equal(chmod(dir, 0777), 0);
    assert_int_equal(ll__sandbox_pick_uid(dir, BASE, 4, &u, &fd), LL_EIO);
    assert_int_equal(fd, -1);
    free(dir);
    tu_rmtree(root);
    free(root);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_held_uid_is_skipped_in_process),
        cmocka_unit_test(test_all_taken_is_busy),
        cmocka_unit_test(test_lock_of_another_process),
        cmocka_unit_test(test_uid_with_a_process_is_skipped),
        cmocka_unit_test(test_uid_with_leftovers_is_skipped),
        cmocka_unit_test(test_open_lockdir_is_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
