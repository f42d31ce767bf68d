/* SPDX-License-Identifier: MIT
 * tests/unit/test_screen.c -- the in-memory screen: put, clip, wide
 * characters, styles, resize and the text dump used by golden tests.
 */
#include "testutil.h"
#include "app/tui/screen.h"

#include <locale.h>
#include <string.h>

static ll_screen *
mk(int w, int h)
{
    ll_screen *s = NULL;
    assert_int_equal(ll_screen_new(w, h, &s), LL_OK);
    assert_non_null(s);
    return s;
}

static void
expect_text(const ll_screen *s, const char *want)
{
    char *t = ll_screen_to_text(s);
    assert_non_null(t);
    assert_string_equal(t, want);
    ll_free(t);
}

static void
test_put_and_dump(void **state)
{
    ll_screen *s = mk(10, 3);
    (void)state;
    expect_text(s, "\n\n\n");
    assert_int_equal(ll_screen_put(s, 1, 0, "hello", LL_PLAIN), 5);
    assert_int_equal(ll_screen_put(s, 0, 2, "x y  ", LL_PLAIN), 5);
    expect_text(s, " hello\n\nx y\n");
    ll_screen_free(s);
}

static void
test_clip(void **state)
{
    ll_screen *s = mk(6, 2);
    (void)state;
    assert_int_equal(ll_screen_put(s, 3, 0, "abcdef", LL_PLAIN), 3);
    assert_int_equal(ll_screen_put(s, -2, 1, "abcdef", LL_PLAIN), 6);
    assert_int_equal(ll_screen_put(s, 0, 5, "nope", LL_PLAIN), 0);
    assert_int_equal(ll_screen_putn(s, 0, 0, "xyz", 3, 2, LL_PLAIN), 2);
    expect_text(s, "xy abc\ncdef\n");
    ll_screen_free(s);
}

static void
test_wide_chars(void **state)
{
    ll_screen *s = mk(6, 2);
    const ll_cell *c;
    (void)state;
    /* 中 is two columns: the cell after it is a continuation. */
    assert_int_equal(ll_screen_put(s, 0, 0, "中文x", LL_PLAIN), 5);
    c = ll_screen_cell(s, 0, 0);
    assert_int_equal(c->ch, 0x4E2D);
    assert_int_equal(c->width, 2);
    assert_int_equal(ll_screen_cell(s, 1, 0)->ch, 0);
    expect_text(s, "中文x\n\n");
    /* A wide char that would cross the edge is not drawn. */
    assert_int_equal(ll_screen_put(s, 5, 1, "中", LL_PLAIN), 0);
    /* Overwriting either half of a wide char blanks the other half. */
    ll_screen_put(s, 1, 0, "ab", LL_PLAIN);
    expect_text(s, " ab x\n\n");
    assert_int_equal(ll_utf8_width("✓ ok 中", strlen("✓ ok 中")), 7);
    assert_int_equal(ll_utf8_fit("中文", 6, 3), 3);
    ll_screen_free(s);
}

static void
test_utf8_edge(void **state)
{
    ll_screen *s = mk(8, 1);
    uint32_t cp;
    char enc[4];
    (void)state;
    /* invalid byte -> U+FFFD, control chars dropped, tab -> space */
    ll_screen_put(s, 0, 0, "a\xff\x01\tb", LL_PLAIN);
    expect_text(s, "a\xEF\xBF\xBD b\n");
    assert_int_equal(ll_utf8_decode("\xE2\x9C\x93", 3, &cp), 3);
    assert_int_equal(cp, 0x2713);
    assert_int_equal(ll_utf8_decode("\xE2\x9C", 2, &cp), 1);
    assert_int_equal(cp, 0xFFFD);
    assert_int_equal(ll_utf8_encode(0x1F600, enc), 4);
    ll_screen_free(s);
}

static void
test_styles_fill(void **state)
{
    ll_screen *s = mk(5, 2);
    const ll_cell *c;
    (void)state;
    ll_screen_put(s, 0, 0, "ok", LL_STYLE(LL_ATTR_BOLD, LL_ROLE_OK));
    c = ll_screen_cell(s, 1, 0);
    assert_int_equal(c->attr, LL_ATTR_BOLD);
    assert_int_equal(c->role, LL_ROLE_OK);
    ll_screen_restyle(s, 0, 0, 5, LL_ATTR_REVERSE, LL_ROLE_ACCENT);
    c = ll_screen_cell(s, 4, 0);
    assert_int_equal(c->attr, LL_ATTR_REVERSE);
    assert_int_equal(c->role, LL_ROLE_ACCENT);
    assert_int_equal(ll_screen_cell(s, 0, 0)->attr,
                     LL_ATTR_BOLD | LL_ATTR_REVERSE);
    ll_screen_fill(s, 0, 1, 3, 1, '-', LL_PLAIN);
    expect_text(s, "ok\n---\n");
    ll_screen_printf(s, 0, 1, LL_PLAIN, "%d%%", 42);
    expect_text(s, "ok\n42%\n");
    assert_null(ll_screen_cell(s, 5, 0));
    ll_screen_cursor(s, 99, -3);
    assert_int_equal(s->cur_x, 4);
    assert_int_equal(s->cur_y, 0);
    ll_screen_free(s);
}

static void
test_resize(void **state)
{
    ll_screen *s = mk(4, 2);
    (void)state;
    ll_screen_put(s, 0, 0, "abcd", LL_PLAIN);
    assert_int_equal(ll_screen_resize(s, 8, 3), LL_OK);
    assert_int_equal(s->w, 8);
    assert_int_equal(s->h, 3);
    expect_text(s, "\n\n\n");
    ll_screen_put(s, 0, 2, "abcdefgh", LL_PLAIN);
    expect_text(s, "\n\nabcdefgh\n");
    assert_int_equal(ll_screen_resize(s, 0, 0), LL_OK);
    expect_text(s, "");
    /* OOM keeps the old size */
    ll_screen_resize(s, 3, 1);
    ll_alloc_fail_after(1);
    assert_int_equal(ll_screen_resize(s, 10, 10), LL_ENOMEM);
    ll_alloc_fail_after(0);
    assert_int_equal(s->w, 3);
    ll_screen_free(s);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_put_and_dump),
        cmocka_unit_test(test_clip),
        cmocka_unit_test(test_wide_chars),
        cmocka_unit_test(test_utf8_edge),
        cmocka_unit_test(test_styles_fill),
        cmocka_unit_test(test_resize),
    };
    setlocale(LC_ALL, "C.UTF-8");
    return cmocka_run_group_tests(tests, NULL, NULL);
}
