#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""looplab anti-pattern linter: the asyncio mistakes listed in RULES below.

    /usr/bin/python3 -I looplab_lint.py [options] PATH...
    /usr/bin/python3 -I looplab_lint.py --rules

Static (ast) and stdlib only: it never runs the code it reviews, so it is
safe on any file and needs no sandbox. PATHs are files or folders (folders
are searched for *.py). Output formats (--format):

  review  the readable review (default): findings grouped by category
          with path:line:col, problem, fix and the lesson that teaches it,
          then recommendations by priority;
  text    one line per finding, `path:line:col: LL001 message`, the shape
          editors' quickfix lists and CI annotations parse;
  json    one object: findings, errors and a summary;
  sarif   SARIF 2.1.0, for code-scanning dashboards.

`# noqa` on a line silences every finding on it, `# noqa: LL001,LL007`
only those rules; --select / --ignore take rule ids, slugs or id
prefixes. Exit status: 0 no findings, 1 findings or a file that cannot be
read or parsed (each such file gets one error; the others are still
reviewed), 2 usage error (unknown option, format or rule, a PATH that
does not exist).

The grader imports this module: lint_file(path) returns Finding objects
whose as_dict() the `check.lint` and `check.noblock` checks read. The
grader never applies `# noqa`, so a comment cannot hide a graded finding.

