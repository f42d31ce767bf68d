/* SPDX-License-Identifier: MIT
 * engine/aio/aio_stream.c -- asyncio streams on the loop's fd watchers:
 * aio.open_connection, aio.start_server, StreamReader, StreamWriter, Server.
 *
 * One connection is a "looplab.Conn" userdata owning the socket, an fd
 * watcher and the read and write buffers; the reader and the writer are
 * small userdata whose user value is the conn. Reads happen on demand: an
 * operation that the buffer cannot satisfy parks one Future (ll_aio_future)
 * and turns the READ watcher on; the watcher callback receives into the
 * buffer and completes the operation in C (no Lua runs per chunk). Writes go
 * straight to send(); what the kernel does not take is buffered and flushed
 * by the WRITE watcher, and drain() waits while more than the high-water
 * mark (64 KiB, as asyncio) is buffered, until the low-water mark (16 KiB).
 *
 * Virtual time (loop.h): a connect in progress holds a loop ref (the kernel
 * finishes it by itself); every send/shutdown/close marks the loop to settle
 * before the next jump. Watchers are weak unless a task waits on this conn,
 * so a forgotten socket never keeps aio.run alive. All of it runs on the
 * loop thread; callbacks use the run's own lua_State.
 */
#include "engine/lua/host.h"

#include <errno.h>
#include <stdio.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "aio.h"
#include "aio_stream_int.h"
#include "engine/loop.h"
#include "engine/task.h"

/* {=================== helpers ===================} */

static ll_lua_ctx *stream_ctx(lua_State *L) { return ll_lua_ctx_of(L); }

void
ll__stream_trace(ll_task *t, ll_ev_kind k, const char *what)
{
    if (t != NULL)
        ll_task_trace(t, k, what);
}

ll_task *
ll__stream_current(lua_State *L)
{
    ll_lua_ctx *ctx = stream_ctx(L);
    return ctx->sched ? ll_sched_current(ctx->sched) : NULL;
}

static const char *
stream_errtype(int err)
{
    switch (err) {
    case ECONNREFUSED: return "ConnectionRefusedError";
    case ECONNRESET:   return "ConnectionResetError";
    case EPIPE:        return "BrokenPipeError";
    case ECONNABORTED: return "ConnectionAbortedError";
    case ETIMEDOUT:    return "TimeoutError";
    default:           return "OSError";
    }
}

/* Push an OSError-like aio error: {type, message, errno}. */
void
ll__stream_push_oserror(lua_State *L, int err, const char *what)
{
    char msg[256];
    snprintf(msg, sizeof msg, "[Errno %d] %s%s%s", err, strerror(err),
             what ? ": " : "", what ? what : "");
    ll_aio_push_error(L, stream_errtype(err), msg);
    lua_pushinteger(L, err);
    lua_setfield(L, -2, "errno");
}

int
ll__stream_raise_oserror(lua_State *L, int err, const char *what)
{
    ll__stream_push_oserror(L, err, what);
    return lua_error(L);
}

void
ll__stream_addr(const struct sockaddr_storage *ss, char *host, size_t cap,
            int *port)
{
    if (ss->ss_family == AF_INET6) {
        const struct sockaddr_in6 *s6 = (const void *)ss;
        inet_ntop(AF_INET6, &s6->sin6_addr, host, (socklen_t)cap);
        *port = ntohs(s6->sin6_port);
    } else {
        const struct sockaddr_in *s4 = (const void *)ss;
        inet_ntop(AF_INET, &s4->sin_addr, host, (socklen_t)cap);
        *port = ntohs(s4->sin_port);
    }
}

/* {=================== conn state ===================} */

/* Watchers keep aio.run alive only while a task waits on this conn. */
void
ll__stream_update_watch(conn *c)
{
    unsigned ev = 0;
    bool want;
    if (c->io.loop == NULL || c->closed)
        return;
    if (c->op != OP_NONE && c->op != OP_CONNECT)
        ev |= LL_IO_READ;
    if (c->op == OP_CONNECT || c->wlen > c->wpos)
        ev |= LL_IO_WRITE;
    ll_loop_modify_fd(&c->io, ev);
    ll_io_set_weak(&c->io, c->rfut == LUA_NOREF && c->dfut == LUA_NOREF &&
                           c->cfut == LUA_NOREF);
    /* loop.h rule 5: waiting on an outside peer paces virtual time. */
    want = c->external && c->op != OP_CONNECT &&
           (c->rfut != LUA_NOREF || c->dfut != LUA_NOREF);
    if (want != c->paced) {
        ll_loop_pace(c->io.loop, want ? 1 : -1);
        c->paced = want;
    }
}

