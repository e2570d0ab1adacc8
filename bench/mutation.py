"""`make mutation`: a small mutation tester for the core modules, each against its focused tests.

    python -m bench.mutation [--module NAME ...] [--exclude-tests PATTERN ...] [--timeout S]
                             [--list] [--show-survivors]

For each target module it enumerates mutants from the AST (comparison and boolean operators
flipped, arithmetic swapped, integer constants moved by one, True/False swapped, `not` dropped,
`if`/`while` conditions negated, call statements removed), runs the module's focused tests
against each (`-x`, a timeout per mutant) and reports killed / total per module. A mutant that
survives is a behaviour no test pins down; one that cannot be told apart from the original by any
test (an equivalent mutant) is listed in `EQUIVALENT` with the reason and excluded by name.

Mutants never touch the working tree (other engineers share it): a worker process imports the
mutated source in place of the module through an import hook and runs pytest in-process, so a
mutant costs its test run, not a new interpreter. A mutant that hangs is killed at the timeout
and counts as killed (the tests noticed, by not finishing). String constants are not mutated
(regular expressions and messages would flood the report with noise); their behaviour is
covered by the range tests instead.

Mutant names are `<function>:<operator>:<n>`: the n-th mutant of that operator in that function,
so they survive edits elsewhere in the file.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import copy
import importlib.abc
import importlib.util
import io
import json
import os
import select
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Target:
    name: str
    path: str
    module: str
    tests: tuple[str, ...]


TARGETS: tuple[Target, ...] = (
    Target(
        "sanitize",
        "fstui/text/sanitize.py",
        "fstui.text.sanitize",
        (
            "tests/text/test_sanitize_ranges.py",
            "tests/text/test_sanitize_hostile.py",
            "tests/text/test_inert_funnel.py",
            "tests/text/test_text_properties.py",
        ),
    ),
    Target(
        "limiter",
        "fstui/api/ratelimit/limiter.py",
        "fstui.api.ratelimit.limiter",
        (
            "tests/api/test_ratelimit.py",
            "tests/api/test_budget_wait.py",
            "tests/api/test_limiter_edges.py",
            "tests/api/test_limiter_mutants.py",
        ),
    ),
    Target(
        "outbox",
        "fstui/store/outbox.py",
        "fstui.store.outbox",
        (
            "tests/store/test_outbox_mutants.py",
            "tests/store/test_outbox_mutants_2.py",
            "tests/store/test_outbox_mutants_3.py",
            "tests/store/test_outbox_not_sent.py",
            "tests/store/test_custom_field_conflicts.py",
            "tests/store/test_conflict_fields.py",
            "tests/store/test_outbox.py",
            "tests/store/test_outbox_kinds.py",
            "tests/store/test_outbox_failure_paths.py",
            "tests/store/test_outbox_remembered_sends.py",
        ),
    ),
    Target(
        "parser",
        "fstui/query/parser.py",
        "fstui.query.parser",
        (
            "tests/query/test_query_errors.py",
            "tests/query/test_parser_mutants.py",
            "tests/query/test_query_properties.py",
            "tests/query/test_query_reference_examples.py",
            "tests/query/test_types.py",
        ),
    ),
    Target(
        "evaluate",
        "fstui/query/evaluate.py",
        "fstui.query.evaluate",
        (
            "tests/query/test_query_properties.py",
            "tests/query/test_query_reference_examples.py",
            "tests/query/test_types.py",
            "tests/query/test_evaluate_mutants.py",
        ),
    ),
)

EQUIVALENT: dict[str, dict[str, str]] = {
    "sanitize": {
        "cap_lines:cmp:2": "len(text) <= max_line -> <: a text exactly at the cap then takes the"
        " per-line path, which returns it unchanged too (speed only)",
        "cap_lines:cmp:4": "all(len(line) <= max_line) -> <: lines exactly at the cap then go"
        " through the loop, which keeps them as they are (speed only)",
        "_has_c1_introducer:cmp:1": "in -> not in: the escape pass then also runs on strings"
        " without ESC or C1 introducers, where every alternative of _ESCAPES needs one (no-op)",
        "one_line:arith:1": "prefix budget 4n + 1024 -> 4n - 1024: one_line's prefix is a speed"
        " shortcut; any prefix gives the same first n - 1 characters (the open-string guard"
        " removes the one case that differed) or falls back to the whole string",
        "one_line:int:3": "prefix budget multiplier 4 -> 5: as one_line:arith:1",
        "one_line:int_down:3": "prefix budget multiplier 4 -> 3: as one_line:arith:1",
        "one_line:int:4": "prefix budget 1024 -> 1025: as one_line:arith:1",
        "one_line:int_down:4": "prefix budget 1024 -> 1023: as one_line:arith:1",
        "one_line:bool:2": "fallback `len(s) > budget and short` -> `or`: the fallback recomputes"
        " from the whole string, which gives the same text (speed only)",
        "one_line:cmp:4": "fallback len(s) > budget -> >=: at equality the prefix is the whole"
        " string, so the fallback recomputes the same text",
    },
    "limiter": {
        "Reservation:bool_const:1": "frozen=True -> False: nothing assigns to a reservation;"
        " only its immutability changes, which no behaviour reads",
        "BudgetStats:bool_const:1": "frozen=True -> False: as Reservation:bool_const:1",
        "BudgetWait:bool_const:1": "frozen=True -> False: as Reservation:bool_const:1",
        "BudgetStats:float:1": "the dataclass default window 60.0 -> 61.0: stats() always"
        " passes the limiter's own window, so the default is never used",
        "RateLimiter.__init__:int:1": "reservation ids count from 1 -> 2: ids only need to be"
        " unique within the process (they match a response to its log entry)",
        "RateLimiter.__init__:int_down:1": "reservation ids count from 1 -> 0: as"
        " RateLimiter.__init__:int:1",
        "RateLimiter._run_soon.share:call:2": "the warning logged when sharing an update fails"
        " is removed: logging only (the runner skips `log.`/`logger.` calls; this one is `_log`)",
        "RateLimiter._run_soon.share:bool_const:1": "exc_info=True -> False in that warning:"
        " logging only",
        "RateLimiter.flush:bool_const:1": "gather(return_exceptions=True -> False): every"
        " pending task is share(), which catches every exception itself",
        "RateLimiter.share:float:1": "no store and no share: 1.0 -> 2.0, clamped to 1.0 by the"
        " min() on the next line",
        "RateLimiter._allowed:int_down:1": "floor max(1, ...) -> max(0, ...): an allowance of 0"
        " and of 1 both admit a request only into an empty log (`or not entries`), and both"
        " wait for the same oldest entry",
        "RateLimiter._allowed:float:1": "shares.get(priority, 1.0 -> 2.0): self.shares starts as"
        " a copy of DEFAULT_SHARES, which names every Priority, so the default is never used",
        "RateLimiter.acquire.try_reserve:cmp:3": "share < 1.0 -> <= 1.0: at a share of exactly"
        " 1 the own cap equals the whole allowance, and our own entries are a subset of all",
        "RateLimiter.acquire.try_reserve:float:3": "share < 1.0 -> < 2.0: share() is at most"
        " 1.0, so as try_reserve:cmp:3",
        "RateLimiter.acquire.try_reserve:int_down:1": "own cap max(1, ...) -> max(0, ...): as"
        " _allowed:int_down:1",
        "RateLimiter._usable:int_down:3": "usable max(1, limit - margin) -> max(0, ...): the"
        " only caller, _allowed, floors the result at 1 again",
    },
    "outbox": {
        "OutboxClient.add_note:bool_const:1": "private=True -> False in a Protocol's stub: the"
        " stub never runs; the outbox always passes private itself",
        "Write:bool_const:1": "frozen=True -> False: nothing assigns to or hashes a Write;"
        " changes go through dataclasses.replace",
        "FieldChange:bool_const:1": "frozen=True -> False: as Write:bool_const:1",
        "SubmitResult:bool_const:1": "frozen=True -> False: as Write:bool_const:1",
        "QueuedWrite:bool_const:1": "frozen=True -> False: as Write:bool_const:1",
        "FieldChange:bool_const:2": "the default in_write False -> True: every FieldChange the"
        " outbox makes (conflict checks, from_json) passes in_write",
        "_ProcessLock.acquire:bool_const:1": "the win32 branch (no flock there): never runs on"
        " the platforms the tests and fstui's locking run on",
        "_ProcessLock.release:bool:1": "`fd is None or win32` -> and: held() releases only after"
        " acquire() returned True, so fd is never None there",
        "_ProcessLock.release:call:1": "dropping flock(LOCK_UN): the os.close right after closes"
        " the lock's only descriptor, which releases the flock as well",
        "Outbox.flush:call:3": "blocked.add after _Offline: `offline` is now True, and every"
        " later record takes the offline branch whatever `blocked` holds",
        "Outbox._override:bool_const:1": "force False -> True for a conflict: only update_ticket"
        " writes are held as conflicts, and force is read only for kinds outside"
        " _CHECKED_FIRST, which holds update_ticket",
        "Outbox._retry_loop:call:6": "the wake after the backoff sleep: the loop sleeps only"
        " when a result was QUEUED, and flush() has then set the wake itself",
        "Outbox._rebase_later:cmp:2": "later.seq <= -> < record.seq: the delivered record was"
        " deleted before the records are listed, and seqs are unique",
        "Outbox._next_seq:int:1": "default 0 -> 1 for an empty outbox: seqs are only compared,"
        " and time_ns() is larger than either",
        "Outbox._next_seq:int:2": "newest + 1 -> + 2: the order of seqs is kept",
        "_asset_ids:bool:2": "`items is None and isinstance(ticket, Mapping)` -> or: a Mapping"
        " has no model_extra, so items is None whenever the ticket is a Mapping",
        "_same_instant:bool:1": "both parsed -> either parsed: with one unparsed, pa == pb is"
        " False, and so is a == b (a valid timestamp never equals an unparseable one or None)",
        "rebased:bool:1": "`name == CUSTOM and key` -> or: a key (text after a dot) appears only"
        " in custom_fields.<key> names, and a conflict found from a base never names the whole"
        " custom_fields",
    },
    "parser": {
        "_Parser._peek:arith:2": "min(index + ahead, len - 1 -> len + 1): the parser never"
        " looks past the END token (every path stops or raises there), so the clamp never"
        " applies",
        "_Parser._peek:int_down:1": "min(index + ahead, len - 1 -> len - 0): as"
        " _Parser._peek:arith:2",
    },
    "evaluate": {
        "_as_date:int_down:1": "match.group(1 -> 0): _DATE_PREFIX is one group spanning the"
        " whole match, so group 0 and group 1 are the same text",
    },
}
"""Mutants no test can tell from the original, by module and name, with the reason."""


# ---- enumerating mutants -------------------------------------------------------------------

_COMPARE_SWAP: dict[type[ast.cmpop], type[ast.cmpop]] = {
    ast.Lt: ast.LtE,
    ast.LtE: ast.Lt,
    ast.Gt: ast.GtE,
    ast.GtE: ast.Gt,
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
}
_BINOP_SWAP: dict[type[ast.operator], type[ast.operator]] = {
    ast.Add: ast.Sub,
    ast.Sub: ast.Add,
    ast.Mult: ast.Div,
    ast.Div: ast.Mult,
    ast.FloorDiv: ast.Mult,
    ast.Mod: ast.FloorDiv,
}


@dataclass(frozen=True)
class Mutant:
    name: str
    line: int
    description: str
    source: str


class _Sites(ast.NodeVisitor):
    """Collect (node path, operator, description) for every mutation site, in source order."""

    def __init__(self) -> None:
        self.sites: list[tuple[ast.AST, str, str, str]] = []  # node, scope, op, description
        self._scope: list[str] = []
        self._in_annotation = 0

    # scopes ------------------------------------------------------------------------------

    def _scoped(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) -> None:
        self._scope.append(node.name)
        for decorator in node.decorator_list:
            self.visit(decorator)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            self.visit(node.args)
        body = node.body
        if body and _is_docstring(body[0]):
            body = body[1:]
        for statement in body:
            self.visit(statement)
        self._scope.pop()

    visit_FunctionDef = _scoped
    visit_AsyncFunctionDef = _scoped
    visit_ClassDef = _scoped

    def visit_arguments(self, node: ast.arguments) -> None:
        for default in [*node.defaults, *(d for d in node.kw_defaults if d is not None)]:
            self.visit(default)  # annotations are skipped: they do not run

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        if node.value is not None:
            self.visit(node.value)

    @property
    def scope(self) -> str:
        return ".".join(self._scope) or "<module>"

    def _add(self, node: ast.AST, op: str, description: str) -> None:
        if _no_mutate(node):
            return
        self.sites.append((node, self.scope, op, description))

    # sites -------------------------------------------------------------------------------

    def visit_Assign(self, node: ast.Assign) -> None:
        if any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets):
            return
        self.generic_visit(node)

    def visit_Compare(self, node: ast.Compare) -> None:
        for index, op in enumerate(node.ops):
            if type(op) in _COMPARE_SWAP:
                swapped = _COMPARE_SWAP[type(op)].__name__
                self._add(node, f"cmp{index}", f"{type(op).__name__} -> {swapped}")
        self.generic_visit(node)

    def visit_BoolOp(self, node: ast.BoolOp) -> None:
        other = "Or" if isinstance(node.op, ast.And) else "And"
        self._add(node, "bool", f"{type(node.op).__name__} -> {other}")
        self.generic_visit(node)

    def visit_BinOp(self, node: ast.BinOp) -> None:
        if type(node.op) in _BINOP_SWAP:
            swapped = _BINOP_SWAP[type(node.op)].__name__
            self._add(node, "arith", f"{type(node.op).__name__} -> {swapped}")
        self.generic_visit(node)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        if type(node.op) in _BINOP_SWAP:
            swapped = _BINOP_SWAP[type(node.op)].__name__
            self._add(node, "augassign", f"{type(node.op).__name__}= -> {swapped}=")
        self.generic_visit(node)

    def visit_UnaryOp(self, node: ast.UnaryOp) -> None:
        if isinstance(node.op, ast.Not):
            self._add(node, "not", "drop `not`")
        self.generic_visit(node)

    def visit_Constant(self, node: ast.Constant) -> None:
        value = node.value
        if isinstance(value, bool):
            self._add(node, "bool_const", f"{value} -> {not value}")
        elif isinstance(value, int):
            self._add(
                node,
                "int",
                f"{value:#x} -> {value + 1:#x}" if value > 9 else f"{value} -> {value + 1}",
            )
            if value != 0:
                self._add(
                    node,
                    "int_down",
                    f"{value:#x} -> {value - 1:#x}" if value > 9 else f"{value} -> {value - 1}",
                )
        elif isinstance(value, float):
            self._add(node, "float", f"{value} -> {value + 1}")

    def visit_If(self, node: ast.If) -> None:
        self._add(node, "if", "negate the condition")
        self.generic_visit(node)

    def visit_While(self, node: ast.While) -> None:
        if not (isinstance(node.test, ast.Constant) and node.test.value is True):
            self._add(node, "while", "negate the condition")
        self.generic_visit(node)

    def visit_Expr(self, node: ast.Expr) -> None:
        call = node.value.value if isinstance(node.value, ast.Await) else node.value
        if isinstance(call, ast.Call) and not _is_logging(call):
            self._add(node, "call", "remove the call statement")
        self.generic_visit(node)

    def visit_Break(self, node: ast.Break) -> None:
        self._add(node, "break", "break -> pass")

    def visit_Continue(self, node: ast.Continue) -> None:
        self._add(node, "continue", "continue -> pass")


def _is_docstring(node: ast.stmt) -> bool:
    return (
        isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    )


def _is_logging(call: ast.Call) -> bool:
    func = call.func
    return (
        isinstance(func, ast.Attribute)
        and isinstance(func.value, ast.Name)
        and func.value.id in ("log", "logger", "logging")
    )


_NO_MUTATE_LINES: set[int] = set()


def _no_mutate(node: ast.AST) -> bool:
    return getattr(node, "lineno", -1) in _NO_MUTATE_LINES


class _Apply(ast.NodeTransformer):
    """Apply the mutation at the site whose node is `target` (matched by identity in a copy)."""

    def __init__(self, target: ast.AST, op: str) -> None:
        self.target = target
        self.op = op

    def visit(self, node: ast.AST) -> Any:
        if node is self.target:
            return self._mutate(node)
        return super().visit(node)

    def _mutate(self, node: ast.AST) -> Any:
        op = self.op
        if isinstance(node, ast.Compare) and op.startswith("cmp"):
            index = int(op[3:])
            node.ops[index] = _COMPARE_SWAP[type(node.ops[index])]()
        elif isinstance(node, ast.BoolOp):
            node.op = ast.Or() if isinstance(node.op, ast.And) else ast.And()
        elif isinstance(node, ast.BinOp | ast.AugAssign):
            node.op = _BINOP_SWAP[type(node.op)]()
        elif isinstance(node, ast.UnaryOp):
            return node.operand
        elif isinstance(node, ast.Constant):
            if op == "bool_const":
                node.value = not node.value
            elif op == "int":
                node.value = node.value + 1
            elif op == "int_down":
                node.value = node.value - 1
            else:
                node.value = node.value + 1
        elif isinstance(node, ast.If | ast.While):
            node.test = ast.UnaryOp(op=ast.Not(), operand=node.test)
        elif isinstance(node, ast.Expr | ast.Break | ast.Continue):
            return ast.Pass()
        return node


def mutants(path: Path) -> list[Mutant]:
    """Every mutant of the file at `path`, named stably, in source order."""
    source = path.read_text()
    _NO_MUTATE_LINES.clear()
    _NO_MUTATE_LINES.update(
        number for number, line in enumerate(source.splitlines(), 1) if "pragma: no mutate" in line
    )
    tree = ast.parse(source)
    sites = _Sites()
    sites.visit(tree)
    counts: dict[tuple[str, str], int] = {}
    found: list[Mutant] = []
    # Identity matching needs the same node objects: map each site to its index in a walk.
    order = {id(node): index for index, node in enumerate(ast.walk(tree))}
    for node, scope, op, description in sites.sites:
        kind = op.rstrip("0123456789") if op.startswith("cmp") else op
        key = (scope, kind)
        counts[key] = counts.get(key, 0) + 1
        clone = copy.deepcopy(tree)
        target = list(ast.walk(clone))[order[id(node)]]
        mutated = ast.fix_missing_locations(_Apply(target, op).visit(clone))
        found.append(
            Mutant(
                name=f"{scope}:{kind}:{counts[key]}",
                line=getattr(node, "lineno", 0),
                description=description,
                source=ast.unparse(mutated),
            )
        )
    return found


# ---- running one mutant (worker side) ------------------------------------------------------


class _MutantLoader(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Serve `module` from `source` instead of its file."""

    def __init__(self, module: str, path: str, source: str) -> None:
        self.module = module
        self.path = path
        self.source = source

    def find_spec(self, fullname: str, path: Any, target: Any = None) -> Any:
        if fullname != self.module:
            return None
        return importlib.util.spec_from_loader(fullname, self, origin=self.path)

    def create_module(self, spec: Any) -> ModuleType | None:
        return None

    def exec_module(self, module: ModuleType) -> None:
        module.__file__ = self.path
        exec(compile(self.source, self.path, "exec"), module.__dict__)


