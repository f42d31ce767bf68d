---@meta looplab
-- LuaLS definitions for everything a looplab demo, Lua exercise, checks.lua
-- or manifest can call. Not loaded by looplab: point your editor at it
-- (.luarc.json: { "workspace.library": ["docs"] }). Sources of truth:
-- docs/aio.md (the aio contract), docs/pools.md (threads, procs and the
-- aio bridge), docs/authoring.md (manifests, the check DSL). Names mirror
-- asyncio / threading / multiprocessing; awaiting is implicit (a
-- suspending call inside a task).

------------------------------------------------------------------------
-- aio: asyncio on looplab's loop
------------------------------------------------------------------------

---@alias aio.Awaitable aio.Task|aio.Future|aio.Shield
---@alias aio.AwaitableOrFn aio.Awaitable|fun(...):...

---@class aio.Error
---@field type string     "TimeoutError", "CancelledError", ...
---@field message string
---@field exceptions? aio.Error[]  ExceptionGroup only

---@class aio.Handle
local Handle = {}
function Handle:cancel() end

---@class aio.Future
local Future = {}
---@param ... any
function Future:set_result(...) end
---@param err any
function Future:set_exception(err) end
---@return any ...
function Future:result() end
---@return any|nil
function Future:exception() end
---@return boolean
function Future:done() end
---@return boolean
function Future:cancelled() end
---@param msg? string
---@return boolean
function Future:cancel(msg) end
---@param fn fun(f: aio.Future)
function Future:add_done_callback(fn) end
---@param fn function
function Future:remove_done_callback(fn) end
--- Suspend the current task until done; returns the result values.
---@return any ...
function Future:await() end

---@class aio.Task: aio.Future
local Task = {}
---@return integer
function Task:cancelling() end
---@return integer
function Task:uncancel() end
---@return string
function Task:get_name() end
---@param name string
function Task:set_name(name) end

---@class aio.Shield: aio.Future

---@class aio.Timeout
local Timeout = {}
---@return number|nil
function Timeout:when() end
---@param when number|nil
function Timeout:reschedule(when) end
---@return boolean
function Timeout:expired() end

---@class aio.TaskGroup
local TaskGroup = {}
---@overload fun(self: aio.TaskGroup, fn: function, ...): aio.Task
---@param name string
---@param fn function
---@return aio.Task
function TaskGroup:create_task(name, fn, ...) end

---@class aio.Lock
local Lock = {}
function Lock:acquire() end
function Lock:release() end
---@return boolean
function Lock:locked() end
--- `async with lock:` -- runs fn(...) holding the lock, returns its results.
---@param fn function
---@return any ...
function Lock:with(fn, ...) end

---@class aio.Event
local Event = {}
function Event:set() end
function Event:clear() end
---@return boolean
function Event:is_set() end
function Event:wait() end

---@class aio.Condition: aio.Lock
local Condition = {}
function Condition:wait() end
---@param pred fun(): boolean
function Condition:wait_for(pred) end
---@param n? integer
function Condition:notify(n) end
function Condition:notify_all() end

---@class aio.Semaphore: aio.Lock

---@class aio.Barrier
---@field parties integer
local Barrier = {}
---@return integer index
function Barrier:wait() end
function Barrier:reset() end
function Barrier:abort() end
---@return integer
function Barrier:n_waiting() end
---@return boolean
function Barrier:broken() end

---@class aio.Queue
---@field maxsize integer
local Queue = {}
---@param v any
function Queue:put(v) end
---@return any
function Queue:get() end
---@param v any
function Queue:put_nowait(v) end
---@return any
function Queue:get_nowait() end
---@return integer
function Queue:qsize() end
---@return boolean
function Queue:empty() end
---@return boolean
function Queue:full() end
function Queue:join() end
function Queue:task_done() end
---@param immediate? boolean
function Queue:shutdown(immediate) end