Rules are heuristics tuned to be precise on course-sized programs: a rule
that is unsure stays quiet. tests/python/lint/ holds a labelled corpus
(positive and negative samples per rule) that `make test` scores.
"""

import ast
import json
import os
import re
import sys
import threading
import urllib.parse

VERSION = "2.0"

# The lessons that teach each rule's fix (ids and titles of the course's
# lessons/*/*/lesson.lua; tests/python/test_lint.py checks they match).
LESSONS = {
    "1.1": "Workloads and the three models",
    "1.2": "Build your own event loop",
    "1.3": "Coroutines, tasks and futures",
    "1.4": "Many at once: gather, wait, as_completed",
    "1.5": "Program shape: run, async with, async for",
    "2.1": "Timeouts",
    "2.2": "Cancellation and shield",
    "2.3": "Structured concurrency and error handling",
    "2.4": "Synchronisation primitives in asyncio",
    "2.5": "Queues and producer/consumer",
    "2.6": "HTTP with aiohttp: sessions and pools",
}


class Rule:
    """One rule: what it is called, how bad it is, what it says and fixes,
    which lesson teaches the fix, and (for --rules) what it looks for."""
    __slots__ = ("id", "slug", "category", "priority", "problem", "fix",
                 "lesson", "detects")

    def __init__(self, rid, slug, category, priority, lesson, problem, fix, detects):
        self.id, self.slug, self.category, self.priority = rid, slug, category, priority
        self.lesson, self.problem, self.fix, self.detects = lesson, problem, fix, detects


_RULE_LIST = [
    Rule("LL001", "blocking-call", "Blocking the event loop", 1, "1.2",
         "{call} blocks: while it waits, the whole event loop (every other task) stops.",
         "Use the async version ({alt}), or run it in a thread with "
         "`await asyncio.to_thread(...)`.",
         "a blocking call made directly in `async def`: time.sleep, input, open and "
         "file methods, requests/httpx/urllib/urllib3 HTTP, subprocess and os process "
         "calls, os.path/pathlib/os/shutil file-system calls, sync sockets and DNS, "
         "sqlite3 and other DB-API connections, threading locks/events/joins, "
         "queue.Queue.get, concurrent.futures results, lab.block/lab.fetch_sync"),
    Rule("LL002", "sequential-await", "Concurrency", 3, "1.4",
         "`await` inside a `for` loop over independent items runs them one after another.",
         "Start them all first (`asyncio.gather(*(f(x) for x in items))` or a "
         "TaskGroup), then wait once.",
         "`await f(item)` in a `for` loop over the items, inside `async def` (not a "
         "loop that stops at the first success with `break`/`return`, a chain "
         "where each await uses what the previous one produced, or steps over a "
         "literal list awaited for their effect only)"),
    Rule("LL003", "swallowed-cancel", "Cancellation", 1, "2.2",
         "`{handler}` catches CancelledError and {how}: the task can no longer be "
         "cancelled or shut down.",
         "Re-raise it on every path (a bare `raise` at the end of the handler), or "
         "catch `Exception` instead, which does not include CancelledError.",
         "in `async def`, an `except CancelledError`/`BaseException`/bare `except` "
         "with a path that does not re-raise (falls through, returns, breaks, "
         "continues or raises something else); not a `BaseException` handler after "
         "an `except CancelledError` one, a `try` that never awaits, awaiting a task "
         "this code cancelled, or a handler that records the error for a later "
         "`raise`"),
    Rule("LL004", "missing-timeout", "Timeouts", 2, "2.6",
         "{call} has no `timeout=`: {how}.",
         "Pass a timeout (`ClientSession(timeout=aiohttp.ClientTimeout(total=10))`) "
         "or wrap the call in `asyncio.timeout(...)`.",
         "`ClientSession()` or `lab.Session()` without `timeout=`, unless its requests "
         "pass their own `timeout=` or run inside `asyncio.timeout(...)`"),
    Rule("LL005", "manual-loop", "Event loop management", 2, "1.5",
         "{call} manages the event loop by hand.",
         "Write `async def main()` and call `asyncio.run(main())` once; inside "
         "coroutines use `asyncio.get_running_loop()`.",
         "`new_event_loop`, `set_event_loop`, `run_forever`, and `get_event_loop` / "
         "`run_until_complete` outside coroutines (inside one they are LL024 / LL013)"),
    Rule("LL006", "no-async-with", "Resources", 2, "1.5",
         "{call} is not used as an (async) context manager{where}, so an exception "
         "skips its clean-up.",
         "Use `async with {short} as x:` (or `with` for files) so it is closed "
         "or released on every path.",
         "a session not opened by `async with` (nor closed in a `finally`), "
         "including one created at module level, outside the event loop"),
    Rule("LL007", "fire-and-forget", "Tasks", 2, "1.3",
         "The task from {call} is not kept: it can be garbage-collected mid-run "
         "and its exception is never retrieved.",
         "Keep a reference and await it (or use `asyncio.TaskGroup`); for "
         "background tasks, store them in a set and discard them when done.",
         "`create_task(...)`/`ensure_future(...)` (also through aliases and the loop) "
         "whose task is dropped: a bare statement, inside a list or conditional "
         "expression statement, chained `.add_done_callback`, or assigned to a "
         "name never used again"),
    Rule("LL008", "no-graceful-shutdown", "Shutdown", 3, "2.2",
         "This `while True` loop has no clean-up path: cancelling or stopping the "
         "program leaves what this coroutine opened open.",
         "Wrap the loop in `try: ... finally:` (close what it opened) and let "
         "CancelledError propagate; stop it with an Event or by cancelling the task.",
         "a `while True` loop that awaits, in `async def`, outside any `try` or `with` "
         "and with no `try` inside, in a coroutine holding a file, socket, session, "
         "stream or connection it opened (a loop that only sleeps is LL017)"),
    Rule("LL009", "threads-for-io", "Choosing the model", 3, "1.1",
         "{call} in asyncio code: a thread for work the event loop can do itself.",
         "For I/O, use coroutines; keep threads for blocking libraries, via "
         "`asyncio.to_thread(...)` or `loop.run_in_executor(...)`.",
         "`threading.Thread` or `ThreadPoolExecutor` in a file with `async def` that "
         "never uses `to_thread` or `run_in_executor`"),
    Rule("LL010", "gather-exceptions", "Error handling", 3, "2.3",
         "`asyncio.gather` without `return_exceptions=True`, yet the results are "
         "checked for exceptions: they never arrive there; the first failure raises "
         "here and the other results are lost.",
         "Pass `return_exceptions=True` and check each result, or use a TaskGroup "
         "inside `try`/`except*`.",
         "`asyncio.gather` in `async def` without `return_exceptions=`, whose results "
         "are then tested with `isinstance(r, Exception)`"),
    Rule("LL011", "unbounded-tasks", "Concurrency", 3, "2.4",
         "One task per item with no limit: a long list opens that many connections "
         "at once.",
         "Bound the concurrency with `asyncio.Semaphore(n)` (`async with sem:` around "
         "the work) or a fixed pool of workers reading an `asyncio.Queue`.",
         "one `create_task` or `gather` entry per item of a loop or generator (not a "
         "literal list, a module constant or argument of up to 10 items, or a `range` "
         "up to 10) where each makes a network request, in a file with no Semaphore "
         "or Queue"),
    Rule("LL012", "unclosed-resource", "Resources", 1, "2.6",
         "`{name}` ({call}) is never closed.",
         "Use `async with` (or call `await {name}.close()` in a `finally`).",
         "a session, file, connection or pool assigned in a coroutine and never "
         "closed there (nor returned)"),
    Rule("LL013", "run-in-async", "Mixing sync and async", 1, "1.5",
         "{call} inside a coroutine: the loop is already running, so this "
         "raises RuntimeError.",
         "`await` the coroutine instead (or `asyncio.create_task(...)` it).",
         "`asyncio.run` or `run_until_complete` inside `async def`, or a call from "
         "`async def` to a function of this file that calls `asyncio.run`"),
    Rule("LL014", "ensure-future", "Tasks", 2, "1.3",
         "`asyncio.ensure_future()` on a coroutine.",
         "Use `asyncio.create_task(coro)`: clearer, and it only accepts coroutines.",
         "`asyncio.ensure_future(coro())` where `create_task` is meant"),
    Rule("LL015", "forgotten-await", "Coroutines", 1, "1.3",
         "{call} makes a coroutine that is never awaited: {how}, so its body never runs.",
         "Write `await {short}` (or hand it to `asyncio.create_task`/`gather`).",
         "a call to a coroutine function (an `async def` of this file, asyncio's "
         "coroutines, methods of asyncio queues/locks/events/streams) whose result is "
         "dropped, tested, formatted, indexed, iterated, returned from a coroutine, "
         "or stored in a name that is never awaited or passed on; an async generator "
         "iterated with a plain `for`"),
    Rule("LL016", "loop-without-await", "Blocking the event loop", 1, "1.2",
         "This loop never awaits: while it spins no other task runs, so {how}, and "
         "it cannot be cancelled.",
         "Await inside the loop (an `asyncio.Event`, a queue, `await asyncio.sleep(0)` "
         "between chunks of work), or move the computation to "
         "`asyncio.to_thread(...)`.",
         "in `async def`, a loop with no `await` that cannot end by itself: `while "
         "True` or `for` over `itertools.count()` with no way out, or a `while` "
         "condition nothing in the loop changes"),
    Rule("LL017", "busy-wait", "Synchronisation", 2, "2.4",
         "Polling with `{call}` in a loop: a busy-wait that wakes up for nothing and "
         "reacts late.",
         "Wait for the thing itself: `await event.wait()` on an `asyncio.Event` set "
         "by the other task (or `await task`, `await queue.get()`).",
         "a `while` loop in `async def` whose body only sleeps (and checks a flag), "
         "waiting for state another task changes"),
    Rule("LL018", "timeout-without-await", "Timeouts", 2, "2.1",
         "{call} guards code that never awaits: a timeout can only interrupt an "
         "`await`, so it can never fire.",
         "Put the awaited work inside the scope; for blocking code use "
         "`await asyncio.wait_for(asyncio.to_thread(f), t)`.",
         "`asyncio.timeout`/`timeout_at` (or trio/anyio/async_timeout scopes) whose "
         "body has no `await`, and `wait_for` given a call of a plain function"),
    Rule("LL019", "taskgroup-exit", "Tasks", 2, "2.3",
         "`{stmt}` inside `async with {call}`: the block does not end here; it still "
         "waits for every task, and a task's error replaces this {stmt}.",
         "Let the block end normally and act after it (return from the tasks' "
         "results once the `async with` is done).",
         "`return`, or `break`/`continue` leaving a loop, inside `async with "
         "asyncio.TaskGroup()` (or a trio nursery / anyio task group)"),
    Rule("LL020", "yield-in-context", "Resources", 2, "1.5",
         "`yield` inside `{where}` in an async generator: if the consumer stops early, "
         "the clean-up runs late (at garbage collection), outside any task.",
         "Consume it with `async with contextlib.aclosing(gen()) as it:`, or yield "
         "outside the block.",
         "`yield` inside `async with`/`with`/`try ... finally` in an async generator "
         "that is not an `@asynccontextmanager` and that this file does not always "
         "consume safely (via `aclosing`, or to the end without `break`)"),
    Rule("LL021", "async-without-await", "Coroutines", 3, "1.3",
         "`async def {name}` never awaits: it runs start to end in one step and "
         "callers must still await it.",
         "Make it a plain `def`, or await the async work it is meant to do.",
         "an `async def` with no `await`, `async for` or `async with` (not a stub, "
         "dunder, decorated function, async generator, override, code that needs "
         "the running loop, or one with another finding that explains it, such as a "
         "blocking call or a forgotten await)"),
    Rule("LL022", "timeout-parameter", "Timeouts", 3, "2.1",
         "`async def {name}` takes `{param}`: each coroutine rolling its own timeout "
         "does not compose.",
         "Drop the parameter and let the caller write `async with "
         "asyncio.timeout(t): await {name}(...)`.",
         "an `async def` with a parameter named `timeout` (or `timeout_s`...)"),
    Rule("LL023", "session-per-request", "Resources", 2, "2.6",
         "{call} is created {how}: one session (and connection pool) per request "
         "throws away keep-alive and pooling.",
         "Create one session for the whole program (`async with ClientSession() as "
         "session:` in main) and pass it to the code that makes requests.",
         "an HTTP session (or `aiohttp.request`, a session per call) created inside "
         "a loop or comprehension, or inside a coroutine or method that this file "
         "calls once per item"),
    Rule("LL024", "get-event-loop", "Event loop management", 2, "1.5",
         "`{call}` inside a coroutine: deprecated there, and it may hand back a "
         "different loop than the one running.",
         "Use `asyncio.get_running_loop()`.",
         "`asyncio.get_event_loop()` called in `async def`"),
]
RULES = {r.id: r for r in _RULE_LIST}
SLUGS = {r.slug: r.id for r in _RULE_LIST}
PRIORITY_NAME = {1: "high", 2: "medium", 3: "low"}

# ---------------------------------------------------------------------------
# What blocks, what is a coroutine: the tables the rules read.
# ---------------------------------------------------------------------------
_HTTP = "an async HTTP client (aiohttp.ClientSession, httpx.AsyncClient)"
_PROC = "asyncio.create_subprocess_exec(...)"
_FS = "anyio.Path, aiofiles.os"
_FILE = "aiofiles.open"
_DB = "an async driver: aiosqlite, asyncpg"

_BLOCKING = {
    "time.sleep": "await asyncio.sleep(...)",
    "input": "`await asyncio.to_thread(input, prompt)`",
    "builtins.input": "`await asyncio.to_thread(input, prompt)`",
    "looplab.lab.block": "an awaitable (`await lab.io(...)`)",
    "looplab.lab.fetch_sync": "`await lab.fetch(url)`",
    "urllib.request.urlopen": _HTTP,
    "urllib.request.urlretrieve": _HTTP,
    "urllib3.request": _HTTP,
    "socket.create_connection": "asyncio.open_connection(...)",
    "socket.getaddrinfo": "`await loop.getaddrinfo(...)`",
    "socket.gethostbyname": "`await loop.getaddrinfo(...)`",
    "socket.gethostbyname_ex": "`await loop.getaddrinfo(...)`",
    "socket.gethostbyaddr": "`await loop.getnameinfo(...)`",
    "subprocess.Popen": _PROC,
    "subprocess.getoutput": _PROC,
    "subprocess.getstatusoutput": _PROC,
    "os.system": "asyncio.create_subprocess_shell(...)",
    "os.popen": "asyncio.create_subprocess_shell(...)",
    "os.posix_spawn": _PROC,
    "os.posix_spawnp": _PROC,
    "concurrent.futures.wait": "`await asyncio.wrap_future(f)` / `asyncio.wait`",
    "glob.glob": _FS,
}
for _n in ("get", "post", "put", "delete", "head", "patch", "options", "request"):
    _BLOCKING["requests." + _n] = _HTTP
    _BLOCKING["httpx." + _n] = _HTTP
_BLOCKING["httpx.stream"] = _HTTP
for _n in ("run", "call", "check_call", "check_output"):
    _BLOCKING["subprocess." + _n] = _PROC
for _n in ("spawnl", "spawnle", "spawnlp", "spawnlpe", "spawnv", "spawnve", "spawnvp",
           "spawnvpe"):
    _BLOCKING["os." + _n] = _PROC
for _n in ("wait", "waitpid", "wait3", "wait4", "waitid"):
    _BLOCKING["os." + _n] = "`await proc.wait()` on an asyncio subprocess"
for _n in ("open", "builtins.open", "io.open", "io.open_code", "os.fdopen", "codecs.open",
           "gzip.open", "bz2.open", "lzma.open"):
    _BLOCKING[_n] = _FILE
for _n in ("exists", "lexists", "isfile", "isdir", "islink", "ismount", "getsize",
           "getmtime", "getatime", "getctime", "samefile", "realpath"):
    _BLOCKING["os.path." + _n] = _FS
for _n in ("listdir", "scandir", "walk", "stat", "lstat", "remove", "unlink", "mkdir",
           "makedirs", "rmdir", "removedirs", "rename", "renames", "replace"):
    _BLOCKING["os." + _n] = _FS
for _n in ("copy", "copy2", "copyfile", "copytree", "rmtree", "move", "disk_usage"):
    _BLOCKING["shutil." + _n] = _FS
for _n in ("read_text", "read_bytes", "write_text", "write_bytes", "open", "exists",
           "is_file", "is_dir", "iterdir", "mkdir", "unlink", "rmdir", "touch", "stat"):
    _BLOCKING["pathlib.Path." + _n] = _FS
for _n in ("sqlite3.connect", "psycopg2.connect", "psycopg.connect", "pymysql.connect",
           "MySQLdb.connect", "mysql.connector.connect"):
    _BLOCKING[_n] = _DB

# Constructors (and annotations) -> the kind of object they make.
_KINDS = {
    "open": "file", "builtins.open": "file", "io.open": "file", "io.open_code": "file",
    "os.fdopen": "file", "codecs.open": "file", "gzip.open": "file", "bz2.open": "file",
    "lzma.open": "file", "io.TextIOWrapper": "file", "io.BufferedReader": "file",
    "io.BufferedWriter": "file", "typing.IO": "file", "typing.TextIO": "file",
    "typing.BinaryIO": "file", "io.FileIO": "file",
    "httpx.Client": "httpx", "requests.Session": "requests", "requests.session": "requests",
    "urllib3.PoolManager": "urllib3", "urllib3.ProxyManager": "urllib3",
    "urllib3.HTTPConnectionPool": "urllib3", "urllib3.HTTPSConnectionPool": "urllib3",
    "urllib3.connection_from_url": "urllib3",
    "http.client.HTTPConnection": "httpconn", "http.client.HTTPSConnection": "httpconn",
    "urllib.request.build_opener": "opener", "urllib.request.OpenerDirector": "opener",
    "socket.socket": "socket", "socket.create_connection": "socket",
    "subprocess.Popen": "popen",
    "sqlite3.connect": "db", "psycopg2.connect": "db", "psycopg.connect": "db",
    "pymysql.connect": "db", "MySQLdb.connect": "db", "mysql.connector.connect": "db",
    "sqlite3.Connection": "db", "sqlite3.Cursor": "cursor",
    "threading.Lock": "tlock", "threading.RLock": "tlock", "threading.Semaphore": "tlock",
    "threading.BoundedSemaphore": "tlock", "threading.Condition": "tcond",
    "threading.Event": "tevent", "threading.Barrier": "tevent",
    "threading.Thread": "thread", "multiprocessing.Process": "thread",
    "queue.Queue": "squeue", "queue.LifoQueue": "squeue", "queue.PriorityQueue": "squeue",
    "queue.SimpleQueue": "squeue", "multiprocessing.Queue": "squeue",
    "multiprocessing.JoinableQueue": "squeue",
    "concurrent.futures.Future": "cffuture",
    "asyncio.run_coroutine_threadsafe": "cffuture",
    "concurrent.futures.ThreadPoolExecutor": "executor",
    "concurrent.futures.ProcessPoolExecutor": "executor",
    "multiprocessing.Pool": "mppool", "multiprocessing.pool.ThreadPool": "mppool",
    "pathlib.Path": "path", "pathlib.PosixPath": "path", "pathlib.WindowsPath": "path",
    "pathlib.Path.cwd": "path", "pathlib.Path.home": "path",
    "asyncio.Queue": "aqueue", "asyncio.LifoQueue": "aqueue",
    "asyncio.PriorityQueue": "aqueue", "asyncio.Lock": "alock",
    "asyncio.Semaphore": "alock", "asyncio.BoundedSemaphore": "alock",
    "asyncio.Condition": "acond", "asyncio.Event": "aevent",
    "asyncio.StreamReader": "areader", "asyncio.StreamWriter": "awriter",
    "asyncio.get_running_loop": "loop", "asyncio.get_event_loop": "loop",
    "asyncio.new_event_loop": "loop", "asyncio.AbstractEventLoop": "loop",
    "asyncio.TaskGroup": "taskgroup",
    "aiohttp.ClientSession": "asession", "httpx.AsyncClient": "asession",
    "looplab.lab.Session": "asession",
}

_METHODS_HTTP = {"get", "post", "put", "patch", "delete", "head", "options", "request",
                 "send", "stream"}
# kind -> methods that block (a call on such an object in a coroutine is LL001).
_BLOCKING_METHODS = {
    "file": ({"read", "readline", "readlines", "write", "writelines", "flush", "seek",
              "truncate", "readinto"}, _FILE),
    "httpx": (_METHODS_HTTP | {"close"}, _HTTP),
    "requests": (_METHODS_HTTP, _HTTP),
    "urllib3": ({"request", "urlopen", "request_encode_url", "request_encode_body"}, _HTTP),
    "httpconn": ({"request", "getresponse", "connect"}, _HTTP),
    "socket": ({"connect", "accept", "recv", "recv_into", "recvfrom", "send", "sendall",
                "sendto", "sendfile"}, "asyncio streams (`asyncio.open_connection`) or "
               "`loop.sock_*`"),
    "popen": ({"wait", "communicate"}, _PROC),
    "opener": ({"open"}, _HTTP),
    "db": ({"execute", "executemany", "executescript", "commit", "rollback"}, _DB),
    "cursor": ({"execute", "executemany", "fetchone", "fetchall", "fetchmany"}, _DB),
    "tlock": ({"acquire"}, "an asyncio.Lock/Semaphore (`async with lock:`)"),
    "tcond": ({"acquire", "wait", "wait_for"}, "asyncio.Condition"),
    "tevent": ({"wait"}, "asyncio.Event (`await event.wait()`)"),
    "thread": ({"join"}, "`await asyncio.to_thread(t.join)`"),
    "squeue": ({"get", "join"}, "asyncio.Queue (`await queue.get()`)"),
    "cffuture": ({"result", "exception"}, "`await asyncio.wrap_future(f)`"),
    "mppool": ({"map", "starmap", "apply", "join"}, "`await loop.run_in_executor(...)`"),
    "executor": ({"shutdown"}, "`await asyncio.to_thread(executor.shutdown)`"),
    "path": ({"read_text", "read_bytes", "write_text", "write_bytes", "open", "exists",
              "is_file", "is_dir", "is_symlink", "stat", "lstat", "iterdir", "glob",
              "rglob", "mkdir", "unlink", "rmdir", "rename", "replace", "touch",
              "resolve", "samefile", "readlink", "chmod", "owner", "group"}, _FS),
}
# What a method call on an object of some kind returns.
_RETURNS = {
    ("executor", "submit"): "cffuture", ("db", "cursor"): "cursor",
    ("db", "execute"): "cursor", ("path", "open"): "file", ("socket", "accept"): None,
    ("path", "with_suffix"): "path", ("path", "with_name"): "path",
    ("path", "joinpath"): "path", ("path", "absolute"): "path",
    ("path", "expanduser"): "path", ("loop", "create_task"): "task",
    ("taskgroup", "create_task"): "tgtask",
}
for _m in _METHODS_HTTP:
    _RETURNS[("asession", _m)] = "aresponse"
# Coroutine-making methods of asyncio objects (LL015).
_CORO_METHODS = {
    "aqueue": {"put", "get", "join"}, "alock": {"acquire"}, "acond": {"acquire", "wait",
                                                                      "wait_for"},
    "aevent": {"wait"}, "awriter": {"drain", "wait_closed", "start_tls"},
    "areader": {"read", "readline", "readexactly", "readuntil"},
    "asession": {"close"} | {"get", "post", "put", "patch", "delete", "head", "options",
                             "request"},
    "aresponse": {"text", "json", "read", "release", "wait_for_close"},
    "loop": {"run_in_executor", "sock_recv", "sock_sendall", "sock_connect",
             "sock_accept", "getaddrinfo", "create_connection", "shutdown_asyncgens",
             "shutdown_default_executor"},
}
_CORO_FUNCS = {
    "asyncio.sleep", "asyncio.wait_for", "asyncio.wait", "asyncio.gather", "asyncio.shield",
    "asyncio.open_connection", "asyncio.start_server", "asyncio.open_unix_connection",
    "asyncio.start_unix_server", "asyncio.create_subprocess_exec",
    "asyncio.create_subprocess_shell", "asyncio.to_thread", "looplab.lab.io",
    "looplab.lab.fetch", "looplab.lab.sleep", "trio.sleep", "anyio.sleep",
}
# Calls whose argument is consumed as a value, not run: a coroutine passed
# here is a forgotten await.
_VALUE_FUNCS = {"print", "str", "repr", "len", "int", "float", "bool", "sum", "sorted",
                "list", "tuple", "set", "dict", "max", "min", "any", "all", "json.dumps"}
_SESSIONS = ("aiohttp.ClientSession", "looplab.lab.Session")
_HTTP_SESSIONS = ("aiohttp.ClientSession", "looplab.lab.Session", "httpx.AsyncClient")
_MANUAL_LOOP = ("asyncio.get_event_loop", "asyncio.new_event_loop", "asyncio.set_event_loop")
_TASK_MAKERS = ("asyncio.create_task", "asyncio.ensure_future")
_TASKGROUPS = ("asyncio.TaskGroup", "trio.open_nursery", "anyio.create_task_group")
_TIMEOUT_SCOPES = {
    "asyncio.timeout", "asyncio.timeout_at", "async_timeout.timeout",
    "async_timeout.timeout_at", "trio.move_on_after", "trio.move_on_at",
    "trio.fail_after", "trio.fail_at", "trio.CancelScope", "anyio.move_on_after",
    "anyio.fail_after", "anyio.CancelScope",
}
_SLEEPS = ("asyncio.sleep", "trio.sleep", "anyio.sleep", "trio.sleep_until",
           "looplab.lab.sleep")
_LOOP_NEEDERS = {"asyncio.create_task", "asyncio.get_running_loop", "asyncio.current_task",
                 "asyncio.all_tasks", "asyncio.ensure_future", "asyncio.Future",
                 "asyncio.get_event_loop", "asyncio.TaskGroup", "asyncio.Queue",
                 "asyncio.Event", "asyncio.Lock"}
_STATE_PREDICATES = {"is_set", "done", "empty", "full", "locked", "cancelled", "qsize"}
_FNS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)
_LOOPS = (ast.For, ast.AsyncFor, ast.While)


class Finding:
    """One finding: rule id, 1-based line and column, and the details the
    rule's message templates need."""
    __slots__ = ("rule", "line", "col", "detail")

    def __init__(self, rule, node, **detail):
        self.rule = rule
        self.line = getattr(node, "lineno", 1)
        self.col = getattr(node, "col_offset", 0) + 1
        self.detail = detail

    def _fmt(self, which):
        """The rule's problem or fix text filled in with this finding's
        details (a finding may carry its own text for a special case)."""
        r = RULES[self.rule]
        if which in self.detail:
            return self.detail[which]
        text = r.problem if which == "problem" else r.fix
        try:
            return text.format(**self.detail)
        except (KeyError, IndexError):
            return text

    @property
    def lesson(self):
        lid = RULES[self.rule].lesson
        return "%s %s" % (lid, LESSONS.get(lid, ""))

    def as_dict(self):
        r = RULES[self.rule]
        return {"rule": self.rule, "slug": r.slug, "category": r.category,
                "priority": PRIORITY_NAME[r.priority], "line": self.line, "col": self.col,
                "problem": self._fmt("problem"), "fix": self._fmt("fix"),
                "lesson": r.lesson, "lesson_title": LESSONS.get(r.lesson, "")}


