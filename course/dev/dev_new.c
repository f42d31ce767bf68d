/* SPDX-License-Identifier: MIT
 * course/dev/dev_new.c -- `looplab dev new`: skeletons that are tiny valid
 * examples.
 *
 * Every skeleton passes `dev lint` and `dev check` as written: the exercise
 * is a complete two-waits exercise (the starter is sequential and fails the
 * time check, the reference gathers, a mutant names the check it fails),
 * the quiz's predict-time and predict-output answers are the real ones. An
 * author replaces the TODOs and keeps the shape. New exercises and quizzes
 * are registered in lesson.lua by a small textual edit of the list (the
 * file stays the author's, comments and layout kept); when the edit is not
 * possible the log says which line to add. Never overwrites a file.
 */
#include "dev.h"

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* {=================== templates ===================} */

static const char tpl_lesson[] =
"-- Lesson {ID}: {TITLE}. The format: docs/authoring.md, section 2.\n"
"return {\n"
"  id = \"{ID}\",\n"
"  title = \"{TITLE}\",\n"
"  summary = \"TODO: one line for the course map\",\n"
"  pages = {\n"
"    \"pages/01-first-page.md\",\n"
"  },\n"
"  demos = {},\n"
"  exercises = {\n"
"  },\n"
"  -- quiz = \"quiz.lua\",   -- `looplab dev new quiz` adds the file and this\n"
"}\n";

static const char tpl_page[] =
"# TODO: the page title\n"
"\n"
"TODO: one idea per page. Keep lines at most 76 characters, tag every\n"
"code block with its language, and paste only output from a real run.\n"
"\n"
"```python\n"
"import asyncio\n"
"\n"
"\n"
"async def main():\n"
"    await asyncio.sleep(1)\n"
"    print(\"done\")\n"
"\n"
"asyncio.run(main())\n"
"```\n"
"\n"
"## In practice\n"
"\n"
"TODO: what a working developer does with this.\n";

static const char tpl_py_exercise[] =
"-- Exercise {ID} (docs/authoring.md, section 5).\n"
"return {\n"
"  id = \"{ID}\",\n"
"  title = \"{TITLE}\",\n"
"  kind = \"python\",\n"
"  file = \"main.py\",\n"
"  statement = \"README.md\",\n"
"  hints = {\n"
"    \"TODO gentle: each await finishes before the next line starts, so \"\n"
"      .. \"the waits add up. How could both wait at the same time?\",\n"
"    \"TODO specific: asyncio.gather runs awaitables concurrently and \"\n"
"      .. \"returns their results in argument order.\",\n"
"    \"TODO nearly the answer: a, b = await asyncio.gather(wait('a', 1), \"\n"
"      .. \"wait('b', 1))\",\n"
"  },\n"
"}\n";

static const char tpl_py_starter[] =
"\"\"\"Exercise {ID}: make the two waits overlap.\n"
"\n"
"TODO(author): replace this tiny example with your exercise. As written it\n"
"is a complete one: two waits of 1 s run one after the other (2 s); the\n"
"task is to make them overlap (1 s) and keep the output.\n"
"\"\"\"\n"
"import asyncio\n"
"\n"
"\n"
"async def wait(name, seconds):\n"
"    await asyncio.sleep(seconds)\n"
"    return f\"{name}: done\"\n"
"\n"
"\n"
"async def main():\n"
"    # TODO: make the two waits overlap.\n"
"    a = await wait(\"a\", 1)\n"
"    b = await wait(\"b\", 1)\n"
"    print(a)\n"
"    print(b)\n"
"\n"
"\n"
"if __name__ == \"__main__\":\n"
"    asyncio.run(main())\n";

static const char tpl_py_solution[] =
"\"\"\"Exercise {ID}: reference solution (never shown before solving).\"\"\"\n"
"import asyncio\n"
"\n"
"\n"
"async def wait(name, seconds):\n"
"    await asyncio.sleep(seconds)\n"
"    return f\"{name}: done\"\n"
"\n"
"\n"
"async def main():\n"
"    a, b = await asyncio.gather(wait(\"a\", 1), wait(\"b\", 1))\n"
"    print(a)\n"
"    print(b)\n"
"\n"
"\n"
"if __name__ == \"__main__\":\n"
"    asyncio.run(main())\n";