---@class aio.StreamReader
local StreamReader = {}
---@return string
function StreamReader:readline() end
---@param sep string
---@return string
function StreamReader:readuntil(sep) end
---@param n integer
---@return string
function StreamReader:readexactly(n) end
---@param n? integer
---@return string
function StreamReader:read(n) end
---@return boolean
function StreamReader:at_eof() end

---@class aio.StreamWriter
local StreamWriter = {}
---@param data string
function StreamWriter:write(data) end
---@param lines string[]
function StreamWriter:writelines(lines) end
function StreamWriter:drain() end
function StreamWriter:close() end
function StreamWriter:wait_closed() end
---@return boolean
function StreamWriter:is_closing() end
function StreamWriter:write_eof() end
---@return boolean
function StreamWriter:can_write_eof() end
---@param name string
---@return any
function StreamWriter:get_extra_info(name) end

---@class aio.Server
local Server = {}
function Server:close() end
function Server:wait_closed() end
function Server:serve_forever() end
---@return string host, integer port
function Server:sockname() end
---@return boolean
function Server:is_serving() end

---@class aio
aio = {}
--- asyncio.run: runs fn(...) as the main task of a fresh loop; returns its
--- results, cancels leftover tasks at the end.
---@param fn function
---@return any ...
function aio.run(fn, ...) end
---@overload fun(fn: function, ...): aio.Task
---@param name string   label of the task (and of its timeline row)
---@param fn function
---@return aio.Task
function aio.create_task(name, fn, ...) end
--- Suspends the current task; sleep(0) is a bare yield.
---@param delay number
---@param value? any
---@return any value
function aio.sleep(delay, value) end
---@return number seconds  loop time (virtual or real)
function aio.now() end
---@return aio.Task
function aio.current_task() end
---@return aio.Task[]
function aio.all_tasks() end
---@param aw aio.AwaitableOrFn
---@return any ...
function aio.await(aw) end
---@param fn function
---@return aio.Handle
function aio.call_soon(fn, ...) end
---@param delay number
---@param fn function
---@return aio.Handle
function aio.call_later(delay, fn, ...) end
---@param when number
---@param fn function
---@return aio.Handle
function aio.call_at(when, fn, ...) end
---@return aio.Future
function aio.Future() end
--- One result per awaitable, in argument order.
---@param aws aio.AwaitableOrFn[]
---@param opts? {return_exceptions?: boolean}
---@return any[]
function aio.gather(aws, opts) end
---@param aws aio.AwaitableOrFn[]
---@param opts? {timeout?: number, return_when?: "ALL_COMPLETED"|"FIRST_COMPLETED"|"FIRST_EXCEPTION"}
---@return aio.Awaitable[] done, aio.Awaitable[] pending
function aio.wait(aws, opts) end
---@param aw aio.AwaitableOrFn
---@param timeout number|nil
---@return any ...
function aio.wait_for(aw, timeout) end
--- fn receives the Timeout object as its first argument.
---@param delay number|nil
---@param fn fun(cm: aio.Timeout, ...): ...
---@return any ...
function aio.timeout(delay, fn, ...) end
---@param when number|nil
---@param fn fun(cm: aio.Timeout, ...): ...
---@return any ...
function aio.timeout_at(when, fn, ...) end
---@param body fun(tg: aio.TaskGroup): ...
---@return any ...
function aio.TaskGroup(body) end
---@param aw aio.Awaitable
---@return aio.Shield
function aio.shield(aw) end
---@param aws aio.AwaitableOrFn[]
---@param opts? {timeout?: number}
---@return fun(): aio.Awaitable
function aio.as_completed(aws, opts) end
---@return aio.Lock
function aio.Lock() end
---@return aio.Event
function aio.Event() end
---@param lock? aio.Lock
---@return aio.Condition
function aio.Condition(lock) end
---@param n? integer
---@return aio.Semaphore
function aio.Semaphore(n) end
---@param n? integer
---@return aio.Semaphore
function aio.BoundedSemaphore(n) end
---@param n integer
---@return aio.Barrier
function aio.Barrier(n) end
---@param maxsize? integer
---@return aio.Queue
function aio.Queue(maxsize) end
--- put(prio, value); get() returns prio, value.
---@param maxsize? integer
---@return aio.Queue
function aio.PriorityQueue(maxsize) end
---@param maxsize? integer
---@return aio.Queue
function aio.LifoQueue(maxsize) end
---@param e any
---@param kind string
---@return boolean
function aio.iserror(e, kind) end
---@param on boolean
---@param slow_s? number
function aio.set_debug(on, slow_s) end
--- Runs fn(...) in a worker thread; the task awaits its result.
---@param fn function
---@return any ...
function aio.to_thread(fn, ...) end
---@param pool threads.ThreadPoolExecutor|procs.Pool|nil
---@param fn function
---@return any ...
function aio.run_in_executor(pool, fn, ...) end
---@param fut threads.Future|procs.Future
---@return aio.Future
function aio.wrap_future(fut) end
---@param host string
---@param port integer
---@return aio.StreamReader, aio.StreamWriter
function aio.open_connection(host, port) end
---@param handler fun(r: aio.StreamReader, w: aio.StreamWriter)
---@param host string
---@param port integer
---@return aio.Server
function aio.start_server(handler, host, port) end
--- Error type names, also constructors: error(aio.TimeoutError("msg")).
---@type string|fun(msg?: string): aio.Error
aio.CancelledError = nil
---@type string|fun(msg?: string): aio.Error
aio.TimeoutError = nil
---@type string|fun(msg?: string): aio.Error
aio.InvalidStateError = nil
---@type string|fun(msg?: string): aio.Error
aio.QueueFull = nil
---@type string|fun(msg?: string): aio.Error
aio.QueueEmpty = nil
---@type string|fun(msg?: string): aio.Error
aio.QueueShutDown = nil
---@type string|fun(msg?: string): aio.Error
aio.BrokenBarrierError = nil
---@type string|fun(msg?: string, errs?: aio.Error[]): aio.Error
aio.ExceptionGroup = nil
---@type string|fun(msg?: string): aio.Error
aio.ValueError = nil
---@type string|fun(msg?: string): aio.Error
aio.RuntimeError = nil

