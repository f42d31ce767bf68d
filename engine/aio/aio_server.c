/* SPDX-License-Identifier: MIT
 * engine/aio/aio_server.c -- aio.open_connection, aio.start_server and the
 * Server object, on top of the connections of aio_stream.c.
 *
 * A connect in progress holds a loop ref (the kernel completes it by itself:
 * "in flight" in the virtual-time rule of loop.h) and keeps its conn
 * anchored in the registry until it resolves. A listening socket's watcher
 * is weak (listening alone keeps aio.run going nowhere) unless a task is in
 * serve_forever(). Each accepted connection runs handler(reader, writer) as
 * a new task, spawned through aio.create_task on the run's own thread.
 * The endpoint list (this thread's listening and connected local addresses)
 * tells a peer in this process from an outside one (loop.h rule 5).
 */
#include "engine/lua/host.h"

#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "aio.h"
#include "aio_stream.h"
#include "aio_stream_int.h"

/* {=================== endpoints ===================} */

static _Thread_local ll_list_node stream_eps;   /* all stream_ep.node */

static bool
stream_ep_fill(stream_ep *ep, const struct sockaddr_storage *ss)
{
    memset(ep->addr, 0, sizeof ep->addr);
    ep->family = ss->ss_family;
    if (ss->ss_family == AF_INET) {
        const struct sockaddr_in *s4 = (const void *)ss;
        memcpy(ep->addr, &s4->sin_addr, 4);
        ep->port = ntohs(s4->sin_port);
        ep->wildcard = s4->sin_addr.s_addr == htonl(INADDR_ANY);
        return true;
    }
    if (ss->ss_family == AF_INET6) {
        const struct sockaddr_in6 *s6 = (const void *)ss;
        memcpy(ep->addr, &s6->sin6_addr, 16);
        ep->port = ntohs(s6->sin6_port);
        ep->wildcard = IN6_IS_ADDR_UNSPECIFIED(&s6->sin6_addr);
        return true;
    }
    return false;
}

void
ll__stream_ep_add(stream_ep *ep, ll_loop *loop, int fd)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;

    if (stream_eps.next == NULL)
        ll_list_init(&stream_eps);
    ll__stream_ep_del(ep);
    if (getsockname(fd, (struct sockaddr *)&ss, &len) != 0 ||
        !stream_ep_fill(ep, &ss))
        return;
    ep->loop = loop;
    ll_list_init(&ep->node);
    ll_list_push_back(&stream_eps, &ep->node);
    ep->linked = true;
}

void
ll__stream_ep_del(stream_ep *ep)
{
    if (ep->linked)
        ll_list_remove(&ep->node);
    ep->linked = false;
}

bool
ll__stream_peer_is_local(ll_loop *loop, int fd)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    stream_ep peer;
    ll_list_node *p;

    if (getpeername(fd, (struct sockaddr *)&ss, &len) != 0 ||
        !stream_ep_fill(&peer, &ss) || stream_eps.next == NULL)
        return false;
    for (p = stream_eps.next; p != &stream_eps; p = p->next) {
        const stream_ep *e = ll_container_of(p, stream_ep, node);
        if (e->loop == loop && e->port == peer.port &&
            (e->wildcard || (e->family == peer.family &&
                             memcmp(e->addr, peer.addr, 16) == 0)))
            return true;
    }
    return false;
}

/* {=================== open_connection ===================} */

static int
stream_resolve(lua_State *L, const char *host, lua_Integer port,
               struct sockaddr_storage *ss, socklen_t *len, bool passive)
{
    struct addrinfo hints, *ai = NULL;
    char portbuf[16];
    int rc;

    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICSERV | (passive ? AI_PASSIVE : 0);
    snprintf(portbuf, sizeof portbuf, "%d", (int)port);
    rc = getaddrinfo(host, portbuf, &hints, &ai);
    if (rc != 0 || ai == NULL) {
        ll_aio_push_error(L, "OSError", gai_strerror(rc));
        return lua_error(L);
    }
    memcpy(ss, ai->ai_addr, ai->ai_addrlen);
    *len = ai->ai_addrlen;
    freeaddrinfo(ai);
    return 0;
}