def _purge() -> None:
    """Forget fstui and the test modules, so the next run imports the mutant everywhere."""
    tests = str(ROOT / "tests")
    for name, module in list(sys.modules.items()):
        file = getattr(module, "__file__", None) or ""
        if name == "fstui" or name.startswith("fstui.") or file.startswith(tests):
            del sys.modules[name]


def _traced(path: str, lines: set[int]) -> Any:
    """A trace function recording the lines run in `path` (every other file is not traced)."""

    def local(frame: Any, event: str, arg: Any) -> Any:
        if event == "line":
            lines.add(frame.f_lineno)
        return local

    def tracer(frame: Any, event: str, arg: Any) -> Any:
        if frame.f_code.co_filename == path:
            lines.add(frame.f_lineno)
            return local
        return None

    return tracer


def _run_tests(job: dict[str, Any], lines: set[int] | None = None) -> int:
    import threading

    import pytest

    _purge()
    loader = None
    if job.get("source") is not None:
        loader = _MutantLoader(job["module"], str(ROOT / job["path"]), job["source"])
        sys.meta_path.insert(0, loader)
    args = [*job["tests"], "-x", "-q", "-p", "no:cacheprovider", "--no-header", "-W", "ignore"]
    tracer = _traced(str(ROOT / job["path"]), lines) if lines is not None else None
    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            if tracer is not None:
                sys.settrace(tracer)
                threading.settrace(tracer)
            return int(pytest.main(args))
    finally:
        if tracer is not None:
            sys.settrace(None)
            threading.settrace(None)  # type: ignore[arg-type]
        if loader is not None:
            sys.meta_path.remove(loader)