static const char tpl_py_mutant[] =
"# mutant: fails \"finishes in 1 virtual second\"\n"
"\"\"\"The starter unchanged: the waits add up to 2 s.\"\"\"\n"
"import asyncio\n"
"\n"
"\n"
"async def wait(name, seconds):\n"
"    await asyncio.sleep(seconds)\n"
"    return f\"{name}: done\"\n"
"\n"
"\n"
"async def main():\n"
"    a = await wait(\"a\", 1)\n"
"    b = await wait(\"b\", 1)\n"
"    print(a)\n"
"    print(b)\n"
"\n"
"\n"
"if __name__ == \"__main__\":\n"
"    asyncio.run(main())\n";

static const char tpl_py_mutant2[] =
"# mutant: fails \"never blocks the event loop\"\n"
"\"\"\"Gathers, but waits with time.sleep: the loop is stuck for 2 s.\"\"\"\n"
"import asyncio\n"
"import time\n"
"\n"
"\n"
"async def wait(name, seconds):\n"
"    time.sleep(seconds)\n"
"    return f\"{name}: done\"\n"
"\n"
"\n"
"async def main():\n"
"    a, b = await asyncio.gather(wait(\"a\", 1), wait(\"b\", 1))\n"
"    print(a)\n"
"    print(b)\n"
"\n"
"\n"
"if __name__ == \"__main__\":\n"
"    asyncio.run(main())\n";

static const char tpl_py_checks[] =
"-- Checks for {ID} (docs/authoring.md, section 6). A check's name is what\n"
"-- the student sees and what mutant headers quote, so keep it a short\n"
"-- sentence about behaviour. Messages say what was measured, what was\n"
"-- expected and what to change.\n"
"return {\n"
"  check.out {\n"
"    name = \"prints a, then b\",\n"
"    points = 1,\n"
"    expect = \"a: done\\nb: done\\n\",\n"
"    message = \"Print a's result, then b's, as the starter does.\",\n"
"  },\n"
"  check.vtime {\n"
"    name = \"finishes in 1 virtual second\",\n"
"    points = 2, min = 1.0, max = 1.0,\n"
"    message = \"Your program took {measured} virtual seconds; with both \"\n"
"           .. \"waits in flight at once it takes 1.\",\n"
"  },\n"
"  check.noblock {\n"
"    name = \"never blocks the event loop\",\n"
"    points = 1,\n"
"    message = \"A blocking call (time.sleep?) stalled the event loop; \"\n"
"           .. \"use `await asyncio.sleep(...)`.\",\n"
"  },\n"
"  check.noerror { name = \"runs without an exception\", points = 1 },\n"
"}\n";

static const char tpl_lua_exercise[] =
"-- Exercise {ID} (docs/authoring.md, section 5).\n"
"return {\n"
"  id = \"{ID}\",\n"
"  title = \"{TITLE}\",\n"
"  kind = \"lua\",\n"
"  file = \"main.lua\",\n"
"  statement = \"README.md\",\n"
"  hints = {\n"
"    \"TODO gentle: each wait returns before the next one starts, so the \"\n"
"      .. \"waits add up. How could both wait at the same time?\",\n"
"    \"TODO specific: aio.gather({fn1, fn2}) runs each function as a task \"\n"
"      .. \"and returns their results in argument order.\",\n"
"    \"TODO nearly the answer: return aio.gather({ function() return \"\n"
"      .. \"wait('a', 1) end, function() return wait('b', 1) end })\",\n"
"  },\n"
"}\n";

