/* SPDX-License-Identifier: MIT
 * tests/unit/test_md.c -- Markdown layout: every construct at width 40 and
 * 80, wrapping, code lines wrapped with a marked continuation, styles of the runs, drawing.
 */
#include "testutil.h"
#include "app/tui/md.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Screen layout (UTF-8 glyphs) joined with '\n'. */
static char *
layout(const char *md, int width, bool plain)
{
    ll_md_opts o = { width, plain };
    ll_md_doc d;
    ll_buf b;

    assert_int_equal(ll_md_render(md, strlen(md), &o, &d), LL_OK);
    ll_buf_init(&b);
    for (size_t i = 0; i < d.nlines; i++) {
        ll_buf_adds(&b, d.lines[i].text);
        ll_buf_adds(&b, "\n");
    }
    ll_md_doc_close(&d);
    return ll_buf_take(&b);
}

static void
expect(const char *md, int width, bool plain, const char *want)
{
    char *got = layout(md, width, plain);
    if (strcmp(got, want) != 0)
        print_error("--- want\n%s--- got\n%s---\n", want, got);
    assert_string_equal(got, want);
    ll_free(got);
}

static void
test_headings(void **state)
{
    (void)state;
    expect("# Title\n\nText.\n\n## Sub\n\n### Third\n", 40, false,
           "Title\n═════\n\nText.\n\nSub\n───\n\nThird\n");
    expect("# Title\n## Sub\n", 40, true, "Title\n=====\n\nSub\n---\n");
}

static void
test_wrap(void **state)
{
    const char *p = "The event loop runs one task at a time and switches "
                    "only at an await.";
    (void)state;
    expect(p, 40, false,
           "The event loop runs one task at a time\n"
           "and switches only at an await.\n");
    expect(p, 80, false,
           "The event loop runs one task at a time and switches only at "
           "an await.\n");
    /* A word longer than the line is cut by columns. */
    expect("abcdefghijklmnopqrstuvwxyz", 10, false,
           "abcdefghij\nklmnopqrst\nuvwxyz\n");
    /* Hard break (two trailing spaces). */
    expect("one  \ntwo", 40, false, "one\ntwo\n");
}

static void
test_inline_styles(void **state)
{
    ll_md_opts o = { 40, false };
    ll_md_doc d;
    const char *md = "a **bold** and *em* and `code`";
    (void)state;
    assert_int_equal(ll_md_render(md, strlen(md), &o, &d), LL_OK);
    assert_int_equal(d.nlines, 1);
    assert_string_equal(d.lines[0].text, "a bold and em and code");
    assert_int_equal(d.lines[0].nruns, 3);
    assert_int_equal(d.lines[0].runs[0].start, 2);
    assert_int_equal(d.lines[0].runs[0].len, 4);
    assert_int_equal(d.lines[0].runs[0].style.attr, LL_ATTR_BOLD);
    assert_int_equal(d.lines[0].runs[1].style.attr, LL_ATTR_UNDERLINE);
    assert_int_equal(d.lines[0].runs[2].style.role, LL_ROLE_CODE);
    ll_md_doc_close(&d);
    /* plain mode keeps backticks so code stays visible without colour */
    expect(md, 40, true, "a bold and em and `code`\n");
}

static void
test_lists(void **state)
{
    (void)state;
    expect("- one\n- two is a longer item that must wrap here\n"
           "  - nested\n- three\n",
           40, false,
           "  • one\n"
           "  • two is a longer item that must wrap\n"
           "    here\n"
           "      ◦ nested\n"
           "  • three\n");
    expect("3. c\n4. d\n\nafter\n", 40, false,
           "  3. c\n  4. d\n\nafter\n");
    expect("- a\n- b\n", 40, true, "  - a\n  - b\n");
    /* loose list: items are paragraphs, separated by a blank line */
    expect("- a\n\n- b\n", 40, false, "  • a\n\n  • b\n");
}

static void
test_quote(void **state)
{
    (void)state;
    expect("> quoted text that is long enough to wrap at forty\n", 40,
           false,
           "│ quoted text that is long enough to\n"
           "│ wrap at forty\n");
    expect("> a\n>\n> b\n", 40, true, "> a\n>\n> b\n");
}

