/* SPDX-License-Identifier: MIT
 * engine/lua/host.h -- Lua states for looplab: sandbox, limits, engine context.
 *
 * Every script (demo, exercise, checks, manifest) runs in a state made here:
 * LUA_NOENV set before `package` opens, the allocator capped, a count hook
 * enforcing an instruction budget that re-arms itself once tripped (so a
 * pcall cannot swallow the kill), and a fresh _ENV per loaded file built
 * from an allow list (no io, os.execute, load, dofile, debug...). Files load
 * in text mode only. The engine context (clock, trace, output capture) hangs
 * off the state's extra space so the aio module finds it without globals.
 * One state, one thread.
 */
#ifndef LL_LUA_HOST_H
#define LL_LUA_HOST_H

#include <lua.h>
#include <lauxlib.h>

#include "engine/base.h"
#include "engine/clock.h"
#include "run.h"
#include "engine/trace.h"

typedef struct ll_sched ll_sched;

typedef struct ll_lua_ctx {
    ll_clock  clock;        /* shared by every aio.run in this state */
    uint64_t  seed;
    ll_trace *trace;        /* may be NULL */
    ll_buf   *out;          /* print() capture, may be NULL */
    bool      echo;         /* print() also to stdout */
    ll_sched *sched;        /* the running aio.run's scheduler, or NULL */
    long      max_instr;    /* 0 = unlimited */
    long      instr;        /* executed so far (in hook units) */
    bool      killed;       /* the instruction budget tripped */
    bool      timed_out;    /* ... by the deadline */
    int64_t   deadline_ns;  /* ll_mono_ns() limit, checked by the hook; 0 = none */
    size_t    mem_limit;    /* 0 = unlimited */
    size_t    mem_used;
    bool      deadlock;     /* the last aio.run ended in a deadlock */
} ll_lua_ctx;

/* A new state bound to ctx (which must outlive it), with the safe standard
 * libraries and `aio` preloaded. NULL on OOM. */
lua_State  *ll_lua_new(ll_lua_ctx *ctx);
void        ll_lua_close(lua_State *L);
ll_lua_ctx *ll_lua_ctx_of(lua_State *L);
/* Initialise a context with defaults (virtual clock, no limits). */
void        ll_lua_ctx_init(ll_lua_ctx *ctx, ll_clock_mode mode, double speed,
                            uint64_t seed);

/* Push a fresh sandbox environment table: the allow-listed globals, `aio`,
 * `require` (preload only) and a capturing `print`. */
void ll_lua_push_env(lua_State *L);
/* Load a file as text into a function whose _ENV is the table at env_idx.
 * On failure returns LL_ENOENT/LL_ESYNTAX/LL_ENOMEM with *err = heap
 * "path:line: message". Pushes the function on success. */
int  ll_lua_load_file(lua_State *L, const char *path, int env_idx, char **err);
/* Same for a string chunk (chunkname like "=checks"). */
int  ll_lua_load_string(lua_State *L, const char *src, const char *chunkname,
                        int env_idx, char **err);
/* lua_pcall with a traceback message handler. On error returns
 * LL_ERUNTIME (LL_ELIMIT when the budget tripped, LL_ENOMEM) and *err gets
 * "message\nstack traceback:..." (heap). */
int  ll_lua_pcall(lua_State *L, int nargs, int nres, char **err);
/* Instruction budget for everything run from now on (0 = none). Clears
 * the wall deadline. */
void ll_lua_set_budget(lua_State *L, long max_instructions);
/* Wall-clock limit, seconds from now, checked with the budget (so only
 * while one is set): Lua code that calls slow C functions in a loop is
 * stopped even below the instruction budget. Trips like the budget. */
void ll_lua_set_deadline(lua_State *L, double seconds);
/* Push a sandbox module (as `require` in scripts sees it, e.g. "aio"),
 * loading it on first use; raises if there is no such module. */
void ll_lua_push_module(lua_State *L, const char *name);

/* A userdata class: metatable `mt` (created once) with the metamethods
 * `metameth`, and a "methods" table holding `meth`; __index is that table
 * unless metameth brings its own __index function, which then ends with
 * ll_lua_method. Pushes nothing. */
void ll_lua_newclass(lua_State *L, const char *mt, const luaL_Reg *meth,
                     const luaL_Reg *metameth);
/* For an __index function: push method `key` of the object at idx from
 * its metatable's "methods" table (nil if none). Returns 1. */
int  ll_lua_method(lua_State *L, int idx, const char *key);
/* Python's Thread/Process(target=, args=, name=) or (fn, ...): the call's
 * arguments are 1..ud-1 and the object is the userdata at ud; its user
 * value 1 gets the target, 2 the argument list, 3 the name (only if one
 * was given). Raises "<what>: 'target' must be a function". True for the
 * table form: the caller reads its other fields from index 1. */
bool ll_lua_target_args(lua_State *L, int ud, const char *what);
/* Best-effort tostring of any value (uses __tostring, protected: an
 * erroring __tostring gives a placeholder), heap string. */
char *ll_lua_tostring(lua_State *L, int idx);
/* The same, pushed on L; returns the pushed string (NULL: no stack). */
const char *ll_lua_pushsafestring(lua_State *L, int idx, size_t *len);

/* The print() used in sandboxes: writes to ctx->out / stdout and traces
 * an OUTPUT event per line. */
int  ll_lua_print(lua_State *L);

/* Registry key where aio.run leaves a failed main task's traceback. */
#define LL_LUA_LAST_TB "looplab.aio.last_traceback"

/* The modules every state preloads (ll_lua_new puts them in
 * package.preload), the way Lua's linit.c names luaopen_* of libraries it
 * does not include: engine/aio/mod_aio.c, engine/threads/mod_threads.c and
 * engine/procs/mod_procs.c define them. It is a link edge only; the host
 * includes none of the modules (docs/architecture.md). */
int  luaopen_looplab_aio(lua_State *L);
int  luaopen_looplab_threads(lua_State *L);
int  luaopen_looplab_procs(lua_State *L);

#endif /* LL_LUA_HOST_H */