static const char tpl_lua_starter[] =
"-- Exercise {ID}: make the two waits overlap.\n"
"-- TODO(author): replace this tiny example with your exercise. As written\n"
"-- it is a complete one: M.run() waits 1 s twice, one after the other\n"
"-- (2 s); the task is to make the waits overlap (1 s).\n"
"local M = {}\n"
"\n"
"local function wait(name, seconds)\n"
"  aio.sleep(seconds)\n"
"  return name .. \": done\"\n"
"end\n"
"\n"
"-- TODO: make the two waits overlap; return both results, a first.\n"
"function M.run()\n"
"  local a = wait(\"a\", 1)\n"
"  local b = wait(\"b\", 1)\n"
"  return { a, b }\n"
"end\n"
"\n"
"return M\n";

static const char tpl_lua_solution[] =
"-- Exercise {ID}: reference solution (never shown before solving).\n"
"local M = {}\n"
"\n"
"local function wait(name, seconds)\n"
"  aio.sleep(seconds)\n"
"  return name .. \": done\"\n"
"end\n"
"\n"
"function M.run()\n"
"  return aio.gather({\n"
"    function() return wait(\"a\", 1) end,\n"
"    function() return wait(\"b\", 1) end,\n"
"  })\n"
"end\n"
"\n"
"return M\n";

static const char tpl_lua_mutant[] =
"-- mutant: fails \"run: the waits overlap (1 s, not 2 s)\"\n"
"-- The starter unchanged: the waits add up to 2 s.\n"
"local M = {}\n"
"\n"
"local function wait(name, seconds)\n"
"  aio.sleep(seconds)\n"
"  return name .. \": done\"\n"
"end\n"
"\n"
"function M.run()\n"
"  local a = wait(\"a\", 1)\n"
"  local b = wait(\"b\", 1)\n"
"  return { a, b }\n"
"end\n"
"\n"
"return M\n";

static const char tpl_lua_checks[] =
"-- Checks for {ID} (docs/authoring.md, section 6). Lua exercises are\n"
"-- checked by calling the student's module: run.module is the table the\n"
"-- file returned, run.exec(fn, ...) runs fn as the main task of a fresh\n"
"-- aio.run on the virtual clock and measures it.\n"
"local function get(run, name)\n"
"  if type(run.module) ~= \"table\" then\n"
"    return nil, \"main.lua must end with `return M`\"\n"
"  end\n"
"  if type(run.module[name]) ~= \"function\" then\n"
"    return nil, \"main.lua must define M.\" .. name .. \"()\"\n"
"  end\n"
"  return run.module[name]\n"
"end\n"
"\n"
"return {\n"
"  {\n"
"    name = \"run: returns both results, a first\",\n"
"    points = 1,\n"
"    fn = function(run)\n"
"      local f, err = get(run, \"run\")\n"
"      if not f then return false, err end\n"
"      local r = run.exec(f)\n"
"      if not r.ok then\n"
"        return false, \"run() raised an error: \" .. tostring(r.error)\n"
"      end\n"
"      local v = r.value\n"
"      if type(v) ~= \"table\" or v[1] ~= \"a: done\" or v[2] ~= \"b: done\"\n"
"      then\n"
"        return false, 'run() must return { \"a: done\", \"b: done\" }'\n"
"      end\n"
"      return true\n"
"    end,\n"
"  },\n"
"  {\n"
"    name = \"run: the waits overlap (1 s, not 2 s)\",\n"
"    points = 2,\n"
"    fn = function(run)\n"
"      local f, err = get(run, \"run\")\n"
"      if not f then return false, err end\n"
"      local r = run.exec(f)\n"
"      local measured = string.format(\"%.2f\", r.vtime or -1)\n"
"      if r.ok and r.vtime <= 1.0 + 1e-6 then return true, nil, measured end\n"
"      return false, \"run() took \" .. measured .. \" virtual seconds; \"\n"
"        .. \"with both waits in flight at once it takes 1.\", measured\n"
"    end,\n"
"  },\n"
"}\n";