static void
test_code_block(void **state)
{
    const char *md =
        "```python\n"
        "async def main():\n"
        "    await asyncio.sleep(1)  # a very long comment that goes on\n"
        "```\n";
    ll_md_opts o = { 40, false };
    ll_md_doc d;
    (void)state;
    /* Wrapped on screen (at a blank, rows marked ↪), whole in plain. */
    expect(md, 40, false,
           "  async def main():\n"
           "      await asyncio.sleep(1)  # a very\n"
           "  ↪ long comment that goes on\n");
    expect(md, 80, false,
           "  async def main():\n"
           "      await asyncio.sleep(1)  # a very long comment that goes "
           "on\n");
    expect(md, 40, true,
           "  async def main():\n"
           "      await asyncio.sleep(1)  # a very long comment that goes "
           "on\n");
    /* keyword highlight: "async" bold, the comment dim */
    assert_int_equal(ll_md_render(md, strlen(md), &o, &d), LL_OK);
    assert_true(d.lines[0].nruns >= 2);
    assert_int_equal(d.lines[0].runs[0].start, 2);
    assert_int_equal(d.lines[0].runs[0].len, 5);
    assert_int_equal(d.lines[0].runs[0].style.attr, LL_ATTR_BOLD);
    assert_int_equal(d.lines[0].runs[0].style.role, LL_ROLE_CODE);
    /* the wrapped line: its first row keeps the source for search, the
     * rest are continuation rows; the comment stays dim across the wrap */
    assert_int_equal(d.nlines, 3);
    assert_null(d.lines[0].src);
    assert_string_equal(d.lines[1].src, "    await asyncio.sleep(1)  # a very "
                        "long comment that goes on");
    assert_int_equal(d.lines[1].cont, 0);
    assert_int_equal(d.lines[2].cont, 1);
    assert_int_equal(d.lines[2].runs[d.lines[2].nruns - 1].style.attr,
                     LL_ATTR_DIM);
    ll_md_doc_close(&d);
    /* a line with no blank to break at is cut by columns, every row
     * within the width, nothing lost */
    expect("```\nabcdefghijklmnopqrstuvwxyz0123456789\n```\n", 20, false,
           "  abcdefghijklmnopqr\n"
           "  ↪ stuvwxyz01234567\n"
           "  ↪ 89\n");
    /* indentation kept, blank lines inside code kept */
    expect("```\nif x:\n\n\ty = 1\n```\n", 40, false,
           "  if x:\n\n      y = 1\n");
}

static void
test_links_and_rule(void **state)
{
    (void)state;
    /* a link is numbered; its URL goes on a line of its own at the end,
     * once per URL, continued on indented rows when it is too long */
    expect("See [the docs](https://docs.python.org/3/) now.\n", 80, false,
           "See the docs[1] now.\n\nLinks\n[1] https://docs.python.org/3/\n");
    expect("[a](https://a.org/) and [b](https://b.org/x), [a again]"
           "(https://a.org/).\n", 80, true,
           "a[1] and b[2], a again[1].\n\nLinks\n[1] https://a.org/\n"
           "[2] https://b.org/x\n");
    expect("[t](https://example.org/a/very/long/path)\n", 20, false,
           "t[1]\n\nLinks\n[1] https://example.\n    org/a/very/long/\n    path\n");
    expect("<https://example.org>\n", 80, false, "https://example.org\n");
    expect("a\n\n---\n\nb\n", 10, false,
           "a\n\n──────────\n\nb\n");
    expect("a &amp; b &lt;c&gt; &#955;\n", 40, false, "a & b <c> λ\n");
}

static void
test_table(void **state)
{
    const char *md =
        "| kind | helps | cost |\n"
        "|------|:-----:|-----:|\n"
        "| I/O  | waits in flight | 1 |\n"
        "| CPU  | cores | 10 |\n";
    (void)state;
    expect(md, 80, false,
           "kind │      helps      │ cost\n"
           "─────┼─────────────────┼─────\n"
           "I/O  │ waits in flight │    1\n"
           "CPU  │      cores      │   10\n");
    expect(md, 24, true,
           "kind |   helps    | cost\n"
           "-----+------------+-----\n"
           "I/O  |  waits in  |    1\n"
           "     |   flight   |\n"
           "CPU  |   cores    |   10\n");
}

static void
test_plain_and_draw(void **state)
{
    char *s = ll_md_render_plain("# T\n\n- x\n", 40);
    ll_md_opts o = { 20, false };
    ll_md_doc d;
    ll_screen *scr = NULL;
    char *txt;
    (void)state;
    assert_string_equal(s, "T\n=\n\n  - x\n");
    ll_free(s);
    s = ll_md_render_plain("", 40);
    assert_string_equal(s, "");
    ll_free(s);

    assert_int_equal(ll_md_render("# Hi\n\nsome `code` here", 24, &o, &d),
                     LL_OK);
    assert_int_equal(ll_screen_new(12, 4, &scr), LL_OK);
    ll_md_draw(&d, 3, scr, 1, 0, 10, 4);
    txt = ll_screen_to_text(scr);
    assert_string_equal(txt, " some code\n\n\n\n");
    assert_int_equal(ll_screen_cell(scr, 6, 0)->role, LL_ROLE_CODE);
    assert_int_equal(ll_screen_cell(scr, 11, 0)->ch, ' ');
    ll_free(txt);
    ll_screen_free(scr);
    ll_md_doc_close(&d);
}