static void
stream_nodelay(int fd)
{
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

/* The connect finished (writable): resolve with reader, writer. */
void
ll__stream_connected(conn *c)
{
    lua_State *L = c->Lm;
    int err = 0, top;
    socklen_t len = sizeof err;

    c->op = OP_NONE;
    if (c->reffed) {
        ll_loop_unref(c->io.loop);
        c->reffed = false;
    }
    ll__stream_trace(c->rtask, LL_EV_IO_END, "connect");
    c->rtask = NULL;
    getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len);
    if (L == NULL || c->rfut == LUA_NOREF)
        return;
    top = lua_gettop(L);
    ll__stream_take_future(L, &c->rfut);              /* stack: fut */
    if (err != 0) {
        ll__stream_finish_close(c);
        ll__stream_push_oserror(L, err, "connect call failed");
        ll_aio_future_reject(L, top + 1);
    } else {
        stream_nodelay(c->fd);
        c->external = !ll__stream_peer_is_local(c->io.loop, c->fd);
        ll__stream_update_watch(c);
        /* The future holds the pair; the pair holds the conn. The conn
         * userdata itself is anchored by the future's results only. */
        lua_rawgetp(L, LUA_REGISTRYINDEX, c);   /* stack: fut, conn */
        lua_pushnil(L);
        lua_rawsetp(L, LUA_REGISTRYINDEX, c);
        ll__stream_push_pair(L, -1);                  /* fut, conn, r, w */
        lua_remove(L, -3);
        ll_aio_future_resolve(L, top + 1, 2);
    }
    lua_settop(L, top);
}

static int
l_aio_open_connection(lua_State *L)
{
    const char *host = luaL_optstring(L, 1, "127.0.0.1");
    lua_Integer port = luaL_checkinteger(L, 2);
    struct sockaddr_storage ss;
    socklen_t len;
    conn *c;
    int fd, rc;

    luaL_argcheck(L, port > 0 && port < 65536, 2, "port must be 1..65535");
    if (ll_aio_loop(L) == NULL)
        return luaL_error(L, "aio.open_connection() needs a running event "
                          "loop (call it inside aio.run)");
    stream_resolve(L, host, port, &ss, &len, false);
    fd = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return ll__stream_raise_oserror(L, errno, "socket");
    c = ll__stream_conn_new(L, fd, NULL, 0);         /* stack: ..., conn */
    do
        rc = connect(fd, (struct sockaddr *)&ss, len);
    while (rc < 0 && errno == EINTR);
    ll_loop_io_settle(c->io.loop);
    ll__stream_ep_add(&c->ep, c->io.loop, fd);  /* so accept sees it local */
    if (rc == 0) {
        stream_nodelay(fd);
        c->external = !ll__stream_peer_is_local(c->io.loop, fd);
        ll__stream_push_pair(L, -1);
        return 2;
    }
    if (errno != EINPROGRESS) {
        int err = errno;
        ll__stream_finish_close(c);
        return ll__stream_raise_oserror(L, err, "connect call failed");
    }
    /* The kernel completes the handshake by itself: in flight. */
    lua_pushvalue(L, -1);
    lua_rawsetp(L, LUA_REGISTRYINDEX, c);       /* anchor until connected */
    ll_loop_ref(c->io.loop);
    c->reffed = true;
    c->op = OP_CONNECT;
    c->rwhat = "connect";
    c->rtask = ll__stream_current(L);
    ll__stream_trace(c->rtask, LL_EV_IO_BEGIN, "connect");
    return ll__stream_await(L, c, &c->rfut, ll__stream_cancel_read);
}

/* {=================== start_server ===================} */

static server *
server_check(lua_State *L, int idx)
{
    return luaL_checkudata(L, idx, SERVER_MT);
}

static void
server_stop_listening(server *s)
{
    if (s->fd < 0)
        return;
    ll_loop_unwatch_fd(&s->io);
    ll__stream_ep_del(&s->ep);
    close(s->fd);
    s->fd = -1;
}