#define TPL_README \
"# {ID}: {TITLE}\n" \
"\n" \
"## Goal\n" \
"\n" \
"TODO: what the program must do. As scaffolded: two waits of 1 s run one\n" \
"after the other; make them overlap so the whole run takes 1 s.\n" \
"\n" \
"## What to change\n" \
"\n" \
"TODO: what to change, and what to leave alone because the checks rely\n" \
"on it.\n" \
"\n" \
"## How it is checked\n" \
"\n" \
"{CHECKS}" \
"\n" \
"## How to run it\n" \
"\n" \
"Your file is `~/looplab/{ID}/{FILE}`. Grade it with:\n" \
"\n" \
"```sh\n" \
"looplab check {ID}\n" \
"```\n"

static const char tpl_readme[] = TPL_README;
/* A Python statement says what grades it (dev lint warns otherwise). */
static const char tpl_py_readme[] = TPL_README
"\n"
"`looplab check` runs your file with Debian's `python3`, Python 3.11\n"
"(`looplab doctor` shows it): write for 3.11.\n";

static const char tpl_py_readme_checks[] =
"| check                          | points |\n"
"|--------------------------------|--------|\n"
"| prints a, then b               | 1      |\n"
"| finishes in 1 virtual second   | 2      |\n"
"| never blocks the event loop    | 1      |\n"
"| runs without an exception      | 1      |\n";

static const char tpl_lua_readme_checks[] =
"| check                                  | points |\n"
"|----------------------------------------|--------|\n"
"| run: returns both results, a first     | 1      |\n"
"| run: the waits overlap (1 s, not 2 s)  | 2      |\n";

static const char tpl_quiz[] =
"-- Quiz for lesson {ID} (docs/authoring.md, section 8). `looplab dev check`\n"
"-- recomputes every po and pt answer by running `code` (plus each `run`\n"
"-- line, one run each) and comparing with the recorded choice.\n"
"return {\n"
"  {\n"
"    kind = \"mc\",\n"
"    prompt = \"TODO: a question whose wrong choices are real \"\n"
"          .. \"misconceptions. Which call lets two waits overlap?\",\n"
"    choices = {\n"
"      \"await asyncio.gather(a(), b())\",\n"
"      \"await a(); await b()\",\n"
"      \"time.sleep in each coroutine\",\n"
"    },\n"
"    answer = 1,\n"
"    explain = \"TODO: why the answer is right and the tempting one wrong. \"\n"
"           .. \"gather keeps both awaitables in flight at once; awaiting \"\n"
"           .. \"one after the other adds the waits; time.sleep blocks.\",\n"
"  },\n"
"  {\n"
"    kind = \"pt\",\n"
"    prompt = \"How long do asyncio.run(one()) and asyncio.run(both()) \"\n"
"          .. \"take, in that order?\",\n"
"    lang = \"python\",\n"
"    code = [[\n"
"import asyncio\n"
"\n"
"\n"
"async def one():\n"
"    await asyncio.sleep(1)\n"
"\n"
"\n"
"async def both():\n"
"    await asyncio.gather(one(), one())\n"
"]],\n"
"    run = { \"asyncio.run(one())\", \"asyncio.run(both())\" },\n"
"    choices = { \"1 s / 2 s\", \"1 s / 1 s\", \"2 s / 2 s\" },\n"
"    answer = 2,\n"
"    explain = \"gather runs both sleeps at once, so both() takes as long \"\n"
"           .. \"as one sleep, not the sum.\",\n"
"  },\n"
"  {\n"
"    kind = \"po\",\n"
"    prompt = \"What does this print?\",\n"
"    lang = \"lua\",\n"
"    code = [[\n"
"aio.run(function()\n"
"  aio.create_task(function() print(\"task\") end)\n"
"  print(\"main\")\n"
"  aio.sleep(0)\n"
"end)\n"
"]],\n"
"    choices = { \"main task\", \"task main\" },\n"
"    answer = 1,\n"
"    explain = \"create_task only schedules the task: it starts when main \"\n"
"           .. \"yields, at sleep(0), so main prints first.\",\n"
"  },\n"
"}\n";

/* {=================== helpers ===================} */