/* Take the Future ref out of *ref and push the future on Lm. */
bool
ll__stream_take_future(lua_State *L, int *ref)
{
    if (*ref == LUA_NOREF)
        return false;
    lua_rawgeti(L, LUA_REGISTRYINDEX, *ref);
    luaL_unref(L, LUA_REGISTRYINDEX, *ref);
    *ref = LUA_NOREF;
    return true;
}


void
ll__stream_server_gone(server *s)
{
    lua_State *L = s->Lm;
    if (s->active == 0 && s->closed && ll__stream_take_future(L, &s->wclosed)) {
        lua_pushnil(L);
        ll_aio_future_resolve(L, -2, 1);
        lua_pop(L, 1);
    }
}

/* Close the socket now (buffer flushed or given up) and wake wait_closed. */
void
ll__stream_finish_close(conn *c)
{
    lua_State *L = c->Lm;
    ll_loop *loop;
    if (c->closed)
        return;
    c->closed = c->closing = true;
    loop = c->io.loop;          /* NULL once aio.run freed the loop */
    if (loop == NULL)
        L = NULL;               /* its futures and thread are gone too */
    ll_loop_unwatch_fd(&c->io);
    if (loop != NULL)
        ll_loop_io_settle(loop);
    if (c->reffed && loop != NULL)
        ll_loop_unref(loop);
    if (c->paced && loop != NULL)
        ll_loop_pace(loop, -1);
    c->reffed = c->paced = false;
    ll__stream_ep_del(&c->ep);
    close(c->fd);
    c->fd = -1;
    if (c->server != NULL) {
        c->server->active--;
        if (L != NULL)
            ll__stream_server_gone(c->server);
        c->server = NULL;
    }
    if (L != NULL && ll__stream_take_future(L, &c->cfut)) {
        lua_pushnil(L);
        ll_aio_future_resolve(L, -2, 1);
        lua_pop(L, 1);
    }
    if (L != NULL && ll__stream_take_future(L, &c->dfut)) {
        ll_aio_push_error(L, "ConnectionResetError", "Connection lost");
        ll_aio_future_reject(L, -2);
        lua_pop(L, 1);
    }
}

/* Could the pending read op complete now? Pushes its result(s) on L and
 * returns the count, or -1 (wait), or -2 (an error value is pushed). */
static int
conn_try_op(lua_State *L, conn *c)
{
    size_t avail = c->rlen - c->rpos;
    const char *p = c->rbuf + c->rpos;

    switch (c->op) {
    case OP_UNTIL: {
        const char *hit = NULL;
        if (avail >= c->seplen) {
            if (c->seplen == 1)
                hit = memchr(p, c->sep[0], avail);
            else
                hit = memmem(p, avail, c->sep, c->seplen);
        }
        if (hit != NULL) {
            size_t n = (size_t)(hit - p) + c->seplen;
            if (n > STREAM_LIMIT) {
                c->rpos += n;
                ll_aio_push_error(L, "ValueError", "Separator is found, but "
                                  "chunk is longer than limit");
                return -2;
            }
            lua_pushlstring(L, p, n);
            c->rpos += n;
            return 1;
        }
        if (avail > STREAM_LIMIT) {
            ll_aio_push_error(L, "ValueError", "Separator is not found, and "
                              "chunk exceed the limit");
            return -2;
        }
        if (c->rerr)
            break;
        if (!c->eof)
            return -1;
        if (c->line) {                  /* readline: partial data at EOF */
            lua_pushlstring(L, p, avail);
            c->rpos = c->rlen;
            return 1;
        }
        ll_aio_push_error(L, "IncompleteReadError", NULL);
        lua_pushlstring(L, p, avail);
        lua_setfield(L, -2, "partial");
        lua_pushnil(L);
        lua_setfield(L, -2, "expected");
        lua_pushfstring(L, "%d bytes read on a total of undefined expected "
                        "bytes", (int)avail);
        lua_setfield(L, -2, "message");
        c->rpos = c->rlen;
        return -2;
    }
    case OP_EXACTLY:
        if (avail >= c->opn) {
            lua_pushlstring(L, p, c->opn);
            c->rpos += c->opn;
            return 1;
        }
        if (c->rerr)
            break;
        if (!c->eof)
            return -1;
        ll_aio_push_error(L, "IncompleteReadError", NULL);
        lua_pushlstring(L, p, avail);
        lua_setfield(L, -2, "partial");
        lua_pushinteger(L, (lua_Integer)c->opn);
        lua_setfield(L, -2, "expected");
        lua_pushfstring(L, "%d bytes read on a total of %d expected bytes",
                        (int)avail, (int)c->opn);
        lua_setfield(L, -2, "message");
        c->rpos = c->rlen;
        return -2;
    case OP_READ:
        if (avail > 0) {
            size_t n = avail < c->opn ? avail : c->opn;
            lua_pushlstring(L, p, n);
            c->rpos += n;
            return 1;
        }
        if (c->rerr)
            break;
        if (!c->eof)
            return -1;
        lua_pushliteral(L, "");
        return 1;
    case OP_READ_ALL:
        if (c->rerr)
            break;
        if (!c->eof)
            return -1;
        lua_pushlstring(L, p, avail);
        c->rpos = c->rlen;
        return 1;
    default:
        return -1;
    }
    ll__stream_push_oserror(L, c->rerr, NULL);
    return -2;
}

