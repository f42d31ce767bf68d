/* SPDX-License-Identifier: MIT
 * engine/lua/serial.h -- copy Lua values between states (threads, processes).
 *
 * Values cross to a worker by copy, like pickle: nil, booleans, numbers,
 * strings, tables (with metatables, shared sub-tables and cycles kept),
 * Lua functions (bytecode from lua_dump, not stripped, plus their upvalues;
 * an upvalue named _ENV becomes the receiving state's environment), light
 * C functions (library functions: sent by address, like pickle sends a
 * function by qualified name), and
 * userdata whose metatable carries a `__ll_send` class (shared objects such
 * as locks and counters, which cross as a retained handle). Anything else is
 * refused with a message naming where it sits inside the value:
 *
 *   args[2].handler: function with upvalue 'conn' cannot be sent to a worker
 *   (conn: a userdata)
 *
 * Blobs are plain bytes (ll_buf): the same format goes through a pipe to a
 * forked process. Handles and class pointers in a blob are only valid in
 * the process that made it or its forked children.
 */
#ifndef LL_LUA_SERIAL_H
#define LL_LUA_SERIAL_H

#include <lua.h>

#include "engine/base.h"

typedef struct ll_serial_opts {
    bool        cross_process;  /* refuse classes that are not process_ok */
    uint64_t    epoch;          /* objects whose seq is >= this were made
                                   after the workers were forked and cannot
                                   reach them; 0 = no limit */
    const char *target;         /* "a worker" / "a process" in messages */
    bool        plain;          /* refuse every userdata (stored copies) */
} ll_serial_opts;

/* A kind of shared object that can be sent. The metatable of its userdata
 * has __ll_send = lightuserdata(&class). */
typedef struct ll_serial_class {
    const char *name;                   /* "threads.Lock" */
    bool        process_ok;
    /* Retained handle for the userdata at idx (owner: the blob). */
    void     *(*retain)(lua_State *L, int idx);
    /* Creation sequence of the handle (for opts->epoch); may be NULL. */
    uint64_t  (*seq)(void *handle);
    /* Push a userdata for handle, taking over the blob's reference. */
    void      (*push)(lua_State *L, void *handle);
    void      (*release)(void *handle);
} ll_serial_class;

/* Serialise the n values at stack [first, first+n) into out (appended).
 * root names them in messages: with "%d" in it ("args[%d]") each value is
 * root formatted with its 1-based index, else root names the only value.
 * LL_OK; LL_EINVAL with *err = heap message when a value cannot be sent
 * (any handles already retained are released); LL_ENOMEM. The stack is
 * left as it was. Raises only on Lua OOM. */
int  ll_serial_dump(lua_State *L, int first, int n, const char *root,
                    const ll_serial_opts *o, ll_buf *out, char **err);

/* Push the values of a blob; *nvals gets their count. env_idx (0 = none)
 * is the table given to functions' _ENV upvalues. LL_OK, or LL_ESYNTAX
 * with *err (malformed blob; nothing pushed), LL_ENOMEM. Consumes the
 * blob's handles: a blob is loaded at most once. */
int  ll_serial_load(lua_State *L, const char *data, size_t len, int env_idx,
                    int *nvals, char **err);

/* Release the handles of a blob that will never be loaded. */
void ll_serial_discard(const char *data, size_t len);

/* Convenience for error values crossing back: dump one value, falling back
 * to its tostring() when it cannot be sent. Never fails but on OOM. */
int  ll_serial_dump_error(lua_State *L, int idx, ll_buf *out);

#endif /* LL_LUA_SERIAL_H */