def _dotted(node):
    """`a.b.c` for a Name/Attribute chain, else None (iterative: attribute
    chains can be thousands deep)."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return None


def _src(node, limit=60):
    """Short source text of a node for messages; never fails."""
    try:
        s = ast.unparse(node)
    except (RecursionError, ValueError, AttributeError):
        return "..."
    return s if len(s) <= limit else s[:limit - 3] + "..."


# Fields that never hold nodes worth visiting: names, operators and the
# Load/Store markers (a third of all nodes). Skipping them makes every walk
# about twice as fast as ast.walk, which is what keeps a 10,000-line
# project under a second.
_SKIP_FIELDS = {"ctx", "op", "ops", "id", "attr", "name", "arg", "kind", "names",
                "type_comment", "module", "level", "is_async", "conversion",
                "kwd_attrs", "rest", "type_ignores"}
_FIELDS = {}
_AST = ast.AST


def _kids(n):
    """The child nodes of n that the rules look at (see _SKIP_FIELDS); the
    pre-pass stores them on each node (_llk) so later walks reuse them."""
    k = n.__dict__.get("_llk")
    if k is not None:
        return k
    t = type(n)
    fields = _FIELDS.get(t)
    if fields is None:
        fields = _FIELDS[t] = tuple(f for f in t._fields if f not in _SKIP_FIELDS and
                                    not (t is ast.Constant and f == "value"))
    out = []
    for f in fields:
        v = getattr(n, f, None)
        if v is None:
            continue
        if v.__class__ is list:
            for x in v:
                if isinstance(x, _AST):
                    out.append(x)
        elif isinstance(v, _AST):
            out.append(v)
    return out


def _walk(node):
    """ast.walk, iterative and over _kids only."""
    todo = [node]
    while todo:
        n = todo.pop()
        yield n
        todo.extend(_kids(n))


_NO_ENTER = _FNS + (ast.ClassDef,)


def _walk_no_fn(node):
    """_walk that does not enter nested functions, lambdas or classes
    (iterative, so deep expressions cannot exhaust the Python stack)."""
    todo = [node]
    while todo:
        n = todo.pop()
        yield n
        for c in _kids(n):
            if not isinstance(c, _NO_ENTER):
                todo.append(c)


def _walk_body(stmts):
    """_walk_no_fn over a statement list; a nested def or class is yielded
    but not entered."""
    for s in stmts:
        if isinstance(s, _FNS + (ast.ClassDef,)):
            yield s
        else:
            yield from _walk_no_fn(s)


def _awaits(nodes):
    """True when the statements (not nested functions) suspend: await,
    async for, async with."""
    return any(isinstance(n, (ast.Await, ast.AsyncFor, ast.AsyncWith))
               for n in _walk_body(nodes))


def _placeholder(stmts):
    """A block that is only `...`/`pass`: it stands for code not shown."""
    return all(isinstance(x, ast.Pass) or (isinstance(x, ast.Expr) and
                                           isinstance(x.value, ast.Constant))
               for x in stmts)


def _const_true(test):
    """`while True` / `while 1`: a test that never ends the loop by itself."""
    return isinstance(test, ast.Constant) and bool(test.value) and test.value is not Ellipsis


class _Ctx:
    """Where the visitor is: the function, its loops, trys and context
    managers. Copied on change (small), so nested blocks cannot leak state."""
    __slots__ = ("fn", "is_async", "loops", "trys", "guards", "tgs", "cls", "types",
                 "timeouts")

    def __init__(self, **kw):
        for k in self.__slots__:
            setattr(self, k, kw.get(k))

    def but(self, **kw):
        """A copy with some fields changed."""
        c = _Ctx(**{k: getattr(self, k) for k in self.__slots__})
        for k, v in kw.items():
            setattr(c, k, v)
        return c


class _Linter:
    """One file's analysis. Statements are visited recursively (Python caps
    indentation at 100 levels; a long elif chain nests deeper, and then the
    big-stack retry of _analyse takes over); expressions are walked
    iteratively, so arbitrarily deep expressions are fine."""

    def __init__(self):
        self.found = []
        self.aliases = {}          # local name -> qualified name (imports, aliases)
        self.parent = {}           # node -> parent node
        self.has_limit = False     # a Semaphore or Queue somewhere (LL011)
        self.uses_executor = False  # to_thread / run_in_executor somewhere (LL009)
        self.thread_calls = []     # LL009 candidates, decided at the end
        self.fanout_calls = []     # LL011 candidates, decided at the end
        self.module_types = {}     # module-level name -> kind (see _KINDS)
        self.class_info = {}       # class name -> {"async": set, "sync": set, "types": {}, "bases": bool}
        self.async_funcs = set()   # module-level async def names (undecorated)
        self.async_gens = set()    # module-level async generator functions
        self.sync_funcs = set()    # module-level plain def names
        self.run_funcs = set()     # plain defs (any level) that call asyncio.run
        self.gen_calls = {}        # name -> [is each call consumed safely? (LL020)]
        self.called_in_loop = set()  # names called once per item
        self.called_in_loop_methods = set()  # self.<name>(...) called once per item
        self.uses_async_file = False
        self.unused_async = []     # (async def, its LL021 finding), decided at the end
        self._fnodes = {}
        self._loads = {}
        self._used_quals = None
        self.all_calls = []        # every Call node (pre-pass)

    # -- helpers ---------------------------------------------------------
    def qual(self, func):
        """The qualified name of a callee (`sleep` -> `time.sleep` after
        `from time import sleep`), or None for computed callees."""
        d = _dotted(func)
        if d is None:
            return None
        head, _, rest = d.partition(".")
        if head in self.aliases:
            base = self.aliases[head]
            return base + ("." + rest if rest else "")
        return d

    def add(self, rule, node, **detail):
        self.found.append(Finding(rule, node, **detail))

    def kind_of(self, expr, ctx):
        """The kind of object an expression holds (see _KINDS), or None."""
        if isinstance(expr, ast.Await):
            expr = expr.value
        if isinstance(expr, ast.Name):
            if ctx is not None and ctx.types is not None and expr.id in ctx.types:
                return ctx.types[expr.id]
            return self.module_types.get(expr.id)
        if isinstance(expr, ast.Attribute):
            if isinstance(expr.value, ast.Name) and expr.value.id in ("self", "cls") \
                    and ctx is not None and ctx.cls in self.class_info:
                k = self.class_info[ctx.cls]["types"].get(expr.attr)
                if k:
                    return k
            if expr.attr == "parent" and self.kind_of(expr.value, ctx) == "path":
                return "path"
            return None
        if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Div):
            if self.kind_of(expr.left, ctx) == "path":
                return "path"
            return None
        if isinstance(expr, ast.Call):
            q = self.qual(expr.func) or ""
            if q in _KINDS:
                return _KINDS[q]
            if isinstance(expr.func, ast.Name) and expr.func.id in self.class_info:
                return "cls:" + expr.func.id
            if isinstance(expr.func, ast.Attribute):
                rk = self.kind_of(expr.func.value, ctx)
                if rk is not None:
                    return _RETURNS.get((rk, expr.func.attr))
        return None

    def kind_of_annotation(self, ann):
        """httpx.Client, Optional[httpx.Client], httpx.Client | None -> kind."""
        todo = [ann]
        while todo:
            a = todo.pop()
            if isinstance(a, ast.Constant) and isinstance(a.value, str):
                try:
                    a = ast.parse(a.value, mode="eval").body
                except SyntaxError:
                    continue
            if isinstance(a, ast.Subscript):
                todo.append(a.slice)
                continue
            if isinstance(a, ast.Tuple):
                todo.extend(a.elts)
                continue
            if isinstance(a, ast.BinOp) and isinstance(a.op, ast.BitOr):
                todo.extend((a.left, a.right))
                continue
            q = self.qual(a)
            if q in _KINDS:
                return _KINDS[q]
        return None

    def scan_types(self, stmts, ctx, args=None, nodes=None):
        """Flow-insensitive types of a scope's names: what each was last
        assigned from (constructor calls, `with X() as n`, annotations)."""
        types = {}
        c = (ctx or _Ctx()).but(types=types)
        if args is not None:
            for a in args.posonlyargs + args.args + args.kwonlyargs:
                if a.annotation is not None:
                    k = self.kind_of_annotation(a.annotation)
                    if k:
                        types[a.arg] = k
        for n in (nodes if nodes is not None else _walk_body(stmts)):
            if isinstance(n, ast.Assign):
                k = self.kind_of(n.value, c)
                for t in n.targets:
                    if isinstance(t, ast.Name) and k:
                        types[t.id] = k
                    elif isinstance(t, ast.Tuple) and isinstance(n.value, ast.Await) \
                            and isinstance(n.value.value, ast.Call) and \
                            self.qual(n.value.value.func) in ("asyncio.open_connection",
                                                              "asyncio.open_unix_connection") \
                            and len(t.elts) == 2:
                        for e, kk in zip(t.elts, ("areader", "awriter")):
                            if isinstance(e, ast.Name):
                                types[e.id] = kk
            elif isinstance(n, ast.AnnAssign) and isinstance(n.target, ast.Name):
                k = (self.kind_of(n.value, c) if n.value is not None else None) or \
                    self.kind_of_annotation(n.annotation)
                if k:
                    types[n.target.id] = k
            elif isinstance(n, (ast.With, ast.AsyncWith)):
                for it in n.items:
                    if isinstance(it.optional_vars, ast.Name):
                        k = self.kind_of(it.context_expr, c)
                        if k:
                            types[it.optional_vars.id] = k
        return types

    # -- the pre-pass ------------------------------------------------------
    def prepass(self, tree):
        """One walk over the tree: parents, imports, alias assignments,
        calls by name; then the module's functions, classes and types."""
        parent = self.parent
        name_calls, assigns, defs, method_calls = [], [], [], []
        all_calls = self.all_calls
        todo = [tree]
        while todo:
            p = todo.pop()
            kids = p._llk = _kids(p)
            for ch in kids:
                parent[ch] = p
            todo.extend(kids)
            t = type(p)
            if t is ast.Call:
                all_calls.append(p)
                if type(p.func) is ast.Name:
                    name_calls.append(p)
                elif type(p.func) is ast.Attribute and type(p.func.value) is ast.Name and \
                        p.func.value.id in ("self", "cls"):
                    method_calls.append(p)
            elif t is ast.Assign:
                assigns.append(p)
            elif t is ast.AsyncFunctionDef:
                self.uses_async_file = True
            elif t is ast.FunctionDef:
                defs.append(p)
            elif t is ast.Import:
                for a in p.names:
                    if a.asname:
                        self.aliases[a.asname] = a.name
                    else:
                        h = a.name.split(".")[0]
                        self.aliases.setdefault(h, h)
            elif t is ast.ImportFrom and p.module and p.level == 0:
                for a in p.names:
                    self.aliases[a.asname or a.name] = p.module + "." + a.name
        # `spawn = asyncio.create_task` style aliases, anywhere.
        for p in assigns:
            if len(p.targets) == 1 and isinstance(p.targets[0], ast.Name) and \
                    isinstance(p.value, (ast.Attribute, ast.Name)):
                q = self.qual(p.value)
                if q and q.startswith("asyncio.") and p.targets[0].id not in self.aliases:
                    self.aliases[p.targets[0].id] = q
        for s in tree.body:
            if isinstance(s, ast.AsyncFunctionDef) and not _decorated(s):
                if not self._is_generator(s):
                    self.async_funcs.add(s.name)
                else:
                    self.async_gens.add(s.name)
            elif isinstance(s, ast.FunctionDef):
                self.sync_funcs.add(s.name)
            elif isinstance(s, ast.ClassDef):
                self.prepass_class(s)
        self.async_funcs -= self.sync_funcs
        # A module-level rebinding (`fetch = wrap(fetch)`) may make the
        # name something else than the coroutine function.
        for p in assigns:
            if parent.get(p) is tree:
                self.async_funcs -= {t.id for t in p.targets if isinstance(t, ast.Name)}
        # Plain functions (module level, nested or methods) that start an
        # event loop: calling one from a coroutine is LL013.
        for fd in defs:
            if any(isinstance(n, ast.Call) and self.qual(n.func) == "asyncio.run"
                   for n in self.fnodes(fd)):
                self.run_funcs.add(fd.name)
        self.module_types = self.scan_types(
            [s for s in tree.body if not isinstance(s, _FNS + (ast.ClassDef,))], None)
        for p in method_calls:
            if self._per_item(p):
                self.called_in_loop_methods.add(p.func.attr)
        for p in name_calls:
            par = parent.get(p)
            self.gen_calls.setdefault(p.func.id, []).append(self._closed_use(p, par))
            if self._per_item(p):
                self.called_in_loop.add(p.func.id)

    def _closed_use(self, call, par):
        """Is this use of an async generator one that always finalises it:
        wrapped in `aclosing(...)`, or consumed to the end by an async
        comprehension or an `async for` that never leaves early?"""
        if isinstance(par, ast.Call) and (self.qual(par.func) or "").endswith("aclosing"):
            return True
        if isinstance(par, ast.comprehension) and par.iter is call and par.is_async:
            return True
        if isinstance(par, ast.AsyncFor) and par.iter is call:
            return not any(isinstance(n, (ast.Break, ast.Return, ast.Raise))
                           for n in _walk_body(par.body))
        return False

    def _is_generator(self, fn):
        """An async generator: calling it makes an async iterator, not a
        coroutine, so it is never awaited."""
        return any(isinstance(n, (ast.Yield, ast.YieldFrom)) for n in self.fnodes(fn))

    def fnodes(self, fn):
        """The nodes of a function's body, not entering nested functions
        (computed once per function: several rules read them)."""
        got = self._fnodes.get(fn)
        if got is None:
            got = self._fnodes[fn] = list(_walk_body(fn.body)) \
                if not isinstance(fn, ast.Lambda) else list(_walk_no_fn(fn.body))
        return got

    def loads(self, scope):
        """name -> the Name nodes reading it anywhere in scope (nested
        functions included: a closure that reads a task keeps it)."""
        got = self._loads.get(scope)
        if got is None:
            got = self._loads[scope] = {}
            for n in _walk(scope):
                if type(n) is ast.Name and type(n.ctx) is ast.Load:
                    got.setdefault(n.id, []).append(n)
        return got

    def prepass_class(self, cls):
        """Which methods are coroutine functions, and the kinds of `self.x`
        attributes (assigned anywhere in the class)."""
        info = {"async": set(), "sync": set(), "types": {},
                "bases": any(not (isinstance(b, ast.Name) and b.id == "object")
                             for b in cls.bases)}
        for s in cls.body:
            if isinstance(s, ast.AsyncFunctionDef):
                if not _decorated(s, ok=("staticmethod", "classmethod")) and \
                        not self._is_generator(s):
                    info["async"].add(s.name)
            elif isinstance(s, ast.FunctionDef):
                info["sync"].add(s.name)
        info["async"] -= info["sync"]
        ctx = _Ctx(cls=None, types={})
        for s in cls.body:
            if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for n in self.fnodes(s):
                    if isinstance(n, ast.Assign):
                        for t in n.targets:
                            if isinstance(t, ast.Attribute) and \
                                    isinstance(t.value, ast.Name) and t.value.id == "self":
                                k = self.kind_of(n.value, ctx)
                                if k:
                                    info["types"][t.attr] = k
        self.class_info[cls.name] = info

    def _per_item(self, call):
        """Is this call made once per item: in a loop or comprehension body,
        or as a `map`/`gather` argument among several calls?"""
        n, p = call, self.parent.get(call)
        while p is not None and not isinstance(p, _FNS + (ast.Module, ast.ClassDef)):
            if isinstance(p, (ast.For, ast.AsyncFor, ast.While)) and n not in (
                    getattr(p, "iter", None), getattr(p, "test", None)):
                return True
            if isinstance(p, (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)) \
                    and n not in [g.iter for g in p.generators]:
                return True
            n, p = p, self.parent.get(p)
        return False

    # -- statements -------------------------------------------------------
    def stmts(self, body, ctx):
        for s in body:
            self.stmt(s, ctx)

    def stmt(self, s, ctx):
        """Visit one statement: its own handler (s_*) or its expressions
        and nested blocks with the same context."""
        fn = getattr(self, "s_" + type(s).__name__, None)
        if fn is not None:
            fn(s, ctx)
            return
        for ch in _kids(s):
            if not isinstance(ch, ast.stmt):
                self.expr(ch, ctx)
        for field in ("body", "orelse", "finalbody"):
            sub = getattr(s, field, None)
            if isinstance(sub, list):
                self.stmts(sub, ctx)

    def s_FunctionDef(self, node, ctx):
        """A new scope: its own loops, trys, guards and name kinds."""
        for d in node.decorator_list:
            self.expr(d, ctx)
        self.expr(node.args, ctx)
        if node.returns is not None:
            self.expr(node.returns, ctx)
        is_async = isinstance(node, ast.AsyncFunctionDef)
        inner = _Ctx(fn=node, is_async=is_async, loops=(), trys=0, guards=(), tgs=(),
                     timeouts=0, cls=ctx.cls)
        inner.types = self.scan_types(node.body, inner, node.args, self.fnodes(node))
        if is_async:
            self.check_async_def(node, ctx)
        self.stmts(node.body, inner)

    s_AsyncFunctionDef = s_FunctionDef

    def s_ClassDef(self, node, ctx):
        for d in node.decorator_list + node.bases:
            self.expr(d, ctx)
        self.stmts(node.body, ctx.but(cls=node.name, fn=None, is_async=False, loops=(),
                                      trys=0, guards=(), tgs=(), types=None))

    def s_Expr(self, node, ctx):
        self.check_dropped_task(node.value, ctx)
        self.expr(node.value, ctx)

    def s_Assign(self, node, ctx):
        if len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            self.check_unused_task(node, ctx)
        for ch in _kids(node):
            self.expr(ch, ctx)

    def s_Try(self, node, ctx):
        has_finally = bool(node.finalbody)
        self.stmts(node.body, ctx.but(trys=ctx.trys + 1, guards=ctx.guards + (
            ("try ... finally",) if has_finally else ())))
        caught_cancel = False
        for h in node.handlers:
            if h.type is not None:
                self.expr(h.type, ctx)
            if ctx.is_async:
                caught_cancel = self.check_handler(node, h, ctx, caught_cancel)
            self.stmts(h.body, ctx)
        self.stmts(node.orelse, ctx)
        self.stmts(node.finalbody, ctx)

    s_TryStar = s_Try

    def s_With(self, node, ctx):
        """LL018 (timeout scope with no await), LL001 (threading lock in
        `with`), and the TaskGroup / guard context for LL019 and LL020."""
        tgs = ctx.tgs
        for i, item in enumerate(node.items):
            self.expr(item, ctx)
            ce = item.context_expr
            q = self.qual(ce.func) if isinstance(ce, ast.Call) else None
            if q in _TIMEOUT_SCOPES:
                later_async = isinstance(node, ast.AsyncWith) and i + 1 < len(node.items)
                if not later_async and not _awaits(node.body) and not any(
                        isinstance(n, (ast.Yield, ast.YieldFrom))
                        for n in _walk_body(node.body)):
                    self.add("LL018", ce, call="`%s(...)`" % (_dotted(ce.func) or q))
            if isinstance(node, ast.AsyncWith) and q in _TASKGROUPS:
                tgs = tgs + ((len(ctx.loops), _dotted(ce.func) or q),)
            if isinstance(node, ast.With) and ctx.is_async and \
                    self.kind_of(ce, ctx) in ("tlock", "tcond"):
                self.add("LL001", ce, call="`with %s:` (a threading lock)" % _src(ce),
                         alt="an asyncio.Lock (`async with lock:`)")
        where = "async with" if isinstance(node, ast.AsyncWith) else "with"
        timeouts = (ctx.timeouts or 0) + sum(
            1 for it in node.items if isinstance(it.context_expr, ast.Call) and
            self.qual(it.context_expr.func) in _TIMEOUT_SCOPES)
        self.stmts(node.body, ctx.but(tgs=tgs, guards=ctx.guards + (where,),
                                      timeouts=timeouts))

    s_AsyncWith = s_With

    def s_For(self, node, ctx):
        self.expr(node.target, ctx)
        self.expr(node.iter, ctx)
        if ctx.is_async and isinstance(node, ast.For):
            self.check_sequential(node, ctx)
            if isinstance(node.iter, ast.Call) and \
                    self.qual(node.iter.func) in ("itertools.count", "itertools.cycle") and \
                    not any(isinstance(n, (ast.Await, ast.AsyncFor, ast.AsyncWith, ast.Yield,
                                           ast.YieldFrom, ast.Break, ast.Return, ast.Raise))
                            for n in _walk_body(node.body)):
                self.add("LL016", node, how="`for ... in %s()` never ends" %
                         _dotted(node.iter.func))
            if self.kind_of(node.iter, ctx) == "file":
                self.add("LL001", node.iter, call="iterating over the file `%s`"
                         % _src(node.iter), alt=_FILE)
        inner = ctx.but(loops=ctx.loops + (node,))
        self.stmts(node.body, inner)
        self.stmts(node.orelse, ctx)

    s_AsyncFor = s_For

    def s_While(self, node, ctx):
        self.expr(node.test, ctx)
        if ctx.is_async:
            self.check_while(node, ctx)
        self.stmts(node.body, ctx.but(loops=ctx.loops + (node,)))
        self.stmts(node.orelse, ctx)

    def s_Return(self, node, ctx):
        if node.value is not None:
            self.expr(node.value, ctx)
        if ctx.tgs:
            self.add("LL019", node, stmt="return", call=ctx.tgs[-1][1] + "()")

    def _loop_exit(self, node, ctx):
        if ctx.tgs and ctx.tgs[-1][0] == len(ctx.loops) and ctx.loops:
            word = "break" if isinstance(node, ast.Break) else "continue"
            self.add("LL019", node, stmt=word, call=ctx.tgs[-1][1] + "()")

    s_Break = _loop_exit
    s_Continue = _loop_exit

    def s_Match(self, node, ctx):
        self.expr(node.subject, ctx)
        for case in node.cases:
            self.expr(case.pattern, ctx)
            if case.guard is not None:
                self.expr(case.guard, ctx)
            self.stmts(case.body, ctx)

    # -- expressions ------------------------------------------------------
    def expr(self, root, ctx):
        """Walk an expression iteratively. A lambda starts a plain (not
        async) scope: a call in it runs whenever the lambda is called."""
        todo = [(root, ctx)]
        while todo:
            n, c = todo.pop()
            if isinstance(n, ast.Lambda):
                c = c.but(fn=n, is_async=False, loops=(), trys=0, guards=(), tgs=())
            elif isinstance(n, ast.Call):
                self.call(n, c)
            elif isinstance(n, (ast.Yield, ast.YieldFrom)):
                self.check_yield(n, c)
            for ch in _kids(n):
                todo.append((ch, c))

    def call(self, node, ctx):
        """The per-call rules: LL001, LL004-LL006, LL009-LL011, LL013-LL015,
        LL018, LL023, LL024."""
        q = self.qual(node.func) or ""
        short = _dotted(node.func) or (node.func.attr if isinstance(node.func, ast.Attribute)
                                       else "")
        kw = {k.arg for k in node.keywords}
        attr = node.func.attr if isinstance(node.func, ast.Attribute) else None
        in_async = bool(ctx.is_async)
        if "Semaphore" in q or q.endswith("Queue") or "BoundedSemaphore" in q:
            self.has_limit = True
        if q.endswith("run_in_executor") or q == "asyncio.to_thread" or \
                attr == "run_in_executor":
            self.uses_executor = True
        # LL001
        if in_async:
            if q in _BLOCKING:
                self.add("LL001", node, call="`%s()`%s" % (short, "" if q == short else
                                                           " (%s)" % q), alt=_BLOCKING[q])
            elif attr is not None:
                rk = self.kind_of(node.func.value, ctx)
                meths = _BLOCKING_METHODS.get(rk)
                if meths is None and rk is None and self._sync_http_shape(node):
                    meths = ({attr}, _HTTP)
                if meths and attr in meths[0] and not _non_blocking(node, rk, attr) and \
                        not (rk == "socket" and self._nonblocking_socket(node, ctx)):
                    self.add("LL001", node, call="`%s()`" % (_dotted(node.func) or
                                                             "%s(...).%s" % (_src(
                                                                 node.func.value, 30),
                                                                 attr)),
                             alt=meths[1])
        # LL004 / LL006 / LL023
        if q in _SESSIONS or q.endswith("ClientSession"):
            if "timeout" not in kw and not ctx.timeouts and \
                    not self._requests_have_timeout(node, ctx):
                how = ("aiohttp falls back to its 5-minute default, so a server that "
                       "accepts the connection and never answers holds the task that long"
                       if "aiohttp" in q else
                       "a server that never answers hangs this program")
                self.add("LL004", node, call="`%s()`" % short, how=how)
            if not self._in_with_item(node) and not self._is_assigned_closed(node, ctx):
                where = "" if ctx.is_async else (
                    ", and it is created outside any coroutine (before the event loop "
                    "runs, or in another loop than the one that will use it)")
                self.add("LL006", node, call="`%s()`" % short, short=short + "()",
                         where=where)
        if q in _HTTP_SESSIONS or q.endswith("ClientSession") or q == "aiohttp.request":
            how = None
            name = getattr(ctx.fn, "name", None) if ctx.is_async else None
            if self._per_item(node):
                how = "once per loop iteration"
            elif name is not None and ctx.cls is None and name in self.called_in_loop:
                how = "in `%s()`, which this file calls once per item" % name
            elif name is not None and ctx.cls is not None and \
                    name in self.called_in_loop_methods:
                how = "in `self.%s()`, which this file calls once per item" % name
            if how:
                self.add("LL023", node, call="`%s()`" % short, how=how)
        # LL005 / LL013 / LL024
        if in_async and q == "asyncio.get_event_loop":
            self.add("LL024", node, call="%s()" % short)
        elif in_async and (q == "asyncio.run" or attr == "run_until_complete"):
            self.add("LL013", node, call="`%s()`" % short)
        elif in_async and self._calls_run_func(node, ctx):
            self.add("LL013", node, call="`%s()` (which calls `asyncio.run()`)" % short)
        elif q in _MANUAL_LOOP or attr in ("run_until_complete", "run_forever"):
            self.add("LL005", node, call="`%s()`" % short)
        if q == "asyncio.ensure_future" and node.args and isinstance(node.args[0], ast.Call):
            self.add("LL014", node)
        if q in ("threading.Thread", "concurrent.futures.ThreadPoolExecutor") and \
                self.uses_async_file:
            self.thread_calls.append((node, short))
        if q == "asyncio.gather" and "return_exceptions" not in kw and ctx.is_async and \
                self._expects_exception_values(node, ctx):
            self.add("LL010", node)
        if q in ("asyncio.create_task", "asyncio.gather") or attr == "create_task":
            self.fanout_calls.append((node, self._iter_arg(node)))
        # LL018: wait_for around a plain call
        if q == "asyncio.wait_for" and node.args and isinstance(node.args[0], ast.Call):
            a = node.args[0]
            aq = self.qual(a.func) or ""
            if aq in _BLOCKING or (isinstance(a.func, ast.Name) and
                                   a.func.id in self.sync_funcs and
                                   a.func.id not in self.async_funcs and
                                   not self._returns_awaitable(a.func.id)):
                self.add("LL018", node, call="`%s(%s(...))`" % (short, _dotted(a.func)))
        # LL015
        if self.is_coro_call(node, ctx):
            self.check_forgotten_await(node, ctx, short)
        elif isinstance(node.func, ast.Name) and node.func.id in self.async_gens and \
                not self._shadowed(node.func.id, ctx):
            p = self.parent.get(node)
            if (isinstance(p, ast.For) and p.iter is node) or \
                    (isinstance(p, ast.comprehension) and p.iter is node and not p.is_async):
                self.add("LL015", node,
                         problem="`%s()` is an async generator iterated with a plain "
                         "`for`: that raises TypeError; its items need `async for`." % short,
                         fix="Iterate it with `async for x in %s(...)` (or `[x async for "
                         "x in ...]`)." % short)

    def _expects_exception_values(self, node, ctx):
        """LL010 fires only when the code then looks for exceptions among the
        results (`isinstance(r, Exception)`): without return_exceptions=True
        they never arrive there, the first one is raised instead. A plain
        `await asyncio.gather(...)` is the idiom, not a mistake."""
        p = self.parent.get(node)
        if isinstance(p, ast.Await):
            p = self.parent.get(p)
        if not (isinstance(p, ast.Assign) and len(p.targets) == 1) or ctx.fn is None or \
                isinstance(ctx.fn, ast.Lambda):
            return False
        names = {n.id for n in _walk(p.targets[0]) if isinstance(n, ast.Name)}
        derived = set(names)
        for n in self.fnodes(ctx.fn):
            if isinstance(n, (ast.For, ast.comprehension)) and \
                    {x.id for x in _walk(n.iter) if isinstance(x, ast.Name)} & names:
                derived |= {x.id for x in _walk(n.target) if isinstance(x, ast.Name)}
        for n in self.fnodes(ctx.fn):
            if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and \
                    n.func.id == "isinstance" and len(n.args) == 2 and \
                    getattr(n, "lineno", 0) >= p.lineno:
                kinds = {_dotted(x) or "" for x in _walk(n.args[1])}
                used = {x.id for x in _walk(n.args[0]) if isinstance(x, ast.Name)}
                if used & derived and any(k.endswith("Exception") or k.endswith("Error")
                                          for k in kinds):
                    return True
        return False

    def _sync_http_shape(self, node):
        """`x.request("GET", url)` / `x.urlopen("GET", url)` on an object of
        unknown type, neither awaited nor used by `async with`: the call
        shape of urllib3 pools and requests sessions, so a blocking request."""
        if node.func.attr not in ("request", "urlopen") or not node.args:
            return False
        a = node.args[0]
        if not (isinstance(a, ast.Constant) and isinstance(a.value, str) and
                a.value.upper() in ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD",
                                    "OPTIONS")):
            return False
        p = self.parent.get(node)
        if isinstance(p, ast.Await):
            return False
        if isinstance(p, ast.withitem) and isinstance(self.parent.get(p), ast.AsyncWith):
            return False
        return True

    def _requests_have_timeout(self, node, ctx):
        """Every request made through this session passes `timeout=`
        (aiohttp and lab accept one per request): then the session's own
        timeout is not needed."""
        p = self.parent.get(node)
        if isinstance(p, ast.Await):
            p = self.parent.get(p)
        name = None
        if isinstance(p, ast.withitem) and isinstance(p.optional_vars, ast.Name):
            name = p.optional_vars.id
        elif isinstance(p, ast.Assign) and len(p.targets) == 1 and \
                isinstance(p.targets[0], ast.Name):
            name = p.targets[0].id
        if name is None or ctx.fn is None or isinstance(ctx.fn, ast.Lambda):
            return False
        reqs = [n for n in self.fnodes(ctx.fn) if isinstance(n, ast.Call) and
                isinstance(n.func, ast.Attribute) and n.func.attr in _METHODS_HTTP and
                isinstance(n.func.value, ast.Name) and n.func.value.id == name]
        return bool(reqs) and all(any(k.arg == "timeout" for k in r.keywords) for r in reqs)

    def _returns_awaitable(self, name):
        """A plain module-level function that may hand back an awaitable
        (`def make(u): return fetch(u)`): wait_for(make(u)) is fine then."""
        for s in self.tree.body:
            if isinstance(s, ast.FunctionDef) and s.name == name:
                for n in self.fnodes(s):
                    if isinstance(n, ast.Return) and isinstance(n.value, ast.Call):
                        q = self.qual(n.value.func) or ""
                        if q in _CORO_FUNCS or q in _TASK_MAKERS or \
                                (isinstance(n.value.func, ast.Name) and
                                 n.value.func.id in self.async_funcs) or \
                                isinstance(n.value.func, ast.Attribute):
                            return True
                    if isinstance(n, ast.Return) and isinstance(n.value, ast.Name):
                        return True
        return False

    def _calls_run_func(self, node, ctx):
        """`helper()` or `self.helper()` where helper is a plain function of
        this file that calls asyncio.run."""
        f = node.func
        if isinstance(f, ast.Name):
            return f.id in self.run_funcs and f.id not in (ctx.types or {})
        return isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) and \
            f.value.id in ("self", "cls") and f.attr in self.run_funcs and \
            f.attr in self.class_info.get(ctx.cls, {}).get("sync", ())

    def _in_with_item(self, node):
        """Is this call the context expression of a with item?"""
        p = self.parent.get(node)
        if isinstance(p, ast.Await):
            node, p = p, self.parent.get(p)
        return isinstance(p, ast.withitem) and p.context_expr is node

    def _nonblocking_socket(self, node, ctx):
        """A socket set to non-blocking in this function raises instead of
        waiting; it is not a blocking call."""
        name = _dotted(node.func.value)
        return ctx.fn is not None and any(
            isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and
            n.func.attr == "setblocking" and _dotted(n.func.value) == name
            for n in self.fnodes(ctx.fn))

    def _iter_arg(self, node):
        """The generator/list comprehension starred into gather(...), if any."""
        for a in node.args:
            if isinstance(a, ast.Starred) and isinstance(
                    a.value, (ast.GeneratorExp, ast.ListComp)):
                return a.value
        return None

    def _is_assigned_closed(self, node, ctx):
        """`x = Session()` whose x.close() is in a `finally` of the same
        function is as safe as `async with`."""
        p = self.parent.get(node)
        if isinstance(p, ast.Await):
            p = self.parent.get(p)
        if not (isinstance(p, ast.Assign) and len(p.targets) == 1 and
                isinstance(p.targets[0], ast.Name)) or ctx.fn is None or \
                isinstance(ctx.fn, ast.Lambda):
            return False
        name = p.targets[0].id
        for t in self.fnodes(ctx.fn):
            if isinstance(t, ast.Try) and any(
                    isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
                    and n.func.attr in ("close", "aclose")
                    and isinstance(n.func.value, ast.Name) and n.func.value.id == name
                    for s in t.finalbody for n in _walk(s)):
                return True
        return False

    # -- LL015 --------------------------------------------------------------
    def is_coro_call(self, node, ctx):
        f = node.func
        if isinstance(f, ast.Name):
            if f.id in self.async_funcs and f.id not in (ctx.types or {}) and \
                    not self._shadowed(f.id, ctx):
                return True
            return self.qual(f) in _CORO_FUNCS
        if isinstance(f, ast.Attribute):
            if isinstance(f.value, ast.Name) and f.value.id in ("self", "cls") and \
                    ctx.cls in self.class_info:
                return f.attr in self.class_info[ctx.cls]["async"]
            if self.qual(f) in _CORO_FUNCS:
                return True
            rk = self.kind_of(f.value, ctx)
            if rk is not None and rk.startswith("cls:"):
                return f.attr in self.class_info.get(rk[4:], {}).get("async", ())
            if rk is None and isinstance(f.value, ast.Name) and ctx.is_async:
                rk = self._guess_kind(f.value.id)
            return rk in _CORO_METHODS and f.attr in _CORO_METHODS[rk]
        return False

    def _guess_kind(self, name):
        """The kind of an untyped parameter, from its name, when this file
        settles it: `queue`/`q` in a file that makes asyncio queues and no
        thread/process queues, `session` in a file that imports aiohttp and
        not requests. Only LL015 uses the guess (a missing await there)."""
        n = name.lower()
        if n in ("q", "queue") or n.endswith("_queue") or n.endswith("_q"):
            if self._uses("asyncio.Queue", "asyncio.PriorityQueue", "asyncio.LifoQueue") \
                    and not self._uses("queue.Queue", "queue.SimpleQueue",
                                       "multiprocessing.Queue", "queue.LifoQueue",
                                       "queue.PriorityQueue"):
                return "aqueue"
        if n in ("session", "sess") or n.endswith("_session"):
            if any(v.split(".")[0] == "aiohttp" for v in self.aliases.values()) and \
                    not any(v.split(".")[0] in ("requests", "httpx")
                            for v in self.aliases.values()):
                return "asession"
        return None

    def _uses(self, *quals):
        """Does the file call one of these?"""
        got = self._used_quals
        if got is None:
            got = self._used_quals = {self.qual(c.func) for c in self.all_calls} - {None}
        return any(q in got for q in quals)

    def _shadowed(self, name, ctx):
        """Is the name a parameter or local of the current function (so not
        the module's coroutine function)?"""
        fn = ctx.fn
        if fn is None or isinstance(fn, ast.Lambda):
            return False
        a = fn.args
        if any(x.arg == name for x in a.posonlyargs + a.args + a.kwonlyargs):
            return True
        return any(isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Store)
                   for n in _walk_body(fn.body))

    def _value_use(self, node, p):
        """How `node` (a coroutine) is used by its parent p: None when that
        is fine (awaited, passed on, stored in a container), else a phrase."""
        if isinstance(p, ast.Expr):
            return "its result is dropped"
        if isinstance(p, ast.Attribute):
            if p.attr in ("send", "throw", "close", "__await__", "cr_frame"):
                return None
            return "`.%s` is read from the coroutine object" % p.attr
        if isinstance(p, ast.Subscript) and p.value is node:
            return "it is indexed instead of its result"
        if isinstance(p, (ast.If, ast.While, ast.IfExp, ast.Assert)) and \
                getattr(p, "test", None) is node:
            return "it is tested (a coroutine object is always true)"
        if isinstance(p, (ast.UnaryOp, ast.BoolOp)):
            return "it is tested (a coroutine object is always true)"
        if isinstance(p, (ast.Compare, ast.BinOp)):
            return "the coroutine object is compared or computed with"
        if isinstance(p, ast.FormattedValue):
            return "it is formatted into a string"
        if isinstance(p, (ast.For, ast.comprehension)) and p.iter is node:
            return "it is iterated"
        if isinstance(p, ast.withitem) and isinstance(self.parent.get(p), ast.With):
            return "it is used as a context manager"
        if isinstance(p, ast.Call) and node in p.args and \
                (self.qual(p.func) or "") in _VALUE_FUNCS:
            return "it is passed to `%s()` as a value" % _dotted(p.func)
        return None

    def check_forgotten_await(self, node, ctx, short):
        """LL015: the coroutine is dropped or used as a value, directly or
        through a name that is never awaited or passed on."""
        p = self.parent.get(node)
        how = self._value_use(node, p)
        if how is None and isinstance(p, ast.Return) and ctx.is_async:
            how = "the coroutine returns it un-awaited"
        if how is None and isinstance(p, ast.Assign) and len(p.targets) == 1 and \
                isinstance(p.targets[0], ast.Name):
            scope = ctx.fn if ctx.fn is not None and not isinstance(ctx.fn, ast.Lambda) \
                else None
            name = p.targets[0].id
            loads = self.loads(scope if scope is not None else self.tree).get(name, [])
            if not loads:
                how = "it is stored in `%s`, which is never used" % name
            else:
                uses = [self._value_use(n, self.parent.get(n)) for n in loads]
                if all(u is not None for u in uses):
                    how = "`%s` holds it and %s" % (name, uses[0].replace("it is", "is"))
        if how is not None:
            self.add("LL015", node, call="`%s()`" % short, how=how,
                     short="%s(...)" % short)

    # -- LL007 ------------------------------------------------------------
    def is_task_call(self, v, ctx):
        """asyncio.create_task/ensure_future (also aliased) or a loop's
        create_task; a TaskGroup's create_task keeps its task."""
        if not isinstance(v, ast.Call):
            return False
        q = self.qual(v.func) or ""
        if q in _TASK_MAKERS:
            return True
        if isinstance(v.func, ast.Attribute) and v.func.attr == "create_task":
            rk = self.kind_of(v.func.value, ctx)
            if rk == "taskgroup" or self._is_taskgroup_name(v.func.value, ctx):
                return False
            if rk == "loop":
                return True
            recv = _dotted(v.func.value) or ""
            if isinstance(v.func.value, ast.Name) and self._assigned_here(recv, ctx):
                return False  # bound here to something that is not a loop
            return "loop" in recv.lower()
        return False

    def _assigned_here(self, name, ctx):
        """Is the name assigned in the current scope?"""
        nodes = self.fnodes(ctx.fn) if ctx.fn is not None else _walk_body(self.tree.body)
        return any(isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Store)
                   for n in nodes)

    def _is_taskgroup_name(self, recv, ctx):
        """`tg` bound by `async with TaskGroup() as tg` (kept by the group)."""
        name = _dotted(recv)
        if name is None or ctx.fn is None or isinstance(ctx.fn, ast.Lambda):
            return False
        for n in self.fnodes(ctx.fn):
            if isinstance(n, ast.AsyncWith):
                for it in n.items:
                    if it.optional_vars is not None and _dotted(it.optional_vars) == name:
                        return True
        return False

    def check_dropped_task(self, v, ctx):
        """LL007 for an expression statement: task calls whose value the
        statement drops (also inside lists, comprehensions, conditionals)."""
        todo = [v]
        while todo:
            e = todo.pop()
            if self.is_task_call(e, ctx):
                self.add("LL007", e, call="`%s(...)`" % (_dotted(e.func) or "create_task"))
            elif isinstance(e, (ast.List, ast.Tuple, ast.Set)):
                todo.extend(e.elts)
            elif isinstance(e, (ast.ListComp, ast.SetComp, ast.GeneratorExp)):
                todo.append(e.elt)
            elif isinstance(e, ast.IfExp):
                todo.extend((e.body, e.orelse))
            elif isinstance(e, ast.BoolOp):
                todo.extend(e.values)
            elif isinstance(e, ast.Call) and isinstance(e.func, ast.Attribute) and \
                    e.func.attr == "add_done_callback":
                todo.append(e.func.value)

    def check_unused_task(self, node, ctx):
        """LL007 for `t = create_task(...)` when `t` is never read."""
        if not self.is_task_call(node.value, ctx) or ctx.fn is None or \
                isinstance(ctx.fn, ast.Lambda):
            return
        name = node.targets[0].id
        if any(isinstance(n, (ast.Global, ast.Nonlocal)) and name in n.names
               for n in self.fnodes(ctx.fn)):
            return
        if name == "_" or not self.loads(ctx.fn).get(name):
            self.add("LL007", node.value, call="`%s(...)`" % (_dotted(node.value.func) or
                                                              "create_task"))

    # -- LL003 ------------------------------------------------------------
    def check_handler(self, try_node, h, ctx, caught_cancel_before):
        """Returns whether this or an earlier handler names CancelledError."""
        t = h.type
        names = [None] if t is None else [
            self.qual(e) or "" for e in (t.elts if isinstance(t, ast.Tuple) else [t])]
        cancel = any(n and (n.endswith("CancelledError") or n == "trio.Cancelled")
                     for n in names)
        base = any(n is None or n in ("BaseException", "builtins.BaseException")
                   for n in names)
        if not (cancel or base) or (base and not cancel and caught_cancel_before):
            return caught_cancel_before or cancel
        if base and not cancel and self._cancel_guard(h):
            # `if isinstance(e, CancelledError): raise` first: the rest of
            # the handler never sees a cancellation
            return True
        if not _awaits(try_node.body) and not _placeholder(try_node.body):
            # CancelledError is delivered at an await: a try body that never
            # suspends cannot raise it, so this handler never sees one. (A
            # body that is only `...` stands for unknown code: judged.)
            return caught_cancel_before or cancel
        if self._awaits_cancelled_task(try_node, ctx):
            return True
        outs = _flow(h.body, h.name, 0)
        bad = sorted(outs - {"re"})
        if bad and self._reraised_later(h, ctx):
            bad = []
        if bad:
            how = {"fall": "does not re-raise it", "return": "returns instead of "
                   "re-raising it", "raise": "raises a different exception instead",
                   "break": "leaves with `break`", "continue": "leaves with `continue`"}
            reason = how[bad[0]] if "fall" not in bad else how["fall"]
            if "fall" in bad and len(outs) > 1:
                reason = "does not re-raise it on every path"
            handler = "except:" if t is None else "except %s" % _src(t)
            self.add("LL003", h, handler=handler, how=reason)
        return True

    def _cancel_guard(self, h):
        """The handler starts with `if isinstance(e, CancelledError): raise`
        (CancelledError alone or in a tuple), re-raising on every path."""
        if h.name is None or not h.body or not isinstance(h.body[0], ast.If):
            return False
        test = h.body[0].test
        if not (isinstance(test, ast.Call) and _dotted(test.func) == "isinstance"
                and len(test.args) == 2 and isinstance(test.args[0], ast.Name)
                and test.args[0].id == h.name):
            return False
        t = test.args[1]
        elts = t.elts if isinstance(t, ast.Tuple) else [t]
        if not any((self.qual(e) or "").endswith("CancelledError") for e in elts):
            return False
        return _flow(h.body[0].body, h.name, 0) == {"re"}

    def _reraised_later(self, h, ctx):
        """The deferred re-raise: the handler records the cancellation
        (`cancelled = True`, `err = e`) and the coroutine raises it after
        cleaning up (`if cancelled: raise CancelledError`, `raise err`), as
        asyncio's own Condition.wait and TaskGroup do."""
        if ctx.fn is None or isinstance(ctx.fn, ast.Lambda):
            return False
        marks = {t.id for s in h.body for n in _walk_no_fn(s) if isinstance(n, ast.Assign)
                 for t in n.targets if isinstance(t, ast.Name)}
        if not marks:
            return False
        end = getattr(h, "end_lineno", h.lineno) or h.lineno
        for n in self.fnodes(ctx.fn):
            if isinstance(n, ast.Raise) and n.lineno > end and n.exc is not None:
                if {x.id for x in _walk(n.exc) if isinstance(x, ast.Name)} & marks:
                    return True
            if isinstance(n, ast.If) and n.lineno > end and \
                    {x.id for x in _walk(n.test) if isinstance(x, ast.Name)} & marks and \
                    any(isinstance(b, ast.Raise) for b in n.body):
                return True
        return False

    def _awaits_cancelled_task(self, try_node, ctx):
        """`t.cancel()` then `try: await t except CancelledError: ...`: the
        error comes from the task this code cancelled (the idiom lesson 2.2
        shows), so absorbing it is intended."""
        if ctx.fn is None or isinstance(ctx.fn, ast.Lambda):
            return False
        awaited = set()
        for s in try_node.body:
            v = s.value if isinstance(s, (ast.Expr, ast.Assign, ast.AnnAssign)) else None
            if not isinstance(v, ast.Await):
                return False
            awaited |= {n.id for n in _walk(v) if isinstance(n, ast.Name)}
        cancelled = set()
        for n in self.fnodes(ctx.fn):
            if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and \
                    n.func.attr == "cancel" and n.lineno <= try_node.lineno:
                cancelled |= {x.id for x in _walk(n.func.value) if isinstance(x, ast.Name)}
                loop = self.parent.get(n)
                while loop is not None and not isinstance(loop, (ast.For, ast.AsyncFor) + _FNS):
                    loop = self.parent.get(loop)
                if isinstance(loop, (ast.For, ast.AsyncFor)):
                    cancelled |= {x.id for x in _walk(loop.iter) if isinstance(x, ast.Name)}
        return bool(awaited & cancelled)

    # -- LL002 ------------------------------------------------------------
    def check_sequential(self, node, ctx):
        """LL002: `await f(item)` (also inside `out.append(await f(item))`)
        in a `for` body. Awaits that are sequential by design
        (queue puts, writes, locks, asyncio helpers) are left alone."""
        targets = {n.id for n in _walk(node.target) if isinstance(n, ast.Name)}
        body = list(_walk_body(node.body))
        if any(isinstance(n, (ast.Break, ast.Return)) for n in body):
            return  # a search or fallback loop: it stops at the first success
        # Names the body assigns: an await that reads one depends on an
        # earlier iteration (a chain), so the items are not independent.
        assigned = {n.id for n in body if isinstance(n, ast.Name) and
                    isinstance(n.ctx, ast.Store)} - targets
        literal = isinstance(node.iter, (ast.List, ast.Tuple, ast.Set))
        for stmt in body:
            if not isinstance(stmt, (ast.Expr, ast.Assign, ast.AugAssign, ast.AnnAssign)) \
                    or stmt.value is None:
                continue
            for val in _walk_no_fn(stmt.value):
                if not (isinstance(val, ast.Await) and isinstance(val.value, ast.Call)):
                    continue
                call = val.value
                q = self.qual(call.func) or ""
                if q.startswith("asyncio."):
                    continue
                if isinstance(call.func, ast.Attribute):
                    a = call.func.attr
                    recv = (_dotted(call.func.value) or "").lower()
                    if a in ("put", "acquire", "wait", "join", "drain", "write", "send",
                             "sendall", "readline", "read", "recv", "readexactly") or \
                            (a == "get" and (self.kind_of(call.func.value, ctx) == "aqueue"
                                             or "queue" in recv or recv in ("q", "inbox"))):
                        continue
                used = {n.id for a in call.args + [k.value for k in call.keywords]
                        for n in _walk(a) if isinstance(n, ast.Name)}
                if used & assigned:
                    continue
                if literal and isinstance(stmt, ast.Expr) and stmt.value is val:
                    continue  # steps over a fixed list, run for their effect, in order
                if used & targets:
                    self.add("LL002", val)
                    return

    # -- while loops: LL008, LL016, LL017 ------------------------------------
    def check_while(self, node, ctx):
        """LL016 (no await), LL017 (only sleeps), LL008 (no clean-up)."""
        body_awaits = _awaits(node.body) or _awaits([node.test]) or any(
            isinstance(n, (ast.Yield, ast.YieldFrom)) for n in _walk_body(node.body))
        if not body_awaits:
            self.check_spin(node, ctx)
            return
        sleep = self._busy_wait(node)
        if sleep is not None:
            self.add("LL017", node, call="await %s(...)" % sleep)
            return
        if _const_true(node.test) and ctx.trys == 0 and not ctx.guards and \
                _awaits(node.body) and self._holds_resource(ctx) and not any(
                isinstance(n, (ast.Try, getattr(ast, "TryStar", ast.Try)))
                for n in _walk_body(node.body)):
            self.add("LL008", node)

    _RESOURCE_KINDS = {"file", "socket", "db", "cursor", "asession", "awriter", "popen",
                       "httpx", "requests", "httpconn", "urllib3"}

    def _holds_resource(self, ctx):
        """LL008 is about what a stopped loop leaves open: the coroutine
        must hold something to close (a file, socket, session, stream,
        connection or pool bound to a name, not by `async with`)."""
        if any(k in self._RESOURCE_KINDS for k in (ctx.types or {}).values()):
            return True
        for n in self.fnodes(ctx.fn):
            if isinstance(n, ast.Assign):
                v = n.value.value if isinstance(n.value, ast.Await) else n.value
                if isinstance(v, ast.Call):
                    q = self.qual(v.func) or ""
                    if q.endswith(".connect") or q.endswith("create_pool") or \
                            q.endswith("open_connection") or q.endswith("ClientSession"):
                        return True
        return False

    def _busy_wait(self, node):
        """The sleep function when the loop body is only sleeps, `pass` and
        `if cond: break` checks of in-process state; else None."""
        sleep = None
        for s in node.body:
            if isinstance(s, ast.Expr) and isinstance(s.value, ast.Await) and \
                    isinstance(s.value.value, ast.Call) and \
                    self.qual(s.value.value.func) in _SLEEPS:
                sleep = _dotted(s.value.value.func)
            elif isinstance(s, (ast.Pass, ast.Continue)):
                pass
            elif isinstance(s, ast.If) and not s.orelse and not _awaits([s.test]) and \
                    all(isinstance(b, (ast.Break, ast.Return, ast.Pass)) for b in s.body) \
                    and self._in_process_state(s.test):
                pass
            else:
                return None
        if sleep is None:
            return None
        if _const_true(node.test):
            return sleep
        return sleep if self._in_process_state(node.test) else None

    def _in_process_state(self, test):
        """A condition only another task can change: names, attributes,
        comparisons, `not`, and state predicates like `event.is_set()`."""
        for n in _walk(test):
            if isinstance(n, ast.Call):
                f = n.func
                if isinstance(f, ast.Attribute) and f.attr in _STATE_PREDICATES:
                    continue
                if isinstance(f, ast.Name) and f.id == "len":
                    continue
                return False
            if isinstance(n, (ast.Await, ast.NamedExpr)):
                return False
        return True

    def check_spin(self, node, ctx):
        """LL016: a loop with no await that cannot end by itself."""
        body = list(_walk_body(node.body))
        if _const_true(node.test):
            exits = any(isinstance(n, (ast.Break, ast.Return, ast.Raise)) for n in body)
            if not exits:
                self.add("LL016", node, how="`while True` never ends")
            return
        if not self._in_process_state(node.test):
            return
        watched = {_dotted(n) for n in _walk(node.test)
                   if isinstance(n, (ast.Name, ast.Attribute))} - {None}
        heads = {w.split(".")[0] for w in watched}
        for n in body:
            if isinstance(n, (ast.Break, ast.Return, ast.Raise)):
                return
            if isinstance(n, (ast.Name, ast.Attribute)) and isinstance(n.ctx, (ast.Store, ast.Del)):
                return
            if isinstance(n, ast.Call):
                q = self.qual(n.func) or ""
                if q in ("print", "time.sleep") or q.startswith("logging.") or \
                        q.startswith("log."):
                    if not any(isinstance(a, ast.Name) and a.id in heads for a in n.args):
                        continue
                return
        self.add("LL016", node, how="its condition `%s` can only change when another "
                 "task runs, which never happens" % _src(node.test, 40))

    # -- async def: LL012, LL021, LL022 ---------------------------------------
    def check_async_def(self, node, ctx):
        """LL012, LL022 now; LL021 is decided at the end (see run)."""
        self.check_unclosed(node, ctx)
        a = node.args
        dec = _decorated(node, ok=("staticmethod", "classmethod"))
        in_override = ctx.cls is not None and self.class_info.get(ctx.cls, {}).get("bases")
        for arg in a.posonlyargs + a.args + a.kwonlyargs:
            if re.fullmatch(r"timeout(_s|_sec|_secs|_seconds)?", arg.arg) and \
                    not _decorated(node, ok=("staticmethod", "classmethod", "abstractmethod")) \
                    and not in_override:
                self.add("LL022", arg, name=node.name, param=arg.arg)
        if dec or in_override or (node.name.startswith("__") and node.name.endswith("__")):
            return
        body = node.body
        if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
                and isinstance(body[0].value.value, str):
            body = body[1:]
        if all(isinstance(s, (ast.Pass, ast.Raise)) or (isinstance(s, ast.Expr) and
                                                          isinstance(s.value, ast.Constant))
               for s in body):
            return
        nodes = list(_walk_body(body))
        if any(isinstance(n, (ast.Await, ast.AsyncFor, ast.AsyncWith, ast.Yield,
                              ast.YieldFrom)) for n in nodes):
            return
        if any(isinstance(n, ast.comprehension) and n.is_async for n in nodes):
            return
        for n in nodes:
            if isinstance(n, ast.Call):
                q = self.qual(n.func) or ""
                if q in _LOOP_NEEDERS or (isinstance(n.func, ast.Attribute) and
                                          n.func.attr in ("create_task", "call_soon",
                                                          "call_later", "add_reader",
                                                          "create_future")):
                    return
        self.unused_async.append((node, Finding("LL021", node, name=node.name)))

    def check_unclosed(self, fn, ctx):
        """LL012: a session, file, connection or pool bound to a name in this
        coroutine that is neither closed nor returned."""
        body = self.fnodes(fn)
        closed = set()
        for n in body:
            if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and \
                    n.func.attr in ("close", "aclose") and isinstance(n.func.value, ast.Name):
                closed.add(n.func.value.id)
            if isinstance(n, (ast.Return, ast.Yield)) and n.value is not None:
                # handed to the caller: the name itself, or in a tuple/list
                v = n.value
                items = v.elts if isinstance(v, (ast.Tuple, ast.List)) else [v]
                closed |= {x.id for x in items if isinstance(x, ast.Name)}
        for n in body:
            if isinstance(n, ast.Assign) and len(n.targets) == 1 and \
                    isinstance(n.targets[0], ast.Name):
                v = n.value.value if isinstance(n.value, ast.Await) else n.value
                if isinstance(v, ast.Call):
                    q = self.qual(v.func) or ""
                    if (q in _SESSIONS or q.endswith("ClientSession") or q == "open"
                            or q.endswith(".connect") or q.endswith("create_pool")) \
                            and n.targets[0].id not in closed:
                        self.add("LL012", n, name=n.targets[0].id,
                                 call="`%s()`" % _dotted(v.func))

    # -- LL020 --------------------------------------------------------------
    def check_yield(self, node, ctx):
        """LL020: a yield inside a with/async with/try-finally of an async
        generator that is not a context manager and not used via aclosing."""
        if not ctx.is_async or not ctx.guards or ctx.fn is None:
            return
        fn = ctx.fn
        for d in getattr(fn, "decorator_list", []):
            dq = self.qual(d.func if isinstance(d, ast.Call) else d) or ""
            if dq.endswith("asynccontextmanager") or dq.endswith("fixture"):
                return
        calls = self.gen_calls.get(getattr(fn, "name", ""), [])
        if calls and all(calls):
            return
        self.add("LL020", node, where=ctx.guards[-1])

    # -- driver -----------------------------------------------------------
    def run(self, tree):
        """All rules over one module; findings sorted by position."""
        self.tree = tree
        self.prepass(tree)
        top = _Ctx(fn=None, is_async=False, loops=(), trys=0, guards=(), tgs=(), cls=None,
                   types=None)
        self.stmts(tree.body, top)
        if not self.uses_executor:
            for node, short in self.thread_calls:
                self.add("LL009", node, call="`%s()`" % short)
        if not self.has_limit:
            for node, gen in self.fanout_calls:
                if self._unbounded(node, gen):
                    self.add("LL011", node)
                    break
        # LL021 only when nothing else explains the missing await: a
        # coroutine that blocks (LL001), forgets an await (LL015), spins
        # (LL016)... gets that finding, not a second one saying "make it
        # a plain def", which would be the wrong fix.
        for fn, f in self.unused_async:
            end = getattr(fn, "end_lineno", fn.lineno) or fn.lineno
            if not any(fn.lineno <= g.line <= end and g.rule not in ("LL021", "LL022")
                       for g in self.found):
                self.found.append(f)
        seen = set()
        out = []
        for f in sorted(self.found, key=lambda f: (f.line, f.col, f.rule)):
            if (f.rule, f.line, f.col) not in seen:
                seen.add((f.rule, f.line, f.col))
                out.append(f)
        return out

    def _unbounded(self, node, gen):
        """LL011: one task per item of a list that is not small and fixed,
        where each task opens a network request."""
        if gen is not None:
            its = [g.iter for g in gen.generators]
            work = gen.elt
        else:
            loop = self.parent.get(node)
            comps = (ast.ListComp, ast.SetComp, ast.GeneratorExp)
            while loop is not None and not isinstance(loop, (ast.For, ast.AsyncFor) + comps +
                                                      _FNS):
                loop = self.parent.get(loop)
            if isinstance(loop, comps):
                its = [g.iter for g in loop.generators]
            elif isinstance(loop, (ast.For, ast.AsyncFor)):
                its = [loop.iter]
            else:
                return False
            work = node.args[0] if node.args else None
        if not self._does_network(work):
            return False
        for it in its:
            if isinstance(it, (ast.List, ast.Tuple, ast.Set)):
                continue
            if isinstance(it, ast.Call) and _dotted(it.func) == "range" and \
                    all(isinstance(a, ast.Constant) and isinstance(a.value, int)
                        and a.value <= 10 for a in it.args):
                continue
            if self._small_fixed(it, node):
                continue
            return True
        return False

    def _small_fixed(self, it, node):
        """A module constant holding a literal list of at most 10 items, or
        a parameter that every call in this file fills with one: a fixed
        handful, not "that many connections"."""
        if not isinstance(it, ast.Name):
            return False
        if self._small_constant(it):
            return True
        fn = self.parent.get(node)
        while fn is not None and not isinstance(fn, _FNS):
            fn = self.parent.get(fn)
        if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
            return False
        params = [a.arg for a in fn.args.posonlyargs + fn.args.args]
        if it.id not in params:
            return False
        i = params.index(it.id)
        calls = [c for c in self.parent if isinstance(c, ast.Call) and
                 isinstance(c.func, ast.Name) and c.func.id == fn.name]
        return bool(calls) and all(len(c.args) > i and self._small_constant(c.args[i])
                                   for c in calls)

    def _small_constant(self, e):
        if isinstance(e, (ast.List, ast.Tuple, ast.Set)):
            return len(e.elts) <= 10
        if not isinstance(e, ast.Name):
            return False
        binds = [s for s in self.tree.body if isinstance(s, ast.Assign) and
                 any(isinstance(t, ast.Name) and t.id == e.id for t in s.targets)]
        return len(binds) == 1 and isinstance(binds[0].value, (ast.List, ast.Tuple)) and \
            len(binds[0].value.elts) <= 10

    def _does_network(self, work):
        """Is this per-item call a network request: a session/client method,
        lab.fetch, open_connection, or a coroutine of this file making one?"""
        if not isinstance(work, ast.Call):
            return False
        if self._net_call(work):
            return True
        if isinstance(work.func, ast.Name):
            for s in self.tree.body:
                if isinstance(s, ast.AsyncFunctionDef) and s.name == work.func.id:
                    return any(isinstance(n, ast.Call) and self._net_call(n)
                               for n in self.fnodes(s))
        return False

    def _net_call(self, n):
        """A call that makes a network request (see _does_network)."""
        q = self.qual(n.func) or ""
        if q in ("looplab.lab.fetch", "asyncio.open_connection", "aiohttp.request") or \
                q in _HTTP_SESSIONS or q.endswith("ClientSession"):
            return True
        if isinstance(n.func, ast.Attribute) and n.func.attr in _METHODS_HTTP | {"fetch"}:
            recv = (_dotted(n.func.value) or "").lower()
            return any(w in recv for w in ("session", "client", "http", "lab"))
        return False