------------------------------------------------------------------------
-- threads: real OS threads, each with its own Lua state (issue 4)
------------------------------------------------------------------------

---@class threads.Thread
---@field name string
---@field ident integer|nil
---@field daemon boolean
local Thread = {}
function Thread:start() end
---@param timeout? number
function Thread:join(timeout) end
---@return boolean
function Thread:is_alive() end

---@class threads.Future
local TFuture = {}
---@param timeout? number
---@return any ...
function TFuture:result(timeout) end
---@return any|nil
function TFuture:exception() end
---@return boolean
function TFuture:done() end
---@return boolean
function TFuture:running() end
---@return boolean
function TFuture:cancelled() end
---@return boolean
function TFuture:cancel() end
---@param fn fun(f: threads.Future)
function TFuture:add_done_callback(fn) end
---@return integer
function TFuture:worker() end

---@class threads.ThreadPoolExecutor
local TPE = {}
---@param fn function
---@return threads.Future
function TPE:submit(fn, ...) end
---@param fn function
---@param items any[]
---@return any[]
function TPE:map(fn, items) end
---@param wait? boolean
---@param cancel_futures? boolean
function TPE:shutdown(wait, cancel_futures) end
---@param fn fun(pool: threads.ThreadPoolExecutor)
function TPE:with(fn) end
---@return integer
function TPE:workers() end

---@class threads.Lock
local TLock = {}
---@param blocking? boolean
---@param timeout? number
---@return boolean
function TLock:acquire(blocking, timeout) end
function TLock:release() end
---@return boolean
function TLock:locked() end
---@param fn function
---@return any ...
function TLock:with(fn, ...) end