/* Receive what the socket has: until EAGAIN, EOF, an error, or a read
 * shorter than the free space (the socket is drained). */
static void
conn_fill(conn *c)
{
    while (!c->eof && !c->rerr) {
        size_t space;
        ssize_t r;
        if (c->rpos == c->rlen)
            c->rpos = c->rlen = 0;
        if (c->rcap - c->rlen < 4096 && c->rpos > 0) {
            memmove(c->rbuf, c->rbuf + c->rpos, c->rlen - c->rpos);
            c->rlen -= c->rpos;
            c->rpos = 0;
        }
        if (c->rcap - c->rlen < 4096) {
            size_t cap = c->rcap ? c->rcap * 2 : 4096;
            char *nb;
            while (cap - c->rlen < 4096)
                cap *= 2;
            nb = ll_realloc(c->rbuf, cap);
            if (nb == NULL) {
                c->rerr = ENOMEM;
                return;
            }
            c->rbuf = nb;
            c->rcap = cap;
        }
        space = c->rcap - c->rlen;
        r = recv(c->fd, c->rbuf + c->rlen, space, 0);
        if (r > 0) {
            c->rlen += (size_t)r;
            if ((size_t)r < space) {
                c->maybe_readable = false;
                return;
            }
        } else if (r == 0) {
            c->eof = true;
        } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
            c->maybe_readable = false;
            return;
        } else if (errno != EINTR) {
            c->rerr = errno;
        }
    }
}

/* Complete the pending read op if it can be; on Lm. */
static void
conn_read_progress(conn *c)
{
    lua_State *L = c->Lm;
    int n, top = lua_gettop(L);

    if (c->op == OP_NONE || c->op == OP_CONNECT || c->rfut == LUA_NOREF)
        return;
    n = conn_try_op(L, c);
    if (n == -1) {
        lua_settop(L, top);
        return;
    }
    c->op = OP_NONE;
    ll__stream_trace(c->rtask, LL_EV_IO_END, c->rwhat);
    c->rtask = NULL;
    lua_rawgeti(L, LUA_REGISTRYINDEX, c->rfut);
    luaL_unref(L, LUA_REGISTRYINDEX, c->rfut);
    c->rfut = LUA_NOREF;
    lua_insert(L, top + 1);                 /* stack: fut, results/err */
    if (n == -2)
        ll_aio_future_reject(L, top + 1);
    else
        ll_aio_future_resolve(L, top + 1, n);
    lua_settop(L, top);
}

/* Send from the write buffer; returns false on a hard error. */
static bool
conn_flush(conn *c)
{
    while (c->wpos < c->wlen) {
        ssize_t r = send(c->fd, c->wbuf + c->wpos, c->wlen - c->wpos,
                         MSG_NOSIGNAL);
        if (r > 0) {
            c->wpos += (size_t)r;
            continue;
        }
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            break;
        c->werr = r < 0 ? errno : EPIPE;
        c->wpos = c->wlen = 0;
        return false;
    }
    if (c->wpos == c->wlen)
        c->wpos = c->wlen = 0;
    if (c->io.loop != NULL)
        ll_loop_io_settle(c->io.loop);
    return true;
}