def _decorated(fn, ok=()):
    """Has a decorator other than the harmless ones in ok (a decorator may
    turn a coroutine function into something else, so rules stay quiet)."""
    for d in fn.decorator_list:
        name = _dotted(d.func if isinstance(d, ast.Call) else d) or ""
        if name.split(".")[-1] not in ok:
            return True
    return False


def _non_blocking(call, kind, attr):
    """`lock.acquire(blocking=False)`, `q.get(block=False)`, `q.get(False)`,
    `ex.shutdown(wait=False)`, `ev.wait(0)` do not wait."""
    for k in call.keywords:
        if k.arg in ("blocking", "block", "wait") and isinstance(k.value, ast.Constant) \
                and not k.value.value:
            return True
        if k.arg == "timeout" and isinstance(k.value, ast.Constant) and k.value.value == 0:
            return True
    if call.args and isinstance(call.args[0], ast.Constant) and \
            call.args[0].value in (False, 0) and attr in ("acquire", "get", "wait") and \
            kind in ("tlock", "tcond", "squeue", "tevent"):
        return True
    return False


def _flow(stmts, name, depth):
    """How control can leave a handler body: a set of 're' (re-raises the
    caught exception), 'raise' (raises another), 'return', 'break',
    'continue' (leaving the handler) and 'fall' (runs off its end). Loops
    inside the handler are followed, so a `break` out of an inner loop is
    not a way out of the handler."""
    outs = set()
    for s in stmts:
        o = _flow_stmt(s, name, depth)
        outs |= o - {"fall"}
        if "fall" not in o:
            return outs
    outs.add("fall")
    return outs