def worker() -> None:
    os.chdir(ROOT)
    for line in sys.stdin:
        job = json.loads(line)
        lines: set[int] | None = set() if job.get("trace") else None
        try:
            code = _run_tests(job, lines)
        except BaseException as exc:  # a mutant may break anything; report, keep serving
            code = 99
            print(json.dumps({"rc": code, "error": repr(exc)[:200]}), flush=True)
            continue
        print(json.dumps({"rc": code, "lines": sorted(lines or ())}), flush=True)


# ---- the driver ----------------------------------------------------------------------------


class _Worker:
    def __init__(self) -> None:
        self.process: subprocess.Popen[str] | None = None

    def _start(self) -> subprocess.Popen[str]:
        if self.process is None or self.process.poll() is not None:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "bench.mutation", "--worker"],
                cwd=ROOT,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                text=True,
                env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
            )
        return self.process

    def run(self, job: dict[str, Any], timeout: float) -> int | None:
        """The pytest exit code, or None on timeout (the worker is then replaced)."""
        answer = self.ask(job, timeout)
        return None if answer is None else int(answer["rc"])

    def ask(self, job: dict[str, Any], timeout: float) -> dict[str, Any] | None:
        """The worker's whole answer (exit code, traced lines), or None on timeout."""
        process = self._start()
        assert process.stdin is not None and process.stdout is not None
        process.stdin.write(json.dumps(job) + "\n")
        process.stdin.flush()
        ready, _, _ = select.select([process.stdout], [], [], timeout)
        if not ready:
            self.stop()
            return None
        line = process.stdout.readline()
        if not line:
            self.stop()
            return {"rc": 98}  # the worker died: the mutant crashed the interpreter
        answer: dict[str, Any] = json.loads(line)
        return answer

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process = None


