/* SPDX-License-Identifier: MIT
 * engine/lua/datafile.c -- run a course data file (lesson.lua, exercise.lua,
 * quiz.lua, competency rules) in a forked child; only its data comes back.
 *
 * The instruction budget cannot bound everything a file can do: Lua turns
 * hooks off while a __gc metamethod runs (finalizers run again when the
 * state closes), and the pattern matcher (string.find/match/gmatch/gsub)
 * loops in C with no hook point, so `('x'):rep(40):find(('x*'):rep(40)..'y')`
 * runs for ages. Rather than chase each hole, the file runs in a child with
 * a CPU rlimit and a wall deadline: a hang becomes an error naming the file.
 * The child sends back a plain copy of the result (strings, numbers,
 * booleans, tables; no metatables, no functions), so nothing the file wrote
 * ever runs in the caller.
 */
#include "datafile.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <lauxlib.h>

#include "host.h"
#include "serial.h"

#define DATA_CPU_S    2          /* CPU seconds a data file may use */
#define DATA_WALL_S   20         /* backstop when the machine is busy */
#define DATA_MAX_SIZE (64u << 20)
#define DATA_MAX_DEPTH 100

/* {==== child */

/* Plain copy of the value at idx pushed; memo (a table at memo) maps
 * originals to copies so shared sub-tables and cycles stay linear. */
static void
data_plain(lua_State *L, int idx, int memo, int depth, const char *path)
{
    int t = lua_type(L, idx);
    idx = lua_absindex(L, idx);
    luaL_checkstack(L, 6, "data file nested too deep");
    switch (t) {
    case LUA_TNIL: case LUA_TBOOLEAN: case LUA_TNUMBER: case LUA_TSTRING:
        lua_pushvalue(L, idx);
        return;
    case LUA_TTABLE:
        break;
    default:
        luaL_error(L, "%s: must return plain data (strings, numbers, "
                   "booleans, tables), found a %s", path, lua_typename(L, t));
    }
    if (depth > DATA_MAX_DEPTH)
        luaL_error(L, "%s: tables nested deeper than %d levels", path,
                   DATA_MAX_DEPTH);
    lua_pushvalue(L, idx);
    if (lua_rawget(L, memo) != LUA_TNIL)
        return;
    lua_pop(L, 1);
    lua_newtable(L);
    lua_pushvalue(L, idx);
    lua_pushvalue(L, -2);
    lua_rawset(L, memo);
    lua_pushnil(L);
    while (lua_next(L, idx) != 0) {      /* copy, key, value */
        data_plain(L, -2, memo, depth + 1, path);
        data_plain(L, -2, memo, depth + 1, path);
        lua_rawset(L, -5);
        lua_pop(L, 1);
    }
}

/* In the child: load and run the file (upvalue 1: path, 2: budget) and
 * push the serialised plain copy of its result as a string. */
static int
data_child_run(lua_State *L)
{
    const char *path = lua_tostring(L, lua_upvalueindex(1));
    long budget = (long)lua_tointeger(L, lua_upvalueindex(2));
    char *err = NULL;
    ll_buf out;
    int rc, env, memo;

    ll_lua_push_env(L);
    env = lua_gettop(L);
    rc = ll_lua_load_file(L, path, env, &err);
    if (rc == LL_OK) {
        ll_lua_set_budget(L, budget);
        rc = ll_lua_pcall(L, 0, 1, &err);
        ll_lua_set_budget(L, 0);
    }
    if (rc != LL_OK) {
        lua_pushinteger(L, rc);
        lua_pushstring(L, err ? err : "?");
        ll_free(err);
        return 2;
    }
    lua_newtable(L);
    memo = lua_gettop(L);
    data_plain(L, memo - 1, memo, 0, path);
    ll_buf_init(&out);
    rc = ll_serial_dump(L, -1, 1, "data", NULL, &out, &err);
    if (rc != LL_OK) {
        ll_buf_close(&out);
        lua_pushinteger(L, rc);
        lua_pushfstring(L, "%s: %s", path, err ? err : "out of memory");
        ll_free(err);
        return 2;
    }
    lua_pushinteger(L, LL_OK);
    lua_pushlstring(L, out.data ? out.data : "", out.len);
    ll_buf_close(&out);
    return 2;
}