def _flow_stmt(s, name, depth):
    """The ways one statement of a handler can end (see _flow)."""
    if isinstance(s, ast.Raise):
        e = s.exc
        if e is None or (isinstance(e, ast.Name) and e.id == name):
            return {"re"}
        return {"raise"}
    if isinstance(s, ast.Return):
        return {"return"}
    if isinstance(s, (ast.Break, ast.Continue)):
        word = "break" if isinstance(s, ast.Break) else "continue"
        return {"l" + word} if depth else {word}
    if isinstance(s, ast.If):
        return _flow(s.body, name, depth) | (_flow(s.orelse, name, depth) if s.orelse
                                             else {"fall"})
    if isinstance(s, (ast.For, ast.AsyncFor, ast.While)):
        b = _flow(s.body, name, depth + 1)
        infinite = isinstance(s, ast.While) and _const_true(s.test)
        res = b - {"lbreak", "lcontinue", "fall"}
        if "lbreak" in b or not infinite:
            res.add("fall")
        if s.orelse and not infinite:
            res |= _flow(s.orelse, name, depth)
        return res
    if isinstance(s, (ast.With, ast.AsyncWith)):
        return _flow(s.body, name, depth)
    if isinstance(s, (ast.Try, getattr(ast, "TryStar", ast.Try))):
        b = _flow(s.body, name, depth)
        if "fall" in b and s.orelse:
            b = (b - {"fall"}) | _flow(s.orelse, name, depth)
        for h in s.handlers:
            b |= _flow(h.body, name, depth)
        if s.finalbody:
            f = _flow(s.finalbody, name, depth)
            if "fall" not in f:
                return f
            b |= f - {"fall"}
        return b
    if isinstance(s, ast.Match):
        res = set()
        total = False
        for c in s.cases:
            res |= _flow(c.body, name, depth)
            if c.guard is None and isinstance(c.pattern, ast.MatchAs) and c.pattern.pattern is None:
                total = True
        if not total:
            res.add("fall")
        return res
    return {"fall"}