---@class threads
threads = {}
---@param spec {target: function, args?: any[], name?: string, daemon?: boolean}
---@return threads.Thread
function threads.Thread(spec) end
---@param spec {max_workers?: integer, gil?: boolean}|integer
---@return threads.ThreadPoolExecutor
function threads.ThreadPoolExecutor(spec) end
---@return threads.Lock
function threads.Lock() end
---@return threads.Lock
function threads.RLock() end
---@return table
function threads.Condition(lock) end
---@return table
function threads.Semaphore(n) end
---@return table
function threads.BoundedSemaphore(n) end
---@return table
function threads.Event() end
---@return table
function threads.Barrier(n) end
--- Thread-local storage.
---@return table
function threads.Local() end
--- Shared objects: the only state threads share (copy semantics otherwise).
---@return table
function threads.Value(v) end
---@return table
function threads.List() end
---@return table
function threads.Dict() end
---@param fs threads.Future[]
---@param timeout? number
---@return threads.Future[] done, threads.Future[] not_done
function threads.wait(fs, timeout) end
---@param fs threads.Future[]
---@return fun(): threads.Future
function threads.as_completed(fs) end
---@param s number
function threads.sleep(s) end
function threads.yield() end
---@return integer
function threads.get_ident() end
---@param s number
function threads.setswitchinterval(s) end
---@return number
function threads.getswitchinterval() end
---@param on boolean
function threads.set_gil(on) end
---@return table
function threads.gil_stats() end
---@return integer
function threads.cpu_count() end
---@return number
function threads.monotonic() end
---@return integer
function threads.active_count() end

------------------------------------------------------------------------
-- procs: processes; arguments and results are serialized (issue 4)
------------------------------------------------------------------------

---@class procs.Process
---@field pid integer|nil
---@field exitcode integer|nil
---@field name string
local Process = {}
function Process:start() end
---@param timeout? number
function Process:join(timeout) end
---@return boolean
function Process:is_alive() end
function Process:terminate() end
function Process:kill() end

---@class procs.Future: threads.Future

---@class procs.Pool
local Pool = {}
---@param fn function
---@return procs.Future
function Pool:submit(fn, ...) end
---@param fn function
---@return procs.Future
function Pool:apply_async(fn, ...) end
---@param fn function
---@param items any[]
---@param chunksize? integer
---@return any[]
function Pool:map(fn, items, chunksize) end
---@param fn function
---@param items any[][]
---@return any[]
function Pool:starmap(fn, items) end
---@return fun(): any
function Pool:imap(fn, items, chunksize) end
---@return fun(): any
function Pool:imap_unordered(fn, items, chunksize) end
function Pool:shutdown(wait, cancel_futures) end
function Pool:close() end
function Pool:join() end
function Pool:terminate() end
---@param fn fun(pool: procs.Pool)
function Pool:with(fn) end
---@return table
function Pool:stats() end
---@return integer[]
function Pool:pids() end
---@return boolean
function Pool:broken() end

---@class procs
procs = {}
---@param spec {target: function, args?: any[], name?: string}
---@return procs.Process
function procs.Process(spec) end
---@param spec {processes?: integer, start?: "fork"|"spawn"}|integer
---@return procs.Pool
function procs.Pool(spec) end
---@param spec {max_workers?: integer, start?: "fork"|"spawn"}|integer
---@return procs.Pool
function procs.ProcessPoolExecutor(spec) end
---@return table
function procs.Queue(maxsize) end
---@return table, table
function procs.Pipe(duplex) end
--- Shared memory: Value("i", 0), Array("d", 10); optional lock.
---@return table
function procs.Value(typecode, v, opts) end
---@return table
function procs.Array(typecode, n_or_list, opts) end
---@param method "fork"|"spawn"
function procs.set_start_method(method) end
---@return string
function procs.get_start_method() end
---@return integer
function procs.cpu_count() end
---@return integer
function procs.getpid() end
---@type string
procs.BrokenProcessPool = nil

