/* SPDX-License-Identifier: MIT
 * tests/unit/test_diff.c -- course/diff.c: the same text as GNU diff -u
 * where the edit is unambiguous, and on random texts a diff that applied
 * to the first text gives the second.
 */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "course/diff.h"

static char *
diff(const char *a, const char *b)
{
    ll_buf out;
    ll_buf_init(&out);
    assert_int_equal(ll_diff_unified(a, b, "yours", "reference", &out), LL_OK);
    return ll_buf_take(&out);
}

/* Expected outputs are GNU diff 3.8's (diff -u --label yours --label
 * reference) for the same files. */
static void
test_like_gnu_diff(void **state)
{
    char *d;
    (void)state;
    d = diff("a\nb\nc\n", "a\nb\nc\n");
    assert_string_equal(d, "");
    ll_free(d);
    d = diff("a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n", "a\nB\nc\nd\ne\nf\ng\nh\ni\nj\nk\n");
    assert_string_equal(d, "--- yours\n+++ reference\n"
        "@@ -1,5 +1,5 @@\n a\n-b\n+B\n c\n d\n e\n"
        "@@ -8,3 +8,4 @@\n h\n i\n j\n+k\n");
    ll_free(d);
    d = diff("x\ny", "x\nz");
    assert_string_equal(d, "--- yours\n+++ reference\n@@ -1,2 +1,2 @@\n x\n"
        "-y\n\\ No newline at end of file\n+z\n\\ No newline at end of file\n");
    ll_free(d);
    d = diff("x\ny", "x\ny\n");
    assert_string_equal(d, "--- yours\n+++ reference\n@@ -1,2 +1,2 @@\n x\n"
        "-y\n\\ No newline at end of file\n+y\n");
    ll_free(d);
    d = diff("", "one\n");
    assert_string_equal(d, "--- yours\n+++ reference\n@@ -0,0 +1 @@\n+one\n");
    ll_free(d);
}

/* Apply a unified diff (ours) to a: the lines of a, with each hunk's '-'
 * lines checked and dropped and its '+' lines added. */
static char *
apply(const char *a, const char *d)
{
    ll_buf out;
    const char *ap = a, *dp = d;
    size_t line = 0;

    ll_buf_init(&out);
    dp = strstr(dp, "\n+++ ");
    dp = dp ? strchr(dp + 1, '\n') + 1 : d + strlen(d);
    while (*dp) {
        size_t from;
        const char *e;
        assert_true(strncmp(dp, "@@ -", 4) == 0);
        from = strtoul(dp + 4, NULL, 10);
        /* copy a's lines before the hunk (hunk start l, or l for n == 0) */
        {
            const char *cm = dp + 4 + strspn(dp + 4, "0123456789");
            size_t n = *cm == ',' ? strtoul(cm + 1, NULL, 10) : 1;
            size_t upto = n ? from - 1 : from;
            while (line < upto) {
                e = strchr(ap, '\n');
                ll_buf_add(&out, ap, e ? (size_t)(e - ap + 1) : strlen(ap));
                ap = e ? e + 1 : ap + strlen(ap);
                line++;
            }
        }
        dp = strchr(dp, '\n') + 1;
        while (*dp && *dp != '@') {
            const char *le = strchr(dp, '\n');
            size_t len = (size_t)(le - dp - 1);
            bool nonl = strncmp(le + 1, "\\ No newline", 12) == 0;
            if (*dp == ' ' || *dp == '-') {
                e = strchr(ap, '\n');
                assert_memory_equal(ap, dp + 1, len);
                if (*dp == ' ')
                    ll_buf_add(&out, ap, e ? (size_t)(e - ap + 1)
                                             : strlen(ap));
                ap = e ? e + 1 : ap + strlen(ap);
                line++;
            } else {
                assert_int_equal(*dp, '+');
                ll_buf_add(&out, dp + 1, len);
                if (!nonl)
                    ll_buf_add(&out, "\n", 1);
            }
            dp = le + 1;
            if (nonl)
                dp = strchr(dp, '\n') + 1;
        }
    }
    ll_buf_add(&out, ap, strlen(ap));
    return ll_buf_take(&out);
}

static char *
random_text(unsigned *seed)
{
    static const char *const words[] = { "a", "b", "c", "await x", "" };
    ll_buf b;
    int n = rand_r(seed) % 12, i;

    ll_buf_init(&b);
    for (i = 0; i < n; i++)
        ll_buf_printf(&b, "%s\n", words[rand_r(seed) % 5]);
    if (n > 0 && rand_r(seed) % 4 == 0)
        b.data[--b.len] = '\0';            /* no newline at the end */
    return ll_buf_take(&b);
}

static void
test_random_round_trip(void **state)
{
    unsigned seed = 12345;
    (void)state;
    for (int k = 0; k < 3000; k++) {
        char *a = random_text(&seed), *b = random_text(&seed);
        char *d = diff(a, b), *got = apply(a, d);
        if (strcmp(got, b) != 0)
            fail_msg("a=[%s] b=[%s] diff:\n%s\ngot [%s]", a, b, d, got);
        assert_true((*d == '\0') == (strcmp(a, b) == 0));
        ll_free(a);
        ll_free(b);
        ll_free(d);
        ll_free(got);
    }
}

static void
test_too_long(void **state)
{
    ll_buf big, out;
    (void)state;
    ll_buf_init(&big);
    ll_buf_init(&out);
    for (int i = 0; i <= LL_DIFF_MAX_LINES; i++)
        ll_buf_printf(&big, "%d\n", i);
    assert_int_equal(ll_diff_unified(big.data, "x\n", "a", "b", &out),
                     LL_ELIMIT);
    ll_buf_close(&big);
    ll_buf_close(&out);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_like_gnu_diff),
        cmocka_unit_test(test_random_round_trip),
        cmocka_unit_test(test_too_long),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
