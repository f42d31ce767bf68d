/* SPDX-License-Identifier: MIT
 * tests/unit/test_watch.c -- the save watcher: plain writes, saves by
 * rename, a file created later, other files in the folder, open/close
 * without a change, sync, and bad paths. Positive cases wait up to 2 s
 * for the change (they return as soon as it comes); negative ones give a
 * wrong report 300 ms to show up.
 */
#include "testutil.h"
#include "engine/watch.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static char *dir, *file;

static int
setup(void **state)
{
    (void)state;
    dir = tu_tmpdir();
    file = ll_asprintf("%s/work.py", dir);
    return 0;
}

static int
teardown(void **state)
{
    (void)state;
    tu_rmtree(dir);
    ll_free(dir);
    ll_free(file);
    return 0;
}

static void
put(const char *path, const char *text)
{
    assert_int_equal(ll_write_file(path, text, strlen(text)), LL_OK);
}

static void
test_saves(void **state)
{
    ll_watch *w = NULL;
    char *tmp = ll_asprintf("%s/.work.py.swp", dir);
    char *other = ll_asprintf("%s/notes.txt", dir);
    int fd;
    (void)state;
    put(file, "v1\n");
    assert_int_equal(ll_watch_new(file, &w), LL_OK);
    assert_true(ll_watch_native(w));
    assert_true(ll_watch_fd(w) >= 0);
    assert_int_equal(ll_watch_wait(w, 300), 0);        /* nothing yet */

    put(file, "v2\n");                                 /* a plain write */
    assert_int_equal(ll_watch_wait(w, 2000), 1);
    assert_int_equal(ll_watch_poll(w, 0), 0);          /* reported once */

    put(tmp, "v3, saved by rename\n");                 /* vim, most GUIs */
    assert_int_equal(rename(tmp, file), 0);
    assert_int_equal(ll_watch_wait(w, 2000), 1);

    put(other, "x\n");                                 /* not our file */
    assert_int_equal(ll_watch_wait(w, 300), 0);

    fd = open(file, O_WRONLY | O_APPEND);              /* open, no write */
    assert_true(fd >= 0);
    close(fd);
    assert_int_equal(ll_watch_wait(w, 300), 0);

    put(file, "v4, then sync\n");                      /* sync forgets it */
    usleep(100000);
    ll_watch_sync(w);
    assert_int_equal(ll_watch_wait(w, 300), 0);
    ll_watch_free(w);
    ll_free(tmp);
    ll_free(other);
}

static void
test_created_later_and_errors(void **state)
{
    ll_watch *w = NULL;
    char *later = ll_asprintf("%s/later.lua", dir);
    (void)state;
    assert_int_equal(ll_watch_new(later, &w), LL_OK);   /* not there yet */
    assert_int_equal(ll_watch_wait(w, 300), 0);
    put(later, "print(1)\n");
    assert_int_equal(ll_watch_wait(w, 2000), 1);
    assert_int_equal(unlink(later), 0);                 /* a delete is no save */
    assert_int_equal(ll_watch_wait(w, 300), 0);
    ll_watch_free(w);
    w = (ll_watch *)1;
    assert_int_equal(ll_watch_new("/nonexistent-dir-ll/x.py", &w), LL_ENOENT);
    assert_null(w);
    ll_free(later);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_saves),
        cmocka_unit_test(test_created_later_and_errors),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
