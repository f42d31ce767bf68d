#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""looplab anti-pattern linter: 14 common async anti-patterns (RULES below).

    /usr/bin/python3 -I looplab_lint.py [--json] FILE.py

Static (ast) and stdlib only: it never runs the file. Prints a review
(summary, findings grouped by category with file:line:col, problem and fix,
then recommendations by priority), or with --json one object
{"file", "findings": [...], "summary": {...}}. Exit status: 0 no findings,
1 findings, 2 the file cannot be read or parsed (message on stderr), 4 usage.
The grader imports it (lint_file) for check.lint(rule).

Rules are heuristics tuned for course-sized programs: each one says what it
looks for in RULES below, and tests/python/lint/ holds a positive and a
negative sample per rule.
"""

import ast
import json
import sys

# id: (slug, category, priority, problem, fix). Priority 1 = high.
RULES = {
    "LL001": ("blocking-call", "Blocking the event loop", 1,
              "{call} blocks: while it waits, the whole event loop (every other task) stops.",
              "Use the async version ({alt}), or run it in a thread with "
              "`await asyncio.to_thread(...)`."),
    "LL002": ("sequential-await", "Concurrency", 3,
              "`await` inside a `for` loop over independent items runs them one after another.",
              "Start them all first (`asyncio.gather(*(f(x) for x in items))` or a "
              "TaskGroup), then wait once."),
    "LL003": ("swallowed-cancel", "Cancellation", 1,
              "`{handler}` catches CancelledError and does not re-raise it: the task "
              "can no longer be cancelled or shut down.",
              "Re-raise after cleaning up (`raise` at the end of the handler), or catch "
              "`Exception` instead, which does not include CancelledError."),
    "LL004": ("missing-timeout", "Timeouts", 2,
              "{call} has no `timeout=`: a server that never answers hangs this program.",
              "Pass a timeout (`ClientSession(timeout=aiohttp.ClientTimeout(total=10))`) "
              "or wrap the call in `asyncio.timeout(...)`."),
    "LL005": ("manual-loop", "Event loop management", 2,
              "{call} manages the event loop by hand.",
              "Write `async def main()` and call `asyncio.run(main())` once; inside "
              "coroutines use `asyncio.get_running_loop()`."),
    "LL006": ("no-async-with", "Resources", 2,
              "{call} is not used as an (async) context manager, so an exception "
              "skips its clean-up.",
              "Use `async with {short} as x:` (or `with` for files) so it is closed "
              "or released on every path."),
    "LL007": ("fire-and-forget", "Tasks", 2,
              "The task from {call} is not kept: it can be garbage-collected mid-run "
              "and its exception is never retrieved.",
              "Keep a reference and await it (or use `asyncio.TaskGroup`); for "
              "background tasks, store them in a set and discard them when done."),
    "LL008": ("no-graceful-shutdown", "Shutdown", 3,
              "This `while True` loop has no clean-up path: cancelling or stopping the "
              "program leaves its resources open.",
              "Wrap the loop in `try: ... finally:` (close what it opened) and let "
              "CancelledError propagate; stop it with an Event or by cancelling the task."),
    "LL009": ("threads-for-io", "Choosing the model", 3,
              "{call} in asyncio code: a thread for work the event loop can do itself.",
              "For I/O, use coroutines; keep threads for blocking libraries, via "
              "`asyncio.to_thread(...)` or `loop.run_in_executor(...)`."),
    "LL010": ("gather-exceptions", "Error handling", 3,
              "`asyncio.gather` without `return_exceptions` and without a `try` around "
              "it: one failure raises here and the other results are lost.",
              "Pass `return_exceptions=True` and check each result, or use a TaskGroup "
              "inside `try`/`except*`."),
    "LL011": ("unbounded-tasks", "Concurrency", 3,
              "One task per item with no limit: a long list opens that many connections "
              "at once.",
              "Bound the concurrency with `asyncio.Semaphore(n)` (`async with sem:` around "
              "the work) or a fixed pool of workers reading an `asyncio.Queue`."),
    "LL012": ("unclosed-resource", "Resources", 1,
              "`{name}` ({call}) is never closed.",
              "Use `async with` (or call `await {name}.close()` in a `finally`)."),
    "LL013": ("run-in-async", "Mixing sync and async", 1,
              "`asyncio.run()` inside a coroutine: the loop is already running, so this "
              "raises RuntimeError.",
              "`await` the coroutine instead (or `asyncio.create_task(...)` it)."),
    "LL014": ("ensure-future", "Tasks", 2,
              "`asyncio.ensure_future()` on a coroutine.",
              "Use `asyncio.create_task(coro)`: clearer, and it only accepts coroutines."),
}
PRIORITY_NAME = {1: "high", 2: "medium", 3: "low"}

_BLOCKING = {
    "time.sleep": "await asyncio.sleep(...)",
    "requests.get": "an async HTTP client such as aiohttp",
    "requests.post": "an async HTTP client such as aiohttp",
    "requests.put": "an async HTTP client such as aiohttp",
    "requests.delete": "an async HTTP client such as aiohttp",
    "requests.head": "an async HTTP client such as aiohttp",
    "requests.patch": "an async HTTP client such as aiohttp",
    "requests.request": "an async HTTP client such as aiohttp",
    "urllib.request.urlopen": "an async HTTP client such as aiohttp",
    "socket.create_connection": "asyncio.open_connection(...)",
    "socket.socket": "asyncio.open_connection(...) / loop.sock_* methods",
    "subprocess.run": "asyncio.create_subprocess_exec(...)",
    "subprocess.call": "asyncio.create_subprocess_exec(...)",
    "subprocess.check_call": "asyncio.create_subprocess_exec(...)",
    "subprocess.check_output": "asyncio.create_subprocess_exec(...)",
    "os.system": "asyncio.create_subprocess_shell(...)",
    "open": "aiofiles, or `await asyncio.to_thread(read_file, path)`",
    "input": "a reader in a thread: `await asyncio.to_thread(input)`",
    "looplab.lab.block": "an awaitable (`await lab.io(...)`)",
    "looplab.lab.fetch_sync": "`await lab.fetch(url)`",
}
_SESSIONS = ("aiohttp.ClientSession", "looplab.lab.Session")
_MANUAL_LOOP = ("asyncio.get_event_loop", "asyncio.new_event_loop", "asyncio.set_event_loop")


class Finding:
    __slots__ = ("rule", "line", "col", "detail")

    def __init__(self, rule, node, **detail):
        self.rule = rule
        self.line = getattr(node, "lineno", 1)
        self.col = getattr(node, "col_offset", 0) + 1
        self.detail = detail

    def _fmt(self, which):
        slug, cat, prio, problem, fix = RULES[self.rule]
        text = problem if which == "problem" else fix
        try:
            return text.format(**self.detail)
        except (KeyError, IndexError):
            return text

    def as_dict(self):
        slug, cat, prio, _p, _f = RULES[self.rule]
        return {"rule": self.rule, "slug": slug, "category": cat,
                "priority": PRIORITY_NAME[prio], "line": self.line, "col": self.col,
                "problem": self._fmt("problem"), "fix": self._fmt("fix")}


def _dotted(node):
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return None


class _Linter(ast.NodeVisitor):
    def __init__(self):
        self.found = []
        self.aliases = {}          # local name -> qualified name
        self.func = []             # stack of FunctionDef / AsyncFunctionDef / Lambda
        self.loops = []            # stack of (for node, in async fn)
        self.trys = 0              # depth of try bodies in the current function
        self.with_items = set()    # id() of calls used as with-items
        self.uses_async = False
        self.has_limit = False     # Semaphore / Queue anywhere in the file
        self.uses_executor = False
        self.parent = {}

    # -- helpers
    def qual(self, func):
        d = _dotted(func)
        if d is None:
            return None
        head, _, rest = d.partition(".")
        if head in self.aliases:
            base = self.aliases[head]
            return base + ("." + rest if rest else "")
        return d

    def in_async(self):
        return bool(self.func) and isinstance(self.func[-1], ast.AsyncFunctionDef)

    def add(self, rule, node, **detail):
        self.found.append(Finding(rule, node, **detail))

    # -- imports
    def visit_Import(self, node):
        for a in node.names:
            if a.asname:
                self.aliases[a.asname] = a.name
            else:
                self.aliases.setdefault(a.name.split(".")[0], a.name.split(".")[0])
        self.generic_visit(node)

    def visit_ImportFrom(self, node):
        if node.module and node.level == 0:
            for a in node.names:
                self.aliases[a.asname or a.name] = node.module + "." + a.name
        self.generic_visit(node)

    # -- scopes
    def _visit_fn(self, node):
        saved = (self.trys, self.loops)
        self.trys, self.loops = 0, []
        self.func.append(node)
        if isinstance(node, ast.AsyncFunctionDef):
            self.uses_async = True
            self._check_unclosed(node)
        self.generic_visit(node)
        self.func.pop()
        self.trys, self.loops = saved

    visit_FunctionDef = _visit_fn
    visit_AsyncFunctionDef = _visit_fn
    visit_Lambda = _visit_fn

    def visit_Try(self, node):
        self.trys += 1
        for s in node.body:
            self.visit(s)
        self.trys -= 1
        for h in node.handlers:
            self.visit(h)
        for s in node.orelse + node.finalbody:
            self.visit(s)

    visit_TryStar = visit_Try

    def visit_With(self, node):
        for item in node.items:
            if isinstance(item.context_expr, ast.Call):
                self.with_items.add(id(item.context_expr))
            elif isinstance(item.context_expr, ast.Await) and \
                    isinstance(item.context_expr.value, ast.Call):
                self.with_items.add(id(item.context_expr.value))
        self.generic_visit(node)

    visit_AsyncWith = visit_With

    def visit_For(self, node):
        self.loops.append(node)
        if self.in_async() and isinstance(node, ast.For):
            self._check_sequential(node)
        self.generic_visit(node)
        self.loops.pop()

    visit_AsyncFor = visit_For

    def visit_While(self, node):
        if (self.in_async() and isinstance(node.test, ast.Constant)
                and node.test.value is True and self.trys == 0
                and any(isinstance(n, ast.Await) for n in ast.walk(node))
                and not self._in_with(node)):
            self.add("LL008", node)
        self.generic_visit(node)

    def _in_with(self, node):
        p = self.parent.get(id(node))
        while p is not None and p is not (self.func[-1] if self.func else None):
            if isinstance(p, (ast.With, ast.AsyncWith)):
                return True
            p = self.parent.get(id(p))
        return False

    # -- except handlers (LL003)
    def visit_ExceptHandler(self, node):
        if self.in_async():
            t = node.type
            names = []
            if t is None:
                names = [None]
            else:
                for e in (t.elts if isinstance(t, ast.Tuple) else [t]):
                    q = self.qual(e) or ""
                    names.append(q)
            catches = any(n is None or n.endswith("CancelledError") or
                          n in ("BaseException", "builtins.BaseException")
                          for n in names)
            reraises = any(isinstance(n, ast.Raise) for s in node.body
                           for n in _walk_no_fn(s))
            if catches and not reraises:
                handler = "except:" if t is None else "except %s" % ast.unparse(t)
                self.add("LL003", node, handler=handler)
        self.generic_visit(node)

    # -- expression statements (LL007)
    def visit_Expr(self, node):
        v = node.value
        if isinstance(v, ast.Call):
            q = self.qual(v.func) or ""
            recv = _dotted(v.func.value) if isinstance(v.func, ast.Attribute) else ""
            if q in ("asyncio.create_task", "asyncio.ensure_future") or (
                    isinstance(v.func, ast.Attribute) and v.func.attr == "create_task"
                    and recv and "loop" in recv.lower()):
                self.add("LL007", v, call="`%s(...)`" % (_dotted(v.func) or "create_task"))
        self.generic_visit(node)

    # -- calls
    def visit_Call(self, node):
        q = self.qual(node.func) or ""
        short = _dotted(node.func) or ""
        kw = {k.arg for k in node.keywords}
        if "Semaphore" in q or q.endswith("Queue") or "BoundedSemaphore" in q:
            self.has_limit = True
        if q.endswith("run_in_executor") or q in ("asyncio.to_thread",):
            self.uses_executor = True
        if self.in_async() and q in _BLOCKING:
            self.add("LL001", node, call="`%s()`" % short, alt=_BLOCKING[q])
        if q in _SESSIONS or q.endswith("ClientSession"):
            if "timeout" not in kw:
                self.add("LL004", node, call="`%s()`" % short)
            if id(node) not in self.with_items and not self._is_assigned_closed(node):
                self.add("LL006", node, call="`%s()`" % short, short=short + "()")
        if q in _MANUAL_LOOP or (isinstance(node.func, ast.Attribute) and
                                 node.func.attr in ("run_until_complete", "run_forever")):
            self.add("LL005", node, call="`%s()`" % short)
        if q == "asyncio.run" and self.in_async():
            self.add("LL013", node)
        if q == "asyncio.ensure_future" and node.args and isinstance(node.args[0], ast.Call):
            self.add("LL014", node)
        if q in ("threading.Thread", "concurrent.futures.ThreadPoolExecutor") and \
                self.uses_async_file:
            self._thread_calls.append((node, short))
        if q == "asyncio.gather" and "return_exceptions" not in kw and self.trys == 0 \
                and self.in_async():
            self.add("LL010", node)
        if q in ("asyncio.create_task", "asyncio.gather") or (
                isinstance(node.func, ast.Attribute) and node.func.attr == "create_task"):
            self._fanout_calls.append((node, bool(self.loops), self._iter_arg(node)))
        self.generic_visit(node)

    def _iter_arg(self, node):
        for a in node.args:
            if isinstance(a, ast.Starred) and isinstance(
                    a.value, (ast.GeneratorExp, ast.ListComp)):
                return a.value
        return None

    def _is_assigned_closed(self, node):
        """`x = Session()` whose x.close() is in a `finally` of the same
        function is as safe as `async with`."""
        p = self.parent.get(id(node))
        if isinstance(p, ast.Await):
            p = self.parent.get(id(p))
        if not (isinstance(p, ast.Assign) and len(p.targets) == 1 and
                isinstance(p.targets[0], ast.Name)) or not self.func:
            return False
        name = p.targets[0].id
        for t in _walk_no_fn_body(self.func[-1]):
            if isinstance(t, ast.Try) and any(
                    isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
                    and n.func.attr in ("close", "aclose")
                    and isinstance(n.func.value, ast.Name) and n.func.value.id == name
                    for s in t.finalbody for n in ast.walk(s)):
                return True
        return False

    # -- LL002: await f(item) in a for loop body
    def _check_sequential(self, node):
        targets = {n.id for n in ast.walk(node.target) if isinstance(n, ast.Name)}
        for stmt in node.body:
            val = None
            if isinstance(stmt, ast.Expr):
                val = stmt.value
            elif isinstance(stmt, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
                val = stmt.value
            if isinstance(val, ast.Await) and isinstance(val.value, ast.Call):
                call = val.value
                q = self.qual(call.func) or ""
                if q.startswith("asyncio.") or (isinstance(call.func, ast.Attribute) and
                                                call.func.attr in ("get", "put", "acquire",
                                                                   "wait", "join", "drain",
                                                                   "readline", "read",
                                                                   "write", "send", "recv")):
                    continue
                used = {n.id for a in call.args + [k.value for k in call.keywords]
                        for n in ast.walk(a) if isinstance(n, ast.Name)}
                if used & targets:
                    self.add("LL002", val)
                    return

    # -- LL012: sessions / files assigned and never closed
    def _check_unclosed(self, fn):
        body = list(_walk_no_fn_body(fn))
        closed = set()
        for n in body:
            if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and \
                    n.func.attr in ("close", "aclose") and isinstance(n.func.value, ast.Name):
                closed.add(n.func.value.id)
            if isinstance(n, (ast.Return, ast.Yield)) and n.value is not None:
                closed |= {x.id for x in ast.walk(n.value) if isinstance(x, ast.Name)}
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

    # -- driver
    def run(self, tree):
        for p in ast.walk(tree):
            for c in ast.iter_child_nodes(p):
                self.parent[id(c)] = p
        self.uses_async_file = any(isinstance(n, ast.AsyncFunctionDef) for n in ast.walk(tree))
        self._thread_calls = []
        self._fanout_calls = []
        self.visit(tree)
        if not self.uses_executor:
            for node, short in self._thread_calls:
                self.add("LL009", node, call="`%s()`" % short)
        if not self.has_limit:
            for node, in_loop, gen in self._fanout_calls:
                if self._unbounded(node, in_loop, gen):
                    self.add("LL011", node)
                    break
        self.found.sort(key=lambda f: (f.line, f.col, f.rule))
        return self.found

    def _unbounded(self, node, in_loop, gen):
        if gen is None and not in_loop:
            return False
        if gen is not None:
            its = [g.iter for g in gen.generators]
        else:
            loop = self.parent.get(id(node))
            while loop is not None and not isinstance(loop, (ast.For, ast.AsyncFor)):
                loop = self.parent.get(id(loop))
            its = [loop.iter] if loop is not None else []
        for it in its:
            if isinstance(it, (ast.List, ast.Tuple, ast.Set)):
                continue
            if isinstance(it, ast.Call) and _dotted(it.func) == "range" and \
                    all(isinstance(a, ast.Constant) and isinstance(a.value, int)
                        and a.value <= 10 for a in it.args):
                continue
            return True
        return False


def _walk_no_fn(node):
    """ast.walk that does not enter nested functions."""
    todo = [node]
    while todo:
        n = todo.pop()
        yield n
        for c in ast.iter_child_nodes(n):
            if not isinstance(c, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                todo.append(c)


def _walk_no_fn_body(fn):
    for s in fn.body:
        yield from _walk_no_fn(s)


def lint_source(text, filename="<string>"):
    """Findings for source text; raises SyntaxError when it does not parse."""
    tree = ast.parse(text, filename=filename)
    return _Linter().run(tree)


def lint_file(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return lint_source(f.read(), path)


# --------------------------------------------------------------------------
# The review
# --------------------------------------------------------------------------
def review_dict(path, findings):
    by_prio = {"high": 0, "medium": 0, "low": 0}
    for f in findings:
        by_prio[PRIORITY_NAME[RULES[f.rule][2]]] += 1
    return {"file": path, "findings": [f.as_dict() for f in findings],
            "summary": {"findings": len(findings), **by_prio,
                        "categories": sorted({RULES[f.rule][1] for f in findings})}}


def review_text(path, findings):
    out = []
    if not findings:
        out.append("Review of %s: no async anti-patterns found." % path)
        out.append("(looplab review is a static check of %d patterns; the graded "
                   "run measures the rest.)" % len(RULES))
        return "\n".join(out) + "\n"
    d = review_dict(path, findings)
    s = d["summary"]
    out.append("Review of %s: %d finding%s (%d high, %d medium, %d low) in %d "
               "categor%s" % (path, s["findings"], "" if s["findings"] == 1 else "s",
                              s["high"], s["medium"], s["low"], len(s["categories"]),
                              "y" if len(s["categories"]) == 1 else "ies"))
    cats = []
    for f in findings:
        c = RULES[f.rule][1]
        if c not in cats:
            cats.append(c)
    cats.sort(key=lambda c: min(RULES[f.rule][2] for f in findings if RULES[f.rule][1] == c))
    for c in cats:
        items = [f for f in findings if RULES[f.rule][1] == c]
        out.append("")
        out.append("%s (%d)" % (c, len(items)))
        for f in items:
            slug, _c, prio, _p, _x = RULES[f.rule]
            out.append("  %s:%d:%d  %s %s (%s)" % (path, f.line, f.col, f.rule, slug,
                                                   PRIORITY_NAME[prio]))
            out.append("    problem: %s" % f._fmt("problem"))
            out.append("    fix:     %s" % f._fmt("fix"))
    out.append("")
    out.append("Recommendations, by priority:")
    seen = []
    for f in sorted(findings, key=lambda f: (RULES[f.rule][2], f.rule)):
        if f.rule not in seen:
            seen.append(f.rule)
    for i, rule in enumerate(seen, 1):
        slug, _c, prio, _p, fix = RULES[rule]
        lines = [str(f.line) for f in findings if f.rule == rule]
        first = next(f for f in findings if f.rule == rule)
        out.append("  %d. [%s] %s (line%s %s): %s" % (
            i, PRIORITY_NAME[prio], slug, "" if len(lines) == 1 else "s",
            ", ".join(lines), first._fmt("fix")))
    return "\n".join(out) + "\n"


def main(argv):
    as_json = False
    files = []
    for a in argv:
        if a == "--json":
            as_json = True
        elif a.startswith("-"):
            sys.stderr.write("looplab review: unknown option %s\n" % a)
            return 4
        else:
            files.append(a)
    if len(files) != 1:
        sys.stderr.write("usage: looplab review FILE.py [--json]\n")
        return 4
    path = files[0]
    try:
        findings = lint_file(path)
    except OSError as e:
        sys.stderr.write("looplab review: cannot read %s: %s\n" % (path, e.strerror))
        return 2
    except SyntaxError as e:
        sys.stderr.write("looplab review: %s:%s:%s: syntax error: %s\n"
                         % (path, e.lineno, e.offset, e.msg))
        return 2
    if as_json:
        sys.stdout.write(json.dumps(review_dict(path, findings), indent=2) + "\n")
    else:
        sys.stdout.write(review_text(path, findings))
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