class TargetError(Exception):
    """A target that cannot be scored (its tests are missing or fail unmutated)."""


@dataclass
class Score:
    target: str
    total: int
    killed: int
    timeouts: int
    survivors: list[Mutant]
    excluded: list[str]
    seconds: float
    uncovered: set[str]

    @property
    def percent(self) -> float:
        return 100.0 * self.killed / self.total if self.total else 100.0


def run_target(
    target: Target,
    worker: _Worker,
    *,
    exclude_tests: Sequence[str],
    timeout: float | None,
    progress: bool,
    functions: Sequence[str] = (),
    rerun_only: set[str] | None = None,
) -> Score:
    tests = [t for t in target.tests if not any(pattern in t for pattern in exclude_tests)]
    missing = [t for t in tests if not (ROOT / t).exists()]
    if missing:
        raise TargetError(f"focused tests not found: {', '.join(missing)} (renamed?)")
    started = time.perf_counter()
    base_job = {"module": target.module, "path": target.path, "tests": tests, "source": None}
    # One clean run, timed, without tracing (a mutant's time limit is relative to it) ...
    clean_started = time.perf_counter()
    code = worker.run(base_job, 600)
    clean_seconds = time.perf_counter() - clean_started
    if code != 0:
        raise TargetError(f"the focused tests fail without any mutant (pytest exit code {code})")
    # ... and one traced: a mutant on a line no focused test runs survives without a run.
    traced = worker.ask({**base_job, "trace": True}, 1200)
    covered = set(traced.get("lines", ())) if traced is not None else set()
    limit = timeout if timeout is not None else max(10.0, clean_seconds * 4 + 5)
    equivalent = EQUIVALENT.get(target.name, {})
    all_mutants = mutants(ROOT / target.path)
    if functions:  # a quick look at a few functions: `Outbox._check_ticket` or `_check_ticket`
        all_mutants = [
            m
            for m in all_mutants
            if any(m.name.split(":", 1)[0].split(".")[-1] == f.split(".")[-1] for f in functions)
        ]
    counted = [m for m in all_mutants if m.name not in equivalent]
    excluded = [m.name for m in all_mutants if m.name in equivalent]
    killed = timeouts = 0
    survivors: list[Mutant] = []
    uncovered: list[Mutant] = []
    carried = 0
    for index, mutant in enumerate(counted, 1):
        if rerun_only is not None and mutant.name not in rerun_only:
            # Killed in the earlier run: tests were only added since, so it still is.
            killed += 1
            carried += 1
            continue
        if covered and mutant.line not in covered:
            uncovered.append(mutant)
            survivors.append(mutant)
            code: int | None = 0
            if progress:
                print("u", end="" if index % 80 else "\n", file=sys.stderr, flush=True)
            continue
        job = {**base_job, "source": mutant.source}
        code = worker.run(job, limit)
        if code is None:
            timeouts += 1
            killed += 1
        elif code != 0:
            killed += 1
        else:
            survivors.append(mutant)
        if progress:
            mark = "." if code != 0 else "S"
            print(mark, end="" if index % 80 else "\n", file=sys.stderr, flush=True)
    if progress:
        print(file=sys.stderr)
    return Score(
        target.name,
        len(counted),
        killed,
        timeouts,
        survivors,
        excluded,
        time.perf_counter() - started,
        {m.name for m in uncovered},
    )