static bool
data_write_all(int fd, const void *p, size_t n)
{
    const char *c = p;
    while (n > 0) {
        ssize_t w = write(fd, c, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return false;
        c += w;
        n -= (size_t)w;
    }
    return true;
}

/* Never returns: rc (int32) then the blob or the message, then _exit. */
static _Noreturn void
data_child(lua_State *L, const char *path, long budget, int fd)
{
    struct rlimit rl = { DATA_CPU_S, DATA_CPU_S + 1 };
    int32_t rc = LL_ENOMEM;
    const char *s = "out of memory";
    size_t n = strlen(s);

    setrlimit(RLIMIT_CPU, &rl);
    lua_pushstring(L, path);
    lua_pushinteger(L, budget);
    lua_pushcclosure(L, data_child_run, 2);
    if (lua_pcall(L, 0, 2, 0) == LUA_OK) {
        rc = (int32_t)lua_tointeger(L, -2);
        s = lua_tolstring(L, -1, &n);
    } else if (lua_type(L, -1) == LUA_TSTRING) {
        rc = LL_ESYNTAX;
        s = lua_tolstring(L, -1, &n);
    }
    /* _exit: no atexit handlers, no stdio flush, no finalizers. */
    _exit(data_write_all(fd, &rc, sizeof rc) && data_write_all(fd, s, n)
          ? 0 : 1);
}

/* }==== */

/* Read the child's answer until EOF, the size cap or the deadline. */
static int
data_read(int fd, ll_buf *b)
{
    int64_t deadline = ll_mono_ns() + (int64_t)DATA_WALL_S * 1000000000;
    char chunk[65536];

    for (;;) {
        int64_t left = deadline - ll_mono_ns();
        struct pollfd p = { fd, POLLIN, 0 };
        int pr;
        ssize_t r;
        if (left <= 0)
            return LL_ETIMEDOUT;
        pr = poll(&p, 1, (int)(left / 1000000) + 1);
        if (pr < 0 && errno == EINTR)
            continue;
        if (pr < 0)
            return LL_EIO;
        if (pr == 0)
            continue;
        r = read(fd, chunk, sizeof chunk);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return LL_EIO;
        if (r == 0)
            return LL_OK;
        if (b->len + (size_t)r > DATA_MAX_SIZE)
            return LL_ELIMIT;
        if (ll_buf_add(b, chunk, (size_t)r) != LL_OK)
            return LL_ENOMEM;
    }
}

int
ll_lua_load_data(lua_State *L, const char *path, long budget, char **err)
{
    int p[2], st = 0, rc, nv = 0;
    int32_t crc;
    pid_t pid;
    ll_buf b;

    *err = NULL;
    if (pipe2(p, O_CLOEXEC) != 0) {
        *err = ll_asprintf("%s: cannot load it (pipe: %s)", path,
                           strerror(errno));
        return LL_EIO;
    }
    fflush(NULL);
    pid = fork();
    if (pid < 0) {
        *err = ll_asprintf("%s: cannot load it (fork: %s)", path,
                           strerror(errno));
        close(p[0]);
        close(p[1]);
        return LL_EIO;
    }
    if (pid == 0) {
        close(p[0]);
        data_child(L, path, budget, p[1]);
    }
    close(p[1]);
    ll_buf_init(&b);
    rc = data_read(p[0], &b);
    close(p[0]);
    if (rc != LL_OK)
        kill(pid, SIGKILL);
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
        ;
    if (rc == LL_OK && WIFSIGNALED(st) && WTERMSIG(st) != SIGXCPU)
        rc = LL_ERUNTIME;
    if (rc == LL_ETIMEDOUT || (WIFSIGNALED(st) && WTERMSIG(st) == SIGXCPU)) {
        *err = ll_asprintf("%s: took more than %d s to load (an endless "
                           "loop in a __gc metamethod, an error handler or "
                           "a string pattern?)",
                           path, rc == LL_ETIMEDOUT ? DATA_WALL_S : DATA_CPU_S);
        rc = LL_ELIMIT;
    } else if (rc == LL_ELIMIT) {
        *err = ll_asprintf("%s: returns more than %u MiB of data", path,
                           DATA_MAX_SIZE >> 20);
    } else if (rc == LL_OK && (!WIFEXITED(st) || WEXITSTATUS(st) != 0 ||
                               b.len < sizeof crc)) {
        *err = ll_asprintf("%s: loading it failed (%s %d)", path,
                           WIFSIGNALED(st) ? "signal" : "exit status",
                           WIFSIGNALED(st) ? WTERMSIG(st) : WEXITSTATUS(st));
        rc = LL_ERUNTIME;
    } else if (rc == LL_OK) {
        memcpy(&crc, b.data, sizeof crc);
        if (crc != LL_OK) {
            *err = ll_strndup(b.data + sizeof crc, b.len - sizeof crc);
            rc = crc;
        } else if ((rc = ll_serial_load(L, b.data + sizeof crc,
                                        b.len - sizeof crc, 0, &nv, err))
                   == LL_OK && nv != 1) {
            lua_pop(L, nv);
            *err = ll_asprintf("%s: malformed data from the loader", path);
            rc = LL_ERUNTIME;
        }
    }
    ll_buf_close(&b);
    if (rc != LL_OK && *err == NULL)
        *err = ll_asprintf("%s: %s", path, ll_strerror(rc));
    return rc;
}
