/* SPDX-License-Identifier: MIT
 * tests/unit/testutil.c -- helpers shared by the cmocka tests.
 */
#include "testutil.h"
#include "engine/base.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *
tu_tmpdir(void)
{
    const char *t = getenv("TMPDIR");
    char *tmpl = ll_asprintf("%s/looplab-test-XXXXXX", t && *t ? t : "/tmp");
    assert_non_null(tmpl);
    assert_non_null(mkdtemp(tmpl));
    return tmpl;
}

void
tu_rmtree(const char *path)
{
    char *cmd = ll_asprintf("rm -rf '%s'", path);
    if (cmd != NULL && system(cmd) != 0)
        fprintf(stderr, "warning: could not remove %s\n", path);
    ll_free(cmd);
}

const char *
tu_srcdir(void)
{
    const char *s = getenv("LL_SOURCE_DIR");
    return s && *s ? s : LL_SOURCE_DIR;
}

void
tu_write(const char *path, const char *text)
{
    char *dir = ll_strdup(path);
    char *slash = strrchr(dir, '/');
    if (slash != NULL) {
        *slash = '\0';
        assert_int_equal(ll_mkdirs(dir, 0755), LL_OK);
    }
    ll_free(dir);
    assert_int_equal(ll_write_file(path, text, strlen(text)), LL_OK);
}