def _report(scores: list[Score], show_survivors: bool) -> str:
    lines = ["| module | mutants | killed | score | timeouts | equivalent | seconds |"]
    lines.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for s in scores:
        lines.append(
            f"| {s.target} | {s.total} | {s.killed} | {s.percent:.1f}% | {s.timeouts} "
            f"| {len(s.excluded)} | {s.seconds:.0f} |"
        )
    if show_survivors:
        for s in scores:
            if s.survivors:
                lines.append(f"\nsurvivors in {s.target}:")
                for m in s.survivors:
                    note = " (line not run by the focused tests)" if m.name in s.uncovered else ""
                    lines.append(f"  line {m.line:4d}  {m.name:50s} {m.description}{note}")
    return "\n".join(lines)


def survivors_in_report(text: str) -> dict[str, set[str]]:
    """The survivors a `--show-survivors` report listed, by module.

    With `--rerun-survivors REPORT` only these are run again: a mutant the earlier run killed
    stays killed as long as tests were only added (and the module's source did not change),
    so re-scoring costs the survivors' runs, not the whole module's.
    """
    found: dict[str, set[str]] = {}
    module: str | None = None
    for line in text.splitlines():
        if line.startswith("survivors in ") and line.endswith(":"):
            module = line[len("survivors in ") : -1]
            found[module] = set()
        elif module is not None and line.startswith("  line "):
            parts = line.split()
            if len(parts) >= 3:
                found[module].add(parts[2])
        elif line.strip() and not line.startswith(" "):
            module = None
    return found