/* write_eof(): the FIN goes out after every buffered byte. */
static void
conn_maybe_shutdown(conn *c)
{
    if (c->wrote_eof && !c->shut && !c->closed && c->wlen == c->wpos) {
        c->shut = true;
        shutdown(c->fd, SHUT_WR);
        if (c->io.loop != NULL)
            ll_loop_io_settle(c->io.loop);
    }
}


static void
conn_io_cb(ll_io *w, unsigned rev)
{
    conn *c = w->data;
    lua_State *L = c->Lm;

    if (c->op == OP_CONNECT) {
        ll__stream_connected(c);
        return;
    }
    if (rev & (LL_IO_WRITE | LL_IO_ERROR | LL_IO_HUP)) {
        if (c->wlen > c->wpos && !conn_flush(c)) {
            if (c->dfut != LUA_NOREF && ll__stream_take_future(L, &c->dfut)) {
                ll__stream_trace(c->dtask, LL_EV_IO_END, "drain");
                ll__stream_push_oserror(L, c->werr, NULL);
                ll_aio_future_reject(L, -2);
                lua_pop(L, 1);
            }
        }
        if (c->dfut != LUA_NOREF && c->wlen - c->wpos <= STREAM_LOW &&
            ll__stream_take_future(L, &c->dfut)) {
            ll__stream_trace(c->dtask, LL_EV_IO_END, "drain");
            lua_pushnil(L);
            ll_aio_future_resolve(L, -2, 1);
            lua_pop(L, 1);
        }
        if (c->closing && c->wlen == c->wpos) {
            ll__stream_finish_close(c);
            return;
        }
        conn_maybe_shutdown(c);
    }
    if (rev & (LL_IO_READ | LL_IO_ERROR | LL_IO_HUP)) {
        c->maybe_readable = true;
        if (c->op != OP_NONE) {
            conn_fill(c);
            conn_read_progress(c);
        }
    }
    ll__stream_update_watch(c);
}

/* {=================== Lua objects ===================} */

/* Push a new conn for fd. An accepted one names its server (the userdata
 * at srv_idx, kept alive by the conn for the active-connection count). */
conn *
ll__stream_conn_new(lua_State *L, int fd, server *srv, int srv_idx)
{
    ll_lua_ctx *ctx = stream_ctx(L);
    ll_loop *loop;
    conn *c;
    srv_idx = srv_idx ? lua_absindex(L, srv_idx) : 0;
    c = lua_newuserdatauv(L, sizeof *c, 1);
    memset(c, 0, sizeof *c);
    c->fd = fd;
    c->rfut = c->dfut = c->cfut = LUA_NOREF;
    c->maybe_readable = true;
    loop = ll_aio_loop(L);
    c->Lm = ll_aio_loop_state(L);
    c->sched = ctx->sched;
    c->server = srv;
    luaL_setmetatable(L, CONN_MT);
    if (loop == NULL ||
        ll_loop_watch_fd(loop, &c->io, fd, 0, conn_io_cb, c) != LL_OK) {
        c->closed = true;
        close(fd);
        c->fd = -1;
        c->server = NULL;
        luaL_error(L, "aio streams: cannot watch the socket");
    }
    if (srv != NULL) {
        srv->active++;
        lua_pushvalue(L, srv_idx);
        lua_setiuservalue(L, -2, 1);
    }
    return c;
}

/* stack: conn -> conn, reader, writer (conn stays below). */
void
ll__stream_push_pair(lua_State *L, int conn_idx)
{
    conn_idx = lua_absindex(L, conn_idx);
    lua_newuserdatauv(L, 1, 1);
    lua_pushvalue(L, conn_idx);
    lua_setiuservalue(L, -2, 1);
    luaL_setmetatable(L, READER_MT);
    lua_newuserdatauv(L, 1, 1);
    lua_pushvalue(L, conn_idx);
    lua_setiuservalue(L, -2, 1);
    luaL_setmetatable(L, WRITER_MT);
}

static conn *
conn_of(lua_State *L, int idx, const char *mt)
{
    conn *c;
    luaL_checkudata(L, idx, mt);
    lua_getiuservalue(L, idx, 1);
    c = lua_touserdata(L, -1);
    lua_pop(L, 1);
    return c;
}