# ---------------------------------------------------------------------------
# Parsing and the programmatic API
# ---------------------------------------------------------------------------
class ParseError(SyntaxError):
    """The file cannot be reviewed (syntax error, too deeply nested, null
    bytes). A SyntaxError, so callers that catch SyntaxError keep working;
    kind says which ("syntax error" or "cannot parse")."""

    def __init__(self, msg, where, kind="syntax error"):
        super().__init__(msg, where)
        self.kind = kind


_TOO_DEEP = "too deeply nested for Python's parser (it needs more stack than it has)"


_BIG_STACK = 512 * 1024 * 1024


def _in_big_stack(fn, *args):
    """Run fn in a thread with a big C stack and a high recursion limit:
    CPython builds the ast recursively, so a deeply nested (but valid)
    file needs both. Returns fn's result or re-raises its exception."""
    box = {}

    def job():
        old = sys.getrecursionlimit()
        try:
            sys.setrecursionlimit(max(old, 100000))
            box["ok"] = fn(*args)
        except BaseException as e:  # noqa: B902 -- handed to the caller
            box["err"] = e
        finally:
            sys.setrecursionlimit(old)
    prev = threading.stack_size()
    try:
        threading.stack_size(_BIG_STACK)
    except (ValueError, RuntimeError):
        pass
    try:
        t = threading.Thread(target=job, name="looplab-lint-deep")
        t.start()
        t.join()
    finally:
        threading.stack_size(prev)
    if "err" in box:
        raise box["err"]
    return box["ok"]