/* Substitute {ID} {TITLE} {FILE} {CHECKS}. */
static char *
new_fill(const char *tpl, const char *id, const char *title, const char *file,
         const char *checks)
{
    ll_buf b;
    const char *p = tpl;
    ll_buf_init(&b);
    while (*p) {
        const char *open = strchr(p, '{');
        const char *val = NULL;
        size_t skip = 0;
        if (open == NULL) {
            ll_buf_adds(&b, p);
            break;
        }
        ll_buf_add(&b, p, (size_t)(open - p));
        if (strncmp(open, "{ID}", 4) == 0) { val = id; skip = 4; }
        else if (strncmp(open, "{TITLE}", 7) == 0) { val = title; skip = 7; }
        else if (strncmp(open, "{FILE}", 6) == 0) { val = file; skip = 6; }
        else if (strncmp(open, "{CHECKS}", 8) == 0) { val = checks; skip = 8; }
        if (val != NULL) {
            ll_buf_adds(&b, val);
            p = open + skip;
        } else {
            ll_buf_add(&b, "{", 1);
            p = open + 1;
        }
    }
    return b.data ? ll_buf_take(&b) : ll_strdup("");
}

static bool
new_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

typedef struct new_ctx {
    ll_buf log;
    const char *id, *title, *file, *checks;
} new_ctx;

/* The id goes into a path (~/looplab/<id>/) and into a Lua string of the
 * skeleton: refuse what the loader would refuse, and quotes. */
static bool
new_bad_id(new_ctx *c, const char *id)
{
    const char *why = ll_course_id_bad(id);
    if (why == NULL && strpbrk(id, "\"'") != NULL)
        why = "it contains a quote";
    if (why != NULL)
        ll_buf_printf(&c->log, "id '%s' cannot be used: %s\n", id, why);
    return why != NULL;
}

static int
new_write(new_ctx *c, const char *dir, const char *rel, const char *tpl)
{
    char *path = ll_asprintf("%s/%s", dir, rel), *slash, *text;
    int rc;
    if (path == NULL)
        return LL_ENOMEM;
    if (new_exists(path)) {
        ll_buf_printf(&c->log, "%s already exists; not overwriting it\n",
                      path);
        ll_free(path);
        return LL_ESTATE;
    }
    slash = strrchr(path, '/');
    *slash = '\0';
    rc = ll_mkdirs(path, 0755);
    *slash = '/';
    text = new_fill(tpl, c->id, c->title, c->file, c->checks ? c->checks : "");
    if (rc == LL_OK)
        rc = text ? ll_write_file(path, text, strlen(text)) : LL_ENOMEM;
    if (rc == LL_OK)
        ll_buf_printf(&c->log, "  wrote %s\n", path);
    else
        ll_buf_printf(&c->log, "cannot write %s: %s\n", path,
                      ll_strerror(rc));
    ll_free(text);
    ll_free(path);
    return rc;
}

/* path made absolute (it may not exist yet), without a trailing slash. */
static char *
new_abs(const char *path)
{
    char cwd[PATH_MAX];
    char *p;
    size_t n;
    if (path[0] == '/')
        p = ll_strdup(path);
    else if (getcwd(cwd, sizeof cwd) != NULL)
        p = ll_asprintf("%s/%s", cwd, strncmp(path, "./", 2) == 0 ? path + 2
                                                                 : path);
    else
        return NULL;
    while (p && (n = strlen(p)) > 1 && p[n - 1] == '/')
        p[n - 1] = '\0';
    return p;
}