static void
conn_release(lua_State *L, conn *c)
{
    luaL_unref(L, LUA_REGISTRYINDEX, c->rfut);
    luaL_unref(L, LUA_REGISTRYINDEX, c->dfut);
    luaL_unref(L, LUA_REGISTRYINDEX, c->cfut);
    c->rfut = c->dfut = c->cfut = LUA_NOREF;
}

static int
l_conn_gc(lua_State *L)
{
    conn *c = lua_touserdata(L, 1);
    c->Lm = NULL;                /* nobody is left to wake */
    conn_release(L, c);
    if (!c->closed)
        ll__stream_finish_close(c);
    ll_free(c->rbuf);
    ll_free(c->wbuf);
    c->rbuf = c->wbuf = NULL;
    return 0;
}

/* A cancelled read/connect: forget the op; the data stays buffered. */
void
ll__stream_cancel_read(void *ud)
{
    conn *c = ud;
    lua_State *L = c->Lm;
    if (c->op == OP_CONNECT) {
        c->op = OP_NONE;
        ll__stream_finish_close(c);
        if (L != NULL) {
            lua_pushnil(L);
            lua_rawsetp(L, LUA_REGISTRYINDEX, c);
        }
    }
    c->op = OP_NONE;
    ll__stream_trace(c->rtask, LL_EV_IO_END, c->rwhat);
    c->rtask = NULL;
    if (L != NULL)
        luaL_unref(L, LUA_REGISTRYINDEX, c->rfut);
    c->rfut = LUA_NOREF;
    ll__stream_update_watch(c);
}

static void
conn_cancel_drain(void *ud)
{
    conn *c = ud;
    if (c->Lm != NULL)
        luaL_unref(c->Lm, LUA_REGISTRYINDEX, c->dfut);
    c->dfut = LUA_NOREF;
    c->dtask = NULL;
    ll__stream_update_watch(c);
}

static void
conn_cancel_closed(void *ud)
{
    conn *c = ud;
    if (c->Lm != NULL)
        luaL_unref(c->Lm, LUA_REGISTRYINDEX, c->cfut);
    c->cfut = LUA_NOREF;
    ll__stream_update_watch(c);
}

/* Park a Future in *ref with a cancel hook and await it. */
int
ll__stream_await(lua_State *L, conn *c, int *ref, ll_aio_cancel_fn fn)
{
    if (c->io.loop == NULL && !c->closed)
        return luaL_error(L, "stream: its event loop ended with the aio.run "
                          "that opened it");
    ll_aio_future_new(L);
    lua_pushvalue(L, -1);
    *ref = luaL_ref(L, LUA_REGISTRYINDEX);
    ll_aio_future_on_cancel(L, -1, fn, c);
    ll__stream_update_watch(c);
    return ll_aio_await(L, -1);
}

/* Start a read op from a task: done at once if the buffer allows. */
static int
reader_op(lua_State *L, conn *c, conn_op op, const char *what)
{
    int n, top = lua_gettop(L);

    if (c->rfut != LUA_NOREF)
        return luaL_error(L, "%s() called while another coroutine is already "
                          "waiting for incoming data", what);
    c->op = op;
    n = conn_try_op(L, c);
    if (n == -1 && c->maybe_readable && !c->closed) {
        conn_fill(c);
        n = conn_try_op(L, c);
    }
    if (n >= 0) {
        c->op = OP_NONE;
        return n;
    }
    if (n == -2) {
        c->op = OP_NONE;
        return lua_error(L);
    }
    lua_settop(L, top);
    if (c->closed) {
        c->op = OP_NONE;
        return ll__stream_raise_oserror(L, EBADF, "the stream is closed");
    }
    c->rtask = ll__stream_current(L);
    c->rwhat = what;
    ll__stream_trace(c->rtask, LL_EV_IO_BEGIN, what);
    return ll__stream_await(L, c, &c->rfut, ll__stream_cancel_read);
}

static int
l_reader_readline(lua_State *L)
{
    conn *c = conn_of(L, 1, READER_MT);
    c->sep[0] = '\n';
    c->seplen = 1;
    c->line = true;
    return reader_op(L, c, OP_UNTIL, "readline");
}

static int
l_reader_readuntil(lua_State *L)
{
    conn *c = conn_of(L, 1, READER_MT);
    size_t len;
    const char *sep = luaL_optlstring(L, 2, "\n", &len);
    luaL_argcheck(L, len > 0 && len <= sizeof c->sep, 2,
                  "separator must be 1 to 8 bytes");
    memcpy(c->sep, sep, len);
    c->seplen = len;
    c->line = false;
    return reader_op(L, c, OP_UNTIL, "readuntil");
}