def _parse(data, filename):
    """bytes/str -> ast. Honours a PEP 263 coding cookie; stray non-UTF-8
    bytes (in a comment, say) are replaced rather than refused, since the
    review cares about code, not comments."""
    try:
        return ast.parse(data, filename=filename)
    except SyntaxError as e:
        if isinstance(data, bytes) and ("decode" in str(e.msg) or "UTF-8" in str(e.msg)
                                        or "unicode" in str(e.msg).lower()):
            return ast.parse(data.decode("utf-8", errors="replace"), filename=filename)
        raise


def _analyse(data, filename):
    """Parse and lint; a file too deep for the default stack is retried in
    a big-stack thread, and one too deep even there is a ParseError."""
    try:
        tree = _parse(data, filename)
    except RecursionError:
        tree = None
    except ValueError as e:
        raise ParseError(str(e), (filename, 1, 1, None), kind="cannot parse") from None
    except MemoryError:
        raise ParseError(_TOO_DEEP, (filename, 1, 1, None), kind="cannot parse") from None
    if tree is not None:
        try:
            return _Linter().run(tree)
        except RecursionError:
            pass
        except Exception as e:  # noqa: B902 -- see _internal
            raise _internal(e, filename) from None

    def deep():
        try:
            t = tree if tree is not None else _parse(data, filename)
        except ValueError as e:
            raise ParseError(str(e), (filename, 1, 1, None), kind="cannot parse") from None
        return _Linter().run(t)
    try:
        return _in_big_stack(deep)
    except SyntaxError:
        raise
    except (RecursionError, MemoryError):
        raise ParseError(_TOO_DEEP, (filename, 1, 1, None), kind="cannot parse") from None
    except Exception as e:  # noqa: B902 -- see _internal
        raise _internal(e, filename) from None


def _internal(e, filename):
    """A bug in a rule must not stop the review of the other files, nor a
    grading run (the grader treats any SyntaxError as "no lint findings"):
    it becomes this file's one error, naming the exception to report."""
    return ParseError("looplab review could not analyse this file (%s: %s); please "
                      "report it" % (type(e).__name__, e), (filename, 1, 1, None),
                      kind="internal error")


def _parse_error(e, filename):
    """Any parse failure as a ParseError carrying this file's name."""
    if isinstance(e, ParseError):
        return e
    if isinstance(e, SyntaxError):
        pe = ParseError(e.msg, (filename, e.lineno or 1, e.offset or 1, e.text))
        return pe
    return ParseError(str(e) or type(e).__name__, (filename, 1, 1, None))


def lint_source(text, filename="<string>", select=None, ignore=None, noqa=False):
    """Findings (sorted by line) for source text or bytes. Raises
    SyntaxError (ParseError) when it cannot be parsed, never anything
    else for bad input. select/ignore: sets of rule ids; noqa: honour
    `# noqa` comments (the CLI does; the grader does not)."""
    try:
        found = _analyse(text, filename)
    except SyntaxError as e:
        raise _parse_error(e, filename) from None
    if select is not None:
        found = [f for f in found if f.rule in select]
    if ignore:
        found = [f for f in found if f.rule not in ignore]
    if noqa and found:
        found = _apply_noqa(text, found)
    _char_columns(text, found)
    return found


def _char_columns(text, found):
    """CPython's col_offset counts UTF-8 bytes; editors count characters.
    Convert the columns of findings on lines with non-ASCII text."""
    if not found:
        return
    if isinstance(text, bytes):
        if text.isascii():
            return
        text = text.decode("utf-8", errors="replace")
    elif text.isascii():
        return
    lines = text.splitlines()
    for f in found:
        if 0 < f.line <= len(lines) and not lines[f.line - 1].isascii():
            raw = lines[f.line - 1].encode("utf-8")
            f.col = len(raw[:f.col - 1].decode("utf-8", errors="replace")) + 1


def lint_file(path, **kw):
    """Findings for one file (see lint_source); OSError if unreadable."""
    with open(path, "rb") as f:
        data = f.read()
    return lint_source(data, path, **kw)


_NOQA = re.compile(r"#\s*noqa(?::\s*([\w-]+(?:[\s,]+[\w-]+)*))?", re.I)