static void
test_oom(void **state)
{
    const char *md = "# T\n\n- a\n- b\n\n```\nx\n```\n\n| a | b |\n|---|---|\n"
                     "| 1 | 2 |\n\n> q [l](u)\n";
    ll_md_opts o = { 40, false };
    ll_md_doc d;
    int rc = LL_ENOMEM;
    (void)state;
    /* Every allocation failure is reported, never a crash or a leak. */
    for (long k = 1; rc != LL_OK && k < 500; k++) {
        ll_alloc_fail_after(k);
        rc = ll_md_render(md, strlen(md), &o, &d);
        ll_alloc_fail_after(0);
        assert_true(rc == LL_OK || rc == LL_ENOMEM);
        if (rc != LL_OK)
            assert_int_equal(d.nlines, 0);
        ll_md_doc_close(&d);
    }
    assert_int_equal(rc, LL_OK);
}

/* Issue 14: past 33 nested containers the layout wrote past its box
 * array (a crash in `looplab lesson` and the TUI). Deeper levels are now
 * drawn flat: 32 quote bars at most, every item's text still there. */
static void
test_deep_nesting_renders_flat(void **state)
{
    ll_buf md;
    ll_md_opts o = { 80, true };
    ll_md_doc d;
    int i, bars = 0;
    const char *t;
    (void)state;

    ll_buf_init(&md);
    for (i = 0; i < 100; i++)
        ll_buf_adds(&md, "> ");
    ll_buf_adds(&md, "deep quote\n\n");
    for (i = 0; i < 100; i++)
        ll_buf_printf(&md, "%*s- item %d\n", 2 * i, "", i);
    ll_buf_adds(&md, "\n");
    for (i = 0; i < 60; i++)
        ll_buf_printf(&md, "%*s%s", 2 * i, "", i % 2 ? "> " : "- ");
    ll_buf_adds(&md, "mixed\n");
    assert_int_equal(ll_md_render(md.data, md.len, &o, &d), LL_OK);
    assert_true(d.nlines >= 100);
    for (t = d.lines[0].text; (t = strstr(t, "> ")) != NULL; t += 2)
        bars++;
    assert_int_equal(bars, 32);
    assert_non_null(strstr(d.lines[0].text, "deep quote"));
    for (i = 0; i < (int)d.nlines; i++)
        if (strstr(d.lines[i].text, "item 99") != NULL)
            break;
    assert_true(i < (int)d.nlines);
    ll_md_doc_close(&d);
    ll_buf_close(&md);
}

static double
now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Issue 14: one 2 MB word took 38 s to lay out (the rest of a cut word was
 * measured again after every piece), a 2 MB table cell minutes (each
 * wrapped line restarted from the top of the cell). Linear now: 8 MB of
 * each, at two widths, within a bound that is minutes for the old code
 * and generous under ASan on a busy machine. */
static void
test_huge_word_and_cell_are_linear(void **state)
{
    const size_t big = 8u << 20;
    char *md = ll_malloc(big + 64);
    ll_md_opts o = { 80, false };
    ll_md_doc d;
    double t0 = now_s();
    (void)state;

    assert_non_null(md);
    memset(md, 'x', big);
    strcpy(md + big, "\n");
    assert_int_equal(ll_md_render(md, strlen(md), &o, &d), LL_OK);
    assert_true(d.nlines >= big / 80);
    ll_md_doc_close(&d);
    memcpy(md, "| a | b |\n|---|---|\n| ", 22);
    strcpy(md + big, " | z |\n");
    o.width = 40;
    assert_int_equal(ll_md_render(md, strlen(md), &o, &d), LL_OK);
    assert_true(d.nlines >= big / 40);
    ll_md_doc_close(&d);
    assert_true(now_s() - t0 < 30.0);
    ll_free(md);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_headings),
        cmocka_unit_test(test_wrap),
        cmocka_unit_test(test_inline_styles),
        cmocka_unit_test(test_lists),
        cmocka_unit_test(test_quote),
        cmocka_unit_test(test_code_block),
        cmocka_unit_test(test_links_and_rule),
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_plain_and_draw),
        cmocka_unit_test(test_oom),
        cmocka_unit_test(test_deep_nesting_renders_flat),
        cmocka_unit_test(test_huge_word_and_cell_are_linear),
    };
    setlocale(LC_ALL, "C.UTF-8");
    return cmocka_run_group_tests(tests, NULL, NULL);
}