/* New connections: accept them all, one handler task each. */
static void
server_io_cb(ll_io *w, unsigned rev)
{
    server *s = w->data;
    conn *c;
    lua_State *L = s->Lm;
    int top = lua_gettop(L);
    (void)rev;

    for (;;) {
        int fd = accept4(s->fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EINTR || errno == ECONNABORTED)
                continue;
            break;                   /* EAGAIN, or EMFILE: retry later */
        }
        stream_nodelay(fd);
        lua_rawgeti(L, LUA_REGISTRYINDEX, s->self);      /* srv */
        lua_rawgeti(L, LUA_REGISTRYINDEX, s->create);
        lua_rawgeti(L, LUA_REGISTRYINDEX, s->handler);
        c = ll__stream_conn_new(L, fd, s, top + 1);  /* srv, create, handler, conn */
        ll__stream_ep_add(&c->ep, s->io.loop, fd);
        c->external = !ll__stream_peer_is_local(s->io.loop, fd);
        ll__stream_push_pair(L, -1);               /* ..., conn, r, w */
        lua_remove(L, -3);
        /* Only OOM can fail here; the connection is then dropped. */
        if (lua_pcall(L, 3, 0, 0) != LUA_OK)
            fprintf(stderr, "aio.start_server: cannot start the handler: "
                    "%s\n", lua_tostring(L, -1));
        lua_settop(L, top);
    }
}

static int
l_aio_start_server(lua_State *L)
{
    const char *host = luaL_optstring(L, 2, "127.0.0.1");
    lua_Integer port = luaL_optinteger(L, 3, 0);
    struct sockaddr_storage ss;
    socklen_t len;
    server *s;
    ll_loop *loop;
    int fd, one = 1;

    luaL_checktype(L, 1, LUA_TFUNCTION);
    luaL_argcheck(L, port >= 0 && port < 65536, 3, "port must be 0..65535");
    if (ll_aio_loop(L) == NULL)
        return luaL_error(L, "aio.start_server() needs a running event loop "
                          "(call it inside aio.run)");
    stream_resolve(L, host, port, &ss, &len, true);
    s = lua_newuserdatauv(L, sizeof *s, 0);
    memset(s, 0, sizeof *s);
    s->fd = -1;
    s->handler = s->create = s->self = s->forever = s->wclosed = LUA_NOREF;
    luaL_setmetatable(L, SERVER_MT);
    fd = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return ll__stream_raise_oserror(L, errno, "socket");
    s->fd = fd;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(fd, (struct sockaddr *)&ss, len) != 0 ||
        listen(fd, SOMAXCONN) != 0) {
        int err = errno;
        close(fd);
        s->fd = -1;
        return ll__stream_raise_oserror(L, err, err == EADDRINUSE
            ? "error while attempting to bind on address" : "listen");
    }
    len = sizeof ss;
    getsockname(fd, (struct sockaddr *)&ss, &len);
    ll__stream_addr(&ss, s->host, sizeof s->host, &s->port);
    loop = ll_aio_loop(L);
    s->Lm = ll_aio_loop_state(L);
    lua_pushvalue(L, 1);
    s->handler = luaL_ref(L, LUA_REGISTRYINDEX);
    lua_pushvalue(L, lua_upvalueindex(1));
    s->create = luaL_ref(L, LUA_REGISTRYINDEX);
    lua_pushvalue(L, -1);
    s->self = luaL_ref(L, LUA_REGISTRYINDEX);
    if (ll_loop_watch_fd(loop, &s->io, fd, LL_IO_READ, server_io_cb, s)
        != LL_OK)
        return luaL_error(L, "aio.start_server: cannot watch the socket");
    /* Listening alone keeps nothing alive; serve_forever() does. */
    ll_io_set_weak(&s->io, true);
    ll__stream_ep_add(&s->ep, loop, fd);
    return 1;
}

static void
server_release(lua_State *L, server *s)
{
    luaL_unref(L, LUA_REGISTRYINDEX, s->self);
    s->self = LUA_NOREF;
}

