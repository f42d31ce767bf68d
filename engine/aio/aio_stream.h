/* SPDX-License-Identifier: MIT
 * engine/aio/aio_stream.h -- asyncio streams for `aio` (aio_stream.c).
 *
 * Lua surface (loopback TCP; CPython 3.12 names and semantics):
 *   aio.open_connection([host="127.0.0.1",] port) -> reader, writer
 *   aio.start_server(handler, [host="127.0.0.1", port=0]) -> server
 *     handler(reader, writer) runs as a new task per connection.
 *   server:sockname() -> host, port   server:close()   server:wait_closed()
 *     (returns once closed and every accepted connection is closed, 3.12+)
 *   server:serve_forever()   server:is_serving()
 *   reader:readline()  reader:readuntil([sep="\n"])  reader:readexactly(n)
 *     (IncompleteReadError with .partial, .expected)  reader:read([n=-1])
 *     reader:at_eof()
 *   writer:write(s)  writer:writelines(list)  writer:drain()  writer:close()
 *   writer:wait_closed()  writer:is_closing()  writer:write_eof()
 *   writer:can_write_eof()  writer:get_extra_info("peername"|"sockname")
 *     -> host, port
 * Errors are aio errors: ConnectionRefusedError, ConnectionResetError,
 * BrokenPipeError, OSError (with .errno), IncompleteReadError, ValueError
 * (line longer than the 64 KiB limit). io_begin/io_end trace events mark
 * every wait (connect, readline, readuntil, readexactly, read, drain).
 */
#ifndef LL_AIO_STREAM_H
#define LL_AIO_STREAM_H

#include <lua.h>

/* Add open_connection and start_server to the aio module table on top of
 * the stack (after create_task is in it) and create the metatables. */
void ll_aio_stream_register(lua_State *L);

#endif /* LL_AIO_STREAM_H */