def _apply_noqa(text, found):
    """Drop findings silenced by `# noqa` (all) or `# noqa: LL001,slug`
    on their line."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    lines = text.splitlines()
    keep = []
    for f in found:
        line = lines[f.line - 1] if 0 < f.line <= len(lines) else ""
        m = _NOQA.search(line) if "noqa" in line.lower() else None
        if m is None:
            keep.append(f)
            continue
        if m.group(1) is None:
            continue
        codes = {c.upper() for c in re.split(r"[\s,]+", m.group(1)) if c}
        slugs = {c.lower() for c in re.split(r"[\s,]+", m.group(1)) if c}
        if f.rule in codes or RULES[f.rule].slug in slugs:
            continue
        keep.append(f)
    return keep


def resolve_rules(spec):
    """'LL001,fire-and-forget,LL01' -> set of rule ids (ids, slugs, or id
    prefixes). Raises ValueError naming an unknown entry."""
    out = set()
    for part in re.split(r"[\s,]+", spec.strip()):
        if not part:
            continue
        if part.lower() in SLUGS:
            out.add(SLUGS[part.lower()])
            continue
        p = part.upper()
        hits = {r for r in RULES if r.startswith(p)}
        if not hits:
            raise ValueError("unknown rule '%s'" % part)
        out |= hits
    return out


# ---------------------------------------------------------------------------
# Output formats
# ---------------------------------------------------------------------------
def review_dict(path, findings):
    """One file's findings and summary, as the old --json printed them."""
    by_prio = {"high": 0, "medium": 0, "low": 0}
    for f in findings:
        by_prio[PRIORITY_NAME[RULES[f.rule].priority]] += 1
    return {"file": path, "findings": [f.as_dict() for f in findings],
            "summary": {"findings": len(findings), **by_prio,
                        "categories": sorted({RULES[f.rule].category for f in findings})}}


def review_text(path, findings):
    """The readable review of one file."""
    out = []
    if not findings:
        out.append("Review of %s: no async anti-patterns found." % path)
        out.append("(looplab review is a static check of %d patterns; the graded "
                   "run measures the rest.)" % len(RULES))
        return "\n".join(out) + "\n"
    s = review_dict(path, findings)["summary"]
    out.append("Review of %s: %d finding%s (%d high, %d medium, %d low) in %d "
               "categor%s" % (path, s["findings"], "" if s["findings"] == 1 else "s",
                              s["high"], s["medium"], s["low"], len(s["categories"]),
                              "y" if len(s["categories"]) == 1 else "ies"))
    cats = []
    for f in findings:
        c = RULES[f.rule].category
        if c not in cats:
            cats.append(c)
    cats.sort(key=lambda c: min(RULES[f.rule].priority for f in findings
                                if RULES[f.rule].category == c))
    for c in cats:
        items = [f for f in findings if RULES[f.rule].category == c]
        out.append("")
        out.append("%s (%d)" % (c, len(items)))
        for f in items:
            r = RULES[f.rule]
            out.append("  %s:%d:%d  %s %s (%s)" % (path, f.line, f.col, f.rule, r.slug,
                                                   PRIORITY_NAME[r.priority]))
            out.append("    problem: %s" % f._fmt("problem"))
            out.append("    fix:     %s" % f._fmt("fix"))
            out.append("    learn:   lesson %s" % f.lesson)
    out.append("")
    out.append("Recommendations, by priority:")
    seen = []
    for f in sorted(findings, key=lambda f: (RULES[f.rule].priority, f.rule)):
        if f.rule not in seen:
            seen.append(f.rule)
    for i, rule in enumerate(seen, 1):
        r = RULES[rule]
        lines = [str(f.line) for f in findings if f.rule == rule]
        first = next(f for f in findings if f.rule == rule)
        out.append("  %d. [%s] %s (line%s %s): %s" % (
            i, PRIORITY_NAME[r.priority], r.slug, "" if len(lines) == 1 else "s",
            ", ".join(lines), first._fmt("fix")))
    return "\n".join(out) + "\n"


def text_line(path, f):
    """`path:line:col: LL001 problem Fix: ... (lesson 1.2 ...)`: one line,
    the flake8/ruff shape."""
    return "%s:%d:%d: %s %s Fix: %s (lesson %s) [%s]" % (
        path, f.line, f.col, f.rule, f._fmt("problem"), f._fmt("fix"), f.lesson,
        RULES[f.rule].slug)


def rules_text():
    """`--rules`: every rule with what it flags, the problem and the fix."""
    out = ["looplab review: %d rules (id, slug, priority, lesson)." % len(RULES), ""]
    for r in _RULE_LIST:
        out.append("%s  %s  (%s, %s; lesson %s %s)" % (
            r.id, r.slug, PRIORITY_NAME[r.priority], r.category, r.lesson,
            LESSONS.get(r.lesson, "")))
        out.append("    flags: %s" % r.detects)
        out.append("    why:   %s" % re.sub(r"\{\w+\}", "...", r.problem))
        out.append("    fix:   %s" % re.sub(r"\{\w+\}", "...", r.fix))
        out.append("")
    out.append("Silence one line with `# noqa: LL001`; choose rules with "
               "--select/--ignore.")
    return "\n".join(out) + "\n"


def rules_json():
    """`--rules --format json`: the same, as data."""
    return [{"id": r.id, "slug": r.slug, "category": r.category,
             "priority": PRIORITY_NAME[r.priority], "lesson": r.lesson,
             "lesson_title": LESSONS.get(r.lesson, ""), "flags": r.detects,
             "problem": re.sub(r"\{\w+\}", "...", r.problem),
             "fix": re.sub(r"\{\w+\}", "...", r.fix)} for r in _RULE_LIST]


SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {1: "error", 2: "warning", 3: "note"}


def _uri(path):
    """A SARIF artifact URI: relative paths stay relative (forward slashes,
    percent-encoded), absolute ones become file:// URIs."""
    p = path.replace(os.sep, "/")
    if os.path.isabs(path):
        return "file://" + urllib.parse.quote(p)
    return urllib.parse.quote(p[2:] if p.startswith("./") else p)


def sarif_doc(results, errors):
    """SARIF 2.1.0: one run, the rules as reportingDescriptors, findings as
    results and unparsable files as tool notifications."""
    ids = [r.id for r in _RULE_LIST]
    rules = [{"id": r.id, "name": r.slug,
              "shortDescription": {"text": re.sub(r"\{\w+\}", "...", r.problem)},
              "fullDescription": {"text": r.detects},
              "help": {"text": "%s (lesson %s %s)" % (
                  re.sub(r"\{\w+\}", "...", r.fix), r.lesson, LESSONS.get(r.lesson, ""))},
              "defaultConfiguration": {"level": _LEVEL[r.priority]},
              "properties": {"category": r.category, "lesson": r.lesson}}
             for r in _RULE_LIST]
    res = []
    for path, findings in results:
        for f in findings:
            res.append({
                "ruleId": f.rule, "ruleIndex": ids.index(f.rule),
                "level": _LEVEL[RULES[f.rule].priority],
                "message": {"text": "%s Fix: %s (lesson %s)" % (
                    f._fmt("problem"), f._fmt("fix"), f.lesson)},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": _uri(path)},
                    "region": {"startLine": f.line, "startColumn": f.col}}}]})
    notes = [{"level": "error", "message": {"text": "%s: %s" % (e["file"], e["message"])},
              "locations": [{"physicalLocation": {
                  "artifactLocation": {"uri": _uri(e["file"])},
                  "region": {"startLine": e["line"], "startColumn": e["col"]}}}]}
             for e in errors]
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0",
            "runs": [{"tool": {"driver": {"name": "looplab-review", "version": VERSION,
                                          "rules": rules}},
                      "invocations": [{"executionSuccessful": not errors,
                                       "toolExecutionNotifications": notes}],
                      "results": res}]}


# ---------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------
_SKIP_DIRS = {".git", ".hg", ".svn", ".tox", ".nox", ".venv", "venv", "__pycache__",
              "node_modules", "site-packages", ".mypy_cache", ".ruff_cache",
              "__pypackages__", ".pytest_cache"}

USAGE = ("usage: looplab review [--format review|text|json|sarif] [--select RULES] "
         "[--ignore RULES] [--exit-zero] PATH...\n"
         "       looplab review --rules [--format json]\n")


def _files(paths):
    """Expand folders to their *.py files (sorted, skipping VCS, virtualenv
    and cache folders); files named explicitly are kept as given."""
    for p in paths:
        if os.path.isdir(p):
            for root, dirs, names in os.walk(p):
                dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS and
                                 not d.startswith("."))
                for n in sorted(names):
                    if n.endswith(".py") and os.path.isfile(os.path.join(root, n)):
                        yield os.path.join(root, n)
        else:
            yield p


_OPTIONS = ("--format", "--select", "--ignore", "--rules", "--exit-zero", "--json",
            "--help")


def _did_you_mean(word, names):
    """" (did you mean 'x'?)" for a near miss, as the other looplab
    commands answer a typo; "" when nothing is close."""
    import difflib
    hits = difflib.get_close_matches(word, list(names), n=1, cutoff=0.75)
    return " (did you mean '%s'?)" % hits[0] if hits else ""


def _usage_error(msg):
    sys.stderr.write("looplab review: %s\n%s" % (msg, USAGE))
    return 2


def main(argv):
    """The command line (see the module docstring); returns the exit status."""
    fmt, select, ignore, paths = None, None, set(), []
    show_rules = exit_zero = False
    i = 0
    while i < len(argv):
        a = argv[i]
        val = None
        if a.startswith("--") and "=" in a:
            a, val = a.split("=", 1)
        if a in ("--format", "--select", "--ignore"):
            if val is None:
                i += 1
                if i >= len(argv):
                    return _usage_error("%s needs a value" % a)
                val = argv[i]
            if a == "--format":
                if val not in ("review", "text", "json", "sarif"):
                    return _usage_error("unknown format '%s'%s (review, text, json, sarif)"
                                        % (val, _did_you_mean(val, ("review", "text", "json",
                                                                    "sarif"))))
                fmt = val
            else:
                try:
                    ids = resolve_rules(val)
                except ValueError as e:
                    bad = str(e).split("'")[1] if "'" in str(e) else ""
                    return _usage_error("%s%s (see --rules)" % (
                        e, _did_you_mean(bad, list(RULES) + list(SLUGS))))
                if a == "--select":
                    select = (select or set()) | ids
                else:
                    ignore |= ids
        elif a == "--json":
            fmt = "json"
        elif a == "--rules":
            show_rules = True
        elif a == "--exit-zero":
            exit_zero = True
        elif a in ("-h", "--help"):
            sys.stdout.write(USAGE)
            return 0
        elif a == "-" or (a.startswith("-") and len(a) > 1):
            return _usage_error("unknown option %s%s" % (a, _did_you_mean(a, _OPTIONS)))
        else:
            paths.append(a)
        i += 1
    if show_rules:
        if fmt == "json":
            sys.stdout.write(json.dumps({"rules": rules_json()}, indent=2) + "\n")
        else:
            sys.stdout.write(rules_text())
        return 0
    if not paths:
        return _usage_error("give the Python files or folders to review")
    missing = [p for p in paths if not os.path.exists(p)]
    for p in missing:
        sys.stderr.write("looplab review: cannot read %s: No such file or directory\n" % p)
    if missing:
        return 2
    fmt = fmt or "review"
    results, errors = [], []
    for path in _files(paths):
        if not os.path.isfile(path):
            # a FIFO or device would block the read (or never end)
            errors.append({"file": path, "line": 1, "col": 1, "code": "E902",
                           "message": "cannot read: not a regular file"})
            continue
        try:
            found = lint_file(path, select=select, ignore=ignore, noqa=True)
        except OSError as e:
            errors.append({"file": path, "line": 1, "col": 1, "code": "E902",
                           "message": "cannot read: %s" % (e.strerror or e)})
            continue
        except SyntaxError as e:
            errors.append({"file": path, "line": e.lineno or 1, "col": e.offset or 1,
                           "code": "E999", "message": "%s: %s" % (
                               getattr(e, "kind", "syntax error"), e.msg)})
            continue
        results.append((path, found))
    _emit(fmt, results, errors)
    if exit_zero:
        return 0
    return 1 if errors or any(f for _p, f in results) else 0


def _emit(fmt, results, errors):
    """Print every file's findings and errors in the chosen format."""
    w = sys.stdout.write
    if fmt == "text":
        lines = [(p, f.line, f.col, text_line(p, f)) for p, fs in results for f in fs]
        lines += [(e["file"], e["line"], e["col"], "%s:%d:%d: %s %s" % (
            e["file"], e["line"], e["col"], e["code"], e["message"])) for e in errors]
        for _p, _l, _c, s in sorted(lines, key=lambda x: (x[0], x[1], x[2])):
            w(s + "\n")
    elif fmt == "json":
        allf = [dict(file=p, **f.as_dict()) for p, fs in results for f in fs]
        by = {"high": 0, "medium": 0, "low": 0}
        for d in allf:
            by[d["priority"]] += 1
        doc = {"tool": "looplab review", "version": VERSION,
               "files": [p for p, _f in results] + [e["file"] for e in errors],
               "findings": allf, "errors": errors,
               "summary": {"files": len(results) + len(errors), "findings": len(allf),
                           **by, "errors": len(errors),
                           "rules": sorted({d["rule"] for d in allf})}}
        if len(results) + len(errors) == 1:
            doc["file"] = doc["files"][0]
        w(json.dumps(doc, indent=2) + "\n")
    elif fmt == "sarif":
        w(json.dumps(sarif_doc(results, errors), indent=2) + "\n")
    else:
        for e in errors:
            sys.stderr.write("looplab review: %s:%d:%d: %s\n" % (e["file"], e["line"],
                                                                  e["col"], e["message"]))
        dirty = [(p, f) for p, f in results if f]
        many = len(results) + len(errors) > 1
        for n, (p, f) in enumerate(dirty if many else results):
            if n:
                w("\n")
            w(review_text(p, f))
        if many:
            total = sum(len(f) for _p, f in dirty)
            w("%sReviewed %d file%s: %d finding%s in %d file%s%s.\n" % (
                "\n" if dirty else "", len(results) + len(errors),
                "" if len(results) + len(errors) == 1 else "s", total,
                "" if total == 1 else "s", len(dirty), "" if len(dirty) == 1 else "s",
                "; %d could not be parsed or read" % len(errors) if errors else ""))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