------------------------------------------------------------------------
-- lab: simulated services for demos and exercises. Planned for Lua; not
-- loaded yet. Python exercises have it now (`from looplab import lab`,
-- grader/python/README.md "Lab services").
------------------------------------------------------------------------

---@class lab
lab = {}
--- Simulated non-blocking I/O carrying a tag (maxconc counts by tag).
---@param tag string
---@param seconds number
function lab.io(tag, seconds) end
--- A simulated blocking call: stalls the loop, traced as a violation.
---@param seconds number
function lab.block(seconds) end
--- Real CPU work.
---@param ms number
function lab.cpu(ms) end
--- A simulated HTTP endpoint (latency / failure tables from the lesson).
---@param url string
---@return any
function lab.fetch(url) end

------------------------------------------------------------------------
-- demos: knob values (lesson.lua demos[i].knobs)
------------------------------------------------------------------------

---@type table<string, number>
knobs = {}

------------------------------------------------------------------------
-- checks.lua: the check DSL (docs/authoring.md section 6)
------------------------------------------------------------------------

---@class looplab.Event
---@field t number
---@field ev "spawn"|"run"|"suspend"|"ready"|"done"|"error"|"cancel"|"block"|"output"|"warn"
---@field task integer
---@field name string
---@field what string

---@class looplab.ExecResult
---@field ok boolean
---@field value any
---@field error any
---@field vtime number
---@field out string

---@class looplab.Run
---@field out string
---@field vtime number
---@field error string|nil
---@field events looplab.Event[]
---@field blocking {t: number, task: integer, what: string}[]
---@field warnings string[]
---@field module table|nil   Lua exercises: what the student's file returned
local Run = {}
--- Lua exercises: fn(...) as the main task of a fresh aio.run, measured.
---@param fn function
---@return looplab.ExecResult
function Run.exec(fn, ...) end

---@class looplab.Check
---@field name string
---@field points? number
---@field hidden? boolean
---@field message? string
---@field fn? fun(run: looplab.Run): boolean, string?, string?

---@class looplab.CheckSpec
---@field name string
---@field points? number
---@field hidden? boolean
---@field message? string   "{measured}" is replaced by the measured value

---@class check
check = {}
---@param spec looplab.CheckSpec|{expect: string}
---@return looplab.Check
function check.out(spec) end
---@param spec looplab.CheckSpec|{min?: number, max?: number}
---@return looplab.Check
function check.vtime(spec) end
---@param spec looplab.CheckSpec
---@return looplab.Check
function check.noblock(spec) end
---@param spec looplab.CheckSpec
---@return looplab.Check
function check.noerror(spec) end
--- Peak number of in-flight operations carrying `tag`.
---@param spec looplab.CheckSpec|{tag?: string, eq?: integer, min?: integer, max?: integer}
---@return looplab.Check
function check.maxconc(spec) end
---@param spec looplab.CheckSpec|{expect: string[], source?: "out"|"events", exact?: boolean}
---@return looplab.Check
function check.order(spec) end
---@param spec looplab.CheckSpec|{at: number, cleanup?: string, absorb?: boolean}
---@return looplab.Check
function check.cancel_ok(spec) end
---@param spec looplab.CheckSpec|{leftover?: boolean}
---@return looplab.Check
function check.noleak(spec) end
---@param spec looplab.CheckSpec|{rule: string}
---@return looplab.Check
function check.lint(spec) end
---@param spec looplab.CheckSpec|{call: string, args?: any[], expect: any}
---@return looplab.Check
function check.result(spec) end
---@param spec looplab.CheckSpec|{min?: integer, max?: integer}
---@return looplab.Check
function check.threads_ok(spec) end
---@param spec looplab.CheckSpec|{min?: integer, max?: integer}
---@return looplab.Check
function check.procs_ok(spec) end
