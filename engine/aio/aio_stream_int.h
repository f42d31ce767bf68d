/* SPDX-License-Identifier: MIT
 * engine/aio/aio_stream_int.h -- shared by aio_stream.c (connections,
 * readers, writers) and aio_server.c (connect, listen, accept). Internal.
 */
#ifndef LL_AIO_STREAM_INT_H
#define LL_AIO_STREAM_INT_H

#include <lua.h>
#include <lauxlib.h>
#include <sys/socket.h>

#include "aio.h"
#include "engine/loop.h"
#include "engine/task.h"

#define CONN_MT   "looplab.Conn"
#define READER_MT "looplab.StreamReader"
#define WRITER_MT "looplab.StreamWriter"
#define SERVER_MT "looplab.Server"

#define STREAM_LIMIT  65536       /* asyncio's default reader limit */
#define STREAM_HIGH   65536       /* writer high-water mark */
#define STREAM_LOW    16384       /* ... and low-water mark */
#define STREAM_CHUNK  65536

/* A local socket address of this thread's streams, to tell whether a peer
 * lives in this process (loop.h rule 5 applies only to outside peers). */
typedef struct stream_ep {
    ll_list_node   node;
    ll_loop       *loop;
    int            family, port;
    unsigned char  addr[16];
    bool           wildcard, linked;
} stream_ep;

typedef enum conn_op {
    OP_NONE, OP_UNTIL, OP_EXACTLY, OP_READ, OP_READ_ALL, OP_CONNECT
} conn_op;

typedef struct conn {
    ll_io      io;
    lua_State *Lm;          /* the run's thread, for resolving futures */
    ll_sched  *sched;
    int        fd;
    /* read side */
    char      *rbuf;
    size_t     rpos, rlen, rcap;   /* unread bytes are rbuf[rpos, rlen) */
    bool       eof, maybe_readable;
    int        rerr;               /* errno of a failed recv, else 0 */
    conn_op    op;
    size_t     opn;                /* EXACTLY/READ: byte count */
    char       sep[8];             /* UNTIL: separator */
    size_t     seplen;
    bool       line;               /* readline: partial at EOF, no error */
    int        rfut;               /* pending read/connect Future ref */
    ll_task   *rtask;              /* who waits (trace) */
    const char *rwhat;             /* ... on what: the io_begin tag */
    /* write side */
    char      *wbuf;
    size_t     wpos, wlen, wcap;
    int        werr;
    int        dfut;               /* drain waiter */
    int        cfut;               /* wait_closed waiter */
    ll_task   *dtask;
    bool       closing, closed, wrote_eof, shut, reffed;
    bool       external, paced;    /* peer outside this process; paced now */
    stream_ep  ep;
    struct server *server;         /* accepted by this server, or NULL */
} conn;

typedef struct server {
    ll_io      io;
    lua_State *Lm;
    int        fd;
    int        handler;     /* ref: the client_connected_cb */
    int        create;      /* ref: aio.create_task */
    int        self;        /* ref to this userdata while listening */
    int        forever;     /* serve_forever Future ref */
    int        wclosed;     /* wait_closed Future ref */
    size_t     active;      /* connections still open */
    bool       closed;
    char       host[64];
    int        port;
    stream_ep  ep;
} server;

/* Helpers (aio_stream.c). */
void     ll__stream_trace(ll_task *t, ll_ev_kind k, const char *what);
ll_task *ll__stream_current(lua_State *L);
void     ll__stream_push_oserror(lua_State *L, int err, const char *what);
int      ll__stream_raise_oserror(lua_State *L, int err, const char *what);
void     ll__stream_addr(const struct sockaddr_storage *ss, char *host,
                         size_t cap, int *port);
/* Watch interest and weakness from the conn's state. */
void     ll__stream_update_watch(conn *c);
/* Move the Future in *ref onto L's stack; false if none. */
bool     ll__stream_take_future(lua_State *L, int *ref);
/* Close the socket, wake wait_closed, update the server's count. */
void     ll__stream_finish_close(conn *c);
/* A server's last connection is gone: wake its wait_closed if closed. */
void     ll__stream_server_gone(server *s);
/* Push a new conn for fd (accepted by srv, userdata at srv_idx, or NULL). */
conn    *ll__stream_conn_new(lua_State *L, int fd, server *srv, int srv_idx);
/* Push reader, writer for the conn at conn_idx. */
void     ll__stream_push_pair(lua_State *L, int conn_idx);
/* Park a new Future in *ref with a cancel hook, and await it. */
int      ll__stream_await(lua_State *L, conn *c, int *ref, ll_aio_cancel_fn fn);
void     ll__stream_cancel_read(void *ud);
void     ll__stream_meta(lua_State *L, const char *name, const luaL_Reg *meth,
                         lua_CFunction gc, lua_CFunction tostring);
/* Create the Conn/StreamReader/StreamWriter metatables. */
void     ll__stream_open(lua_State *L);

/* Remember fd's local address as one of this loop's endpoints. */
void     ll__stream_ep_add(stream_ep *ep, ll_loop *loop, int fd);
void     ll__stream_ep_del(stream_ep *ep);
/* Is fd's peer one of this loop's own endpoints (same process)? */
bool     ll__stream_peer_is_local(ll_loop *loop, int fd);

/* The connect in progress finished (aio_server.c). */
void     ll__stream_connected(conn *c);

#endif /* LL_AIO_STREAM_INT_H */