static int
l_reader_readexactly(lua_State *L)
{
    conn *c = conn_of(L, 1, READER_MT);
    lua_Integer n = luaL_checkinteger(L, 2);
    luaL_argcheck(L, n >= 0, 2, "readexactly size can not be less than zero");
    if (n == 0) {
        lua_pushliteral(L, "");
        return 1;
    }
    c->opn = (size_t)n;
    return reader_op(L, c, OP_EXACTLY, "readexactly");
}

static int
l_reader_read(lua_State *L)
{
    conn *c = conn_of(L, 1, READER_MT);
    lua_Integer n = luaL_optinteger(L, 2, -1);
    if (n == 0) {
        lua_pushliteral(L, "");
        return 1;
    }
    if (n < 0)
        return reader_op(L, c, OP_READ_ALL, "read");
    c->opn = (size_t)n;
    return reader_op(L, c, OP_READ, "read");
}

static int
l_reader_at_eof(lua_State *L)
{
    conn *c = conn_of(L, 1, READER_MT);
    lua_pushboolean(L, c->eof && c->rpos == c->rlen);
    return 1;
}

static int
l_writer_write(lua_State *L)
{
    conn *c = conn_of(L, 1, WRITER_MT);
    size_t len;
    const char *s = luaL_checklstring(L, 2, &len);

    if (c->wrote_eof)
        return luaL_error(L, "Cannot call write() after write_eof()");
    if (c->closing || c->closed || c->werr || len == 0)
        return 0;                /* asyncio drops writes to a lost socket */
    if (c->wlen == c->wpos) {
        ssize_t r;
        do
            r = send(c->fd, s, len, MSG_NOSIGNAL);
        while (r < 0 && errno == EINTR);
        if (c->io.loop != NULL)
            ll_loop_io_settle(c->io.loop);
        if (r < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
            c->werr = errno;
            return 0;
        }
        if (r > 0) {
            s += r;
            len -= (size_t)r;
        }
        if (len == 0)
            return 0;
    }
    if (c->wlen + len > c->wcap) {
        size_t cap = c->wcap ? c->wcap : 4096;
        char *nb;
        if (c->wpos > 0) {
            memmove(c->wbuf, c->wbuf + c->wpos, c->wlen - c->wpos);
            c->wlen -= c->wpos;
            c->wpos = 0;
        }
        while (cap < c->wlen + len)
            cap *= 2;
        if (cap != c->wcap) {
            nb = ll_realloc(c->wbuf, cap);
            if (nb == NULL)
                return luaL_error(L, "write: out of memory");
            c->wbuf = nb;
            c->wcap = cap;
        }
    }
    memcpy(c->wbuf + c->wlen, s, len);
    c->wlen += len;
    ll__stream_update_watch(c);
    return 0;
}

static int
l_writer_writelines(lua_State *L)
{
    lua_Integer i, n;
    luaL_checktype(L, 2, LUA_TTABLE);
    n = luaL_len(L, 2);
    for (i = 1; i <= n; i++) {
        lua_pushcfunction(L, l_writer_write);
        lua_pushvalue(L, 1);
        lua_geti(L, 2, i);
        lua_call(L, 2, 0);
    }
    return 0;
}

static int
l_writer_drain(lua_State *L)
{
    conn *c = conn_of(L, 1, WRITER_MT);
    if (c->werr)
        return ll__stream_raise_oserror(L, c->werr, NULL);
    if (c->closed) {
        ll_aio_push_error(L, "ConnectionResetError", "Connection lost");
        return lua_error(L);
    }
    if (c->wlen - c->wpos <= STREAM_HIGH)
        return 0;                 /* not paused: no yield, as asyncio */
    if (c->dfut != LUA_NOREF)
        return luaL_error(L, "drain() called while another task is "
                          "already draining this writer");
    c->dtask = ll__stream_current(L);
    ll__stream_trace(c->dtask, LL_EV_IO_BEGIN, "drain");
    return ll__stream_await(L, c, &c->dfut, conn_cancel_drain);
}