def _selected(names: Sequence[str] | None) -> Iterator[Target]:
    known = {t.name: t for t in TARGETS}
    for name in names or known:
        if name not in known:
            raise SystemExit(f"unknown module {name!r}; choose from {', '.join(known)}")
        yield known[name]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.mutation", description=__doc__)
    parser.add_argument("--module", action="append", help="a target by name (default: all)")
    parser.add_argument(
        "--exclude-tests",
        action="append",
        default=[],
        metavar="PATTERN",
        help="leave out test files whose path contains PATTERN (to score an older test set)",
    )
    parser.add_argument("--timeout", type=float, default=None, help="seconds per mutant")
    parser.add_argument(
        "--function",
        action="append",
        default=[],
        help="only the mutants of this function (repeatable); the score is then partial",
    )
    parser.add_argument(
        "--rerun-survivors",
        metavar="REPORT",
        type=Path,
        help="a saved --show-survivors report: run only its survivors again and count the"
        " rest as killed (valid while tests were only added and the module is unchanged)",
    )
    parser.add_argument("--list", action="store_true", help="list the mutants and stop")
    parser.add_argument("--show-survivors", action="store_true")
    parser.add_argument("--quiet", action="store_true", help="no progress dots")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    ns = parser.parse_args(argv)
    if ns.worker:
        worker()
        return 0
    targets = list(_selected(ns.module))
    if ns.list:
        for target in targets:
            for m in mutants(ROOT / target.path):
                print(f"{target.name:9s} line {m.line:4d}  {m.name:50s} {m.description}")
        return 0
    earlier = survivors_in_report(ns.rerun_survivors.read_text()) if ns.rerun_survivors else None
    runner = _Worker()
    scores: list[Score] = []
    failures: list[str] = []
    try:
        for target in targets:
            if not ns.quiet:
                print(f"{target.name}: ", file=sys.stderr, flush=True)
            try:
                score = run_target(
                    target,
                    runner,
                    exclude_tests=ns.exclude_tests,
                    timeout=ns.timeout,
                    progress=not ns.quiet,
                    functions=ns.function,
                    rerun_only=None if earlier is None else earlier.get(target.name, set()),
                )
            except TargetError as exc:
                failures.append(f"{target.name}: {exc}")
                continue
            scores.append(score)
            print(_report([score], show_survivors=False), file=sys.stderr, flush=True)
    finally:
        runner.stop()
    print(_report(scores, ns.show_survivors))
    for failure in failures:
        print(f"NOT SCORED {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