static void
server_close(lua_State *L, server *s)
{
    if (s->closed)
        return;
    s->closed = true;
    server_stop_listening(s);
    if (ll__stream_take_future(L, &s->forever)) {
        ll_aio_push_error(L, "CancelledError", "server closed");
        ll_aio_future_reject(L, -2);
        lua_pop(L, 1);
    }
    ll__stream_server_gone(s);
    server_release(L, s);
}

static int
l_server_close(lua_State *L)
{
    server_close(L, server_check(L, 1));
    return 0;
}

static void
server_cancel_forever(void *ud)
{
    server *s = ud;
    if (s->Lm != NULL)
        luaL_unref(s->Lm, LUA_REGISTRYINDEX, s->forever);
    s->forever = LUA_NOREF;
    if (!s->closed)
        ll_io_set_weak(&s->io, true);
}

static void
server_cancel_wclosed(void *ud)
{
    server *s = ud;
    if (s->Lm != NULL)
        luaL_unref(s->Lm, LUA_REGISTRYINDEX, s->wclosed);
    s->wclosed = LUA_NOREF;
}

static int
server_await(lua_State *L, server *s, int *ref, ll_aio_cancel_fn fn)
{
    ll_aio_future_new(L);
    lua_pushvalue(L, -1);
    *ref = luaL_ref(L, LUA_REGISTRYINDEX);
    ll_aio_future_on_cancel(L, -1, fn, s);
    return ll_aio_await(L, -1);
}

static int
l_server_wait_closed(lua_State *L)
{
    server *s = server_check(L, 1);
    if (s->closed && s->active == 0)
        return 0;
    if (s->wclosed != LUA_NOREF)
        return luaL_error(L, "wait_closed() is already awaited");
    return server_await(L, s, &s->wclosed, server_cancel_wclosed);
}

static int
l_server_serve_forever(lua_State *L)
{
    server *s = server_check(L, 1);
    if (s->closed)
        return luaL_error(L, "server is closed");
    if (s->forever != LUA_NOREF)
        return luaL_error(L, "server is already being awaited on "
                          "serve_forever()");
    ll_io_set_weak(&s->io, false);
    return server_await(L, s, &s->forever, server_cancel_forever);
}

static int
l_server_sockname(lua_State *L)
{
    server *s = server_check(L, 1);
    lua_pushstring(L, s->host);
    lua_pushinteger(L, s->port);
    return 2;
}

static int
l_server_is_serving(lua_State *L)
{
    lua_pushboolean(L, !server_check(L, 1)->closed);
    return 1;
}

static int
l_server_gc(lua_State *L)
{
    server *s = lua_touserdata(L, 1);
    server_stop_listening(s);
    luaL_unref(L, LUA_REGISTRYINDEX, s->handler);
    luaL_unref(L, LUA_REGISTRYINDEX, s->create);
    luaL_unref(L, LUA_REGISTRYINDEX, s->forever);
    luaL_unref(L, LUA_REGISTRYINDEX, s->wclosed);
    s->handler = s->create = s->forever = s->wclosed = LUA_NOREF;
    return 0;
}

static int
l_server_tostring(lua_State *L)
{
    server *s = server_check(L, 1);
    lua_pushfstring(L, "<Server %s:%d%s>", s->host, s->port,
                    s->closed ? " closed" : "");
    return 1;
}

/* {=================== registration ===================} */

static const luaL_Reg server_meth[] = {
    { "close", l_server_close },
    { "wait_closed", l_server_wait_closed },
    { "serve_forever", l_server_serve_forever },
    { "sockname", l_server_sockname },
    { "is_serving", l_server_is_serving },
    { NULL, NULL }
};

void
ll_aio_stream_register(lua_State *L)
{
    int aio = lua_absindex(L, -1);

    ll__stream_open(L);
    ll__stream_meta(L, SERVER_MT, server_meth, l_server_gc, l_server_tostring);
    lua_pushcfunction(L, l_aio_open_connection);
    lua_setfield(L, aio, "open_connection");
    lua_getfield(L, aio, "create_task");        /* upvalue: spawns handlers */
    lua_pushcclosure(L, l_aio_start_server, 1);
    lua_setfield(L, aio, "start_server");
}