static const char *
new_base(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

/* Walk up from path to the folder holding lesson.lua. */
static char *
new_lesson_above(const char *path)
{
    char *d = ll_strdup(path), *slash;
    while (d && (slash = strrchr(d, '/')) != NULL && slash != d) {
        char *f;
        *slash = '\0';
        f = ll_asprintf("%s/lesson.lua", d);
        if (f && new_exists(f)) {
            ll_free(f);
            return d;
        }
        ll_free(f);
    }
    ll_free(d);
    return NULL;
}

/* Insert `item` into the list `key = { ... }` of lesson.lua's text, as the
 * last entry, keeping the layout. NULL if there is no such list. */
static char *
new_list_append(const char *text, const char *key, const char *item)
{
    const char *p = text, *open = NULL, *close, *q;
    size_t kl = strlen(key);
    ll_buf b;

    while ((p = strstr(p, key)) != NULL) {
        q = p + kl;
        q += strspn(q, " \t");
        if ((p == text || !(isalnum((unsigned char)p[-1]) || p[-1] == '_')) &&
            *q == '=') {
            q++;
            q += strspn(q, " \t\n");
            if (*q == '{') {
                open = q;
                break;
            }
        }
        p += kl;
    }
    if (open == NULL || (close = strchr(open, '}')) == NULL)
        return NULL;
    ll_buf_init(&b);
    for (q = close - 1; q > open && isspace((unsigned char)*q); q--)
        ;
    if (memchr(open, '\n', (size_t)(close - open)) != NULL) {
        /* multi-line list: a new line before the closing brace's line */
        const char *line = close;
        while (line > open && line[-1] != '\n')
            line--;
        ll_buf_add(&b, text, (size_t)(q + 1 - text));
        if (q != open && *q != ',')
            ll_buf_adds(&b, ",");
        ll_buf_add(&b, q + 1, (size_t)(line - (q + 1)));
        ll_buf_add(&b, line, (size_t)(close - line));
        ll_buf_printf(&b, "  %s,\n", item);
        ll_buf_add(&b, line, (size_t)(close - line));
        ll_buf_adds(&b, close);
    } else {
        ll_buf_add(&b, text, (size_t)(q + 1 - text));
        ll_buf_printf(&b, "%s %s ", q == open ? "" : (*q == ',' ? "" : ","),
                      item);
        ll_buf_adds(&b, close);
    }
    return ll_buf_take(&b);
}

/* {=================== kinds ===================} */

static int
new_lesson(new_ctx *c, const char *path, const ll_dev_new_opts *o)
{
    const char *base = new_base(path);
    char *weekdir = ll_strdup(path), *slash, *id = NULL, *title = NULL;
    int week = 0, num = 0, rc;

    if (weekdir == NULL)
        return LL_ENOMEM;
    slash = strrchr(weekdir, '/');
    if (slash != NULL) {
        *slash = '\0';
        if (strncmp(new_base(weekdir), "week", 4) == 0)
            week = atoi(new_base(weekdir) + 4);
    }
    ll_free(weekdir);
    if (isdigit((unsigned char)base[0]) && isdigit((unsigned char)base[1]) &&
        base[2] == '-')
        num = atoi(base);
    if (week <= 0 || num <= 0) {
        ll_buf_printf(&c->log, "a lesson folder is weekN/NN-slug (for "
                      "example lessons/week1/06-my-topic); got %s\n", path);
        return LL_EINVAL;
    }
    if (o->id != NULL && new_bad_id(c, o->id))
        return LL_EINVAL;
    id = o->id ? ll_strdup(o->id) : ll_asprintf("%d.%d", week, num);
    if (o->title) {
        title = ll_strdup(o->title);
    } else {
        char *t = ll_strdup(base + 3), *s;
        for (s = t; s && *s; s++)
            if (*s == '-' || *s == '_')
                *s = ' ';
        if (t && *t)
            t[0] = (char)toupper((unsigned char)t[0]);
        title = t;
    }
    c->id = id;
    c->title = title;
    rc = new_write(c, path, "lesson.lua", tpl_lesson);
    if (rc == LL_OK)
        rc = new_write(c, path, "pages/01-first-page.md", tpl_page);
    if (rc == LL_OK)
        ll_buf_printf(&c->log, "Lesson %s created. Next: write the page, "
                      "then `looplab dev new exercise %s/exercises/%sa`.\n",
                      id, path, id);
    ll_free(id);
    ll_free(title);
    return rc;
}

static int
new_register(new_ctx *c, const char *lesson, const char *key,
             const char *item)
{
    char *lpath = ll_asprintf("%s/lesson.lua", lesson), *text = NULL, *out;
    int rc;
    if (lpath == NULL)
        return LL_ENOMEM;
    rc = ll_read_file(lpath, &text, NULL);
    out = rc == LL_OK ? new_list_append(text, key, item) : NULL;
    if (out != NULL && (rc = ll_write_file(lpath, out, strlen(out))) == LL_OK)
        ll_buf_printf(&c->log, "  added %s to %s in %s\n", item, key, lpath);
    else
        ll_buf_printf(&c->log, "  add %s to the %s list of %s yourself\n",
                      item, key, lpath);
    ll_free(out);
    ll_free(text);
    ll_free(lpath);
    return LL_OK;
}

static int
new_exercise(new_ctx *c, const char *path, const ll_dev_new_opts *o)
{
    char *lesson = new_lesson_above(path), *rel, *item;
    bool lua = o->kind && strcmp(o->kind, "lua") == 0;
    char *title;
    int rc;

    if (lesson == NULL) {
        ll_buf_printf(&c->log, "%s is not inside a lesson folder (one with "
                      "lesson.lua); create the lesson first: looplab dev new "
                      "lesson lessons/weekN/NN-slug\n", path);
        return LL_EINVAL;
    }
    if (new_exists(path)) {
        ll_buf_printf(&c->log, "%s already exists; not overwriting it\n",
                      path);
        ll_free(lesson);
        return LL_ESTATE;
    }
    c->id = o->id ? o->id : new_base(path);
    if (new_bad_id(c, c->id)) {
        ll_free(lesson);
        return LL_EINVAL;
    }
    title = ll_strdup(o->title ? o->title : "TODO: the exercise title");
    c->title = title;
    c->file = lua ? "main.lua" : "main.py";
    c->checks = lua ? tpl_lua_readme_checks : tpl_py_readme_checks;
    rc = new_write(c, path, "exercise.lua", lua ? tpl_lua_exercise
                                                : tpl_py_exercise);
    if (rc == LL_OK)
        rc = new_write(c, path, "README.md", lua ? tpl_readme
                                                 : tpl_py_readme);
    if (rc == LL_OK)
        rc = new_write(c, path, lua ? "starter/main.lua" : "starter/main.py",
                       lua ? tpl_lua_starter : tpl_py_starter);
    if (rc == LL_OK)
        rc = new_write(c, path, lua ? "solution/main.lua"
                                    : "solution/main.py",
                       lua ? tpl_lua_solution : tpl_py_solution);
    if (rc == LL_OK)
        rc = new_write(c, path, lua ? "mutants/sequential.lua"
                                    : "mutants/sequential.py",
                       lua ? tpl_lua_mutant : tpl_py_mutant);
    if (rc == LL_OK && !lua)
        rc = new_write(c, path, "mutants/timesleep.py", tpl_py_mutant2);
    if (rc == LL_OK)
        rc = new_write(c, path, "checks.lua", lua ? tpl_lua_checks
                                                  : tpl_py_checks);
    if (rc == LL_OK) {
        rel = ll_strdup(path + strlen(lesson) + 1);
        item = rel ? ll_asprintf("\"%s\"", rel) : NULL;
        if (item != NULL)
            rc = new_register(c, lesson, "exercises", item);
        ll_free(item);
        ll_free(rel);
        ll_buf_printf(&c->log, "Exercise %s created: a complete tiny %s "
                      "exercise. `looplab dev check %s` proves it sound; "
                      "replace the TODOs and keep it that way.\n", c->id,
                      lua ? "Lua" : "Python", path);
    }
    ll_free(title);
    ll_free(lesson);
    return rc;
}

static int
new_quiz(new_ctx *c, const char *path)
{
    char *lesson, *lpath, *text = NULL;
    size_t n = strlen(path);
    int rc;

    if (n > 4 && strcmp(path + n - 4, ".lua") == 0) {
        lesson = new_lesson_above(path);
    } else {
        char *f = ll_asprintf("%s/lesson.lua", path);
        lesson = f && new_exists(f) ? ll_strdup(path) : NULL;
        ll_free(f);
    }
    if (lesson == NULL) {
        ll_buf_printf(&c->log, "%s is not a lesson folder (one with "
                      "lesson.lua) or a quiz.lua inside one\n", path);
        return LL_EINVAL;
    }
    lpath = ll_asprintf("%s/lesson.lua", lesson);
    if (lpath == NULL || ll_read_file(lpath, &text, NULL) != LL_OK) {
        ll_free(lpath);
        ll_free(lesson);
        return LL_EIO;
    }
    {
        /* lesson id, for the comment: the first id = "..." */
        const char *p = strstr(text, "id = \"");
        static char idbuf[64];
        snprintf(idbuf, sizeof idbuf, "%.*s", p ? (int)strcspn(p + 6, "\"")
                                                : 0, p ? p + 6 : "");
        c->id = idbuf;
    }
    rc = new_write(c, lesson, "quiz.lua", tpl_quiz);
    if (rc == LL_OK) {
        const char *commented = "-- quiz = \"quiz.lua\",";
        char *at = strstr(text, commented), *out = NULL;
        if (at != NULL) {
            /* drop the comment marker and the trailing comment */
            size_t eol = strcspn(at, "\n");
            out = ll_asprintf("%.*squiz = \"quiz.lua\",%s", (int)(at - text),
                              text, at + eol);
        } else if (strstr(text, "quiz =") == NULL) {
            char *last = strrchr(text, '}');
            if (last != NULL)
                out = ll_asprintf("%.*s  quiz = \"quiz.lua\",\n%s",
                                  (int)(last - text), text, last);
        }
        if (out != NULL && ll_write_file(lpath, out, strlen(out)) == LL_OK)
            ll_buf_printf(&c->log, "  set quiz = \"quiz.lua\" in %s\n",
                          lpath);
        else
            ll_buf_printf(&c->log, "  set quiz = \"quiz.lua\" in %s "
                          "yourself\n", lpath);
        ll_free(out);
        ll_buf_printf(&c->log, "Quiz created with one mc, one pt and one po "
                      "question; `looplab dev check %s` recomputes the pt "
                      "and po answers.\n", lesson);
    }
    ll_free(text);
    ll_free(lpath);
    ll_free(lesson);
    return rc;
}

/* Projects have no loader yet (no projects/ model in course.h): say so
 * rather than write files nothing reads. */
static int
ll__dev_new_project(ll_buf *log, const char *path, const ll_dev_new_opts *o)
{
    (void)o;
    ll_buf_printf(log, "projects are not supported yet: the course model has "
                  "no project loader, so %s would not be read\n", path);
    return LL_ENOSYS;
}

int
ll_dev_new(const char *what, const char *path_in, const ll_dev_new_opts *o_in,
           char **log)
{
    ll_dev_new_opts o = { 0 };
    new_ctx c;
    char *path;
    int rc;

    if (o_in != NULL)
        o = *o_in;
    memset(&c, 0, sizeof c);
    ll_buf_init(&c.log);
    path = new_abs(path_in);
    if (path == NULL)
        return LL_ENOMEM;
    if (strcmp(what, "lesson") == 0) {
        rc = new_lesson(&c, path, &o);
    } else if (strcmp(what, "exercise") == 0) {
        rc = new_exercise(&c, path, &o);
    } else if (strcmp(what, "quiz") == 0) {
        rc = new_quiz(&c, path);
    } else if (strcmp(what, "project") == 0) {
        rc = ll__dev_new_project(&c.log, path, &o);
    } else {
        ll_buf_printf(&c.log, "unknown kind '%s': lesson, exercise, quiz or "
                      "project\n", what);
        rc = LL_EINVAL;
    }
    *log = c.log.data ? ll_buf_take(&c.log) : ll_strdup("");
    ll_buf_close(&c.log);
    ll_free(path);
    return rc;
}