static int
l_writer_close(lua_State *L)
{
    conn *c = conn_of(L, 1, WRITER_MT);
    if (c->closing)
        return 0;
    c->closing = true;
    if (c->wlen == c->wpos || c->werr)
        ll__stream_finish_close(c);
    else
        ll__stream_update_watch(c);
    return 0;
}

static int
l_writer_wait_closed(lua_State *L)
{
    conn *c = conn_of(L, 1, WRITER_MT);
    if (c->closed)
        return 0;
    if (c->cfut != LUA_NOREF)
        return luaL_error(L, "wait_closed() is already awaited");
    return ll__stream_await(L, c, &c->cfut, conn_cancel_closed);
}

static int
l_writer_is_closing(lua_State *L)
{
    lua_pushboolean(L, conn_of(L, 1, WRITER_MT)->closing);
    return 1;
}

static int
l_writer_write_eof(lua_State *L)
{
    conn *c = conn_of(L, 1, WRITER_MT);
    if (c->wrote_eof || c->closed)
        return 0;
    c->wrote_eof = true;
    conn_maybe_shutdown(c);     /* now, or once the buffer is flushed */
    return 0;
}

static int
l_writer_can_write_eof(lua_State *L)
{
    (void)conn_of(L, 1, WRITER_MT);
    lua_pushboolean(L, 1);
    return 1;
}

/* get_extra_info("peername"|"sockname") -> host, port; else default. */
static int
l_writer_extra(lua_State *L)
{
    conn *c = conn_of(L, 1, WRITER_MT);
    const char *key = luaL_checkstring(L, 2);
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    char host[INET6_ADDRSTRLEN];
    int port, rc = -1;

    if (c->fd >= 0 && strcmp(key, "peername") == 0)
        rc = getpeername(c->fd, (struct sockaddr *)&ss, &len);
    else if (c->fd >= 0 && strcmp(key, "sockname") == 0)
        rc = getsockname(c->fd, (struct sockaddr *)&ss, &len);
    if (rc != 0) {
        lua_settop(L, 3);
        return 1;
    }
    ll__stream_addr(&ss, host, sizeof host, &port);
    lua_pushstring(L, host);
    lua_pushinteger(L, port);
    return 2;
}

static int
l_stream_tostring(lua_State *L)
{
    bool w = luaL_testudata(L, 1, WRITER_MT) != NULL;
    conn *c = conn_of(L, 1, w ? WRITER_MT : READER_MT);
    lua_pushfstring(L, "<%s fd=%d%s>", w ? "StreamWriter" : "StreamReader",
                    c->fd, c->closed ? " closed" : c->eof ? " eof" : "");
    return 1;
}

/* {=================== registration ===================} */

static const luaL_Reg reader_meth[] = {
    { "readline", l_reader_readline },
    { "readuntil", l_reader_readuntil },
    { "readexactly", l_reader_readexactly },
    { "read", l_reader_read },
    { "at_eof", l_reader_at_eof },
    { NULL, NULL }
};

static const luaL_Reg writer_meth[] = {
    { "write", l_writer_write },
    { "writelines", l_writer_writelines },
    { "drain", l_writer_drain },
    { "close", l_writer_close },
    { "wait_closed", l_writer_wait_closed },
    { "is_closing", l_writer_is_closing },
    { "write_eof", l_writer_write_eof },
    { "can_write_eof", l_writer_can_write_eof },
    { "get_extra_info", l_writer_extra },
    { NULL, NULL }
};

void
ll__stream_meta(lua_State *L, const char *name, const luaL_Reg *meth,
            lua_CFunction gc, lua_CFunction tostring)
{
    luaL_newmetatable(L, name);
    if (meth != NULL) {
        lua_newtable(L);
        luaL_setfuncs(L, meth, 0);
        lua_setfield(L, -2, "__index");
    }
    if (gc != NULL) {
        lua_pushcfunction(L, gc);
        lua_setfield(L, -2, "__gc");
    }
    if (tostring != NULL) {
        lua_pushcfunction(L, tostring);
        lua_setfield(L, -2, "__tostring");
    }
    lua_pushstring(L, name);
    lua_setfield(L, -2, "__name");
    lua_pop(L, 1);
}

void
ll__stream_open(lua_State *L)
{
    ll__stream_meta(L, CONN_MT, NULL, l_conn_gc, NULL);
    ll__stream_meta(L, READER_MT, reader_meth, NULL, l_stream_tostring);
    ll__stream_meta(L, WRITER_MT, writer_meth, NULL, l_stream_tostring);
}
