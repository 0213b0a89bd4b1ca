"""Regular expressions that run in time linear in the text, for patterns users write.

A policy file sets the pattern and a template sets the text, so Python's backtracking ``re``
(``^(a+)+$`` on ``aaaa…a!`` never ends, and ``re`` has no timeout) would let a pull request hang
CI. Patterns are parsed with Python's own regex parser (same syntax as ``re``), compiled to a
Thompson NFA and run as a DFA built lazily, one state set at a time: each text character costs
one or two dictionary look-ups whatever the pattern. The constructs that need backtracking —
backreferences, lookarounds, conditional groups, atomic groups, possessive repeats — are refused
when the pattern is compiled, which policies do when they load.

Chosen over a new dependency (google-re2): this needs no compiled wheel on any platform, keeps
Python's syntax exactly, and patterns are few and short, texts template values.
"""

from __future__ import annotations

from collections.abc import Callable
from re import _constants as C  # type: ignore[attr-defined]
from re import _parser  # type: ignore[attr-defined]
from re import error as _ReError

MAX_STATES = 10_000  # NFA states one pattern may expand to (x{1000}{1000} would be a million)
_CACHE_LIMIT = 20_000  # DFA transitions kept per pattern; past it the cache starts over (still linear)

_UNSUPPORTED = {
    C.GROUPREF: "a backreference",
    C.GROUPREF_EXISTS: "a conditional group (?(…)…)",
    C.ASSERT: "a lookahead or lookbehind",
    C.ASSERT_NOT: "a negative lookahead or lookbehind",
    C.ATOMIC_GROUP: "an atomic group (?>…)",
    C.POSSESSIVE_REPEAT: "a possessive repeat (*+, ++, ?+)",
}


class UnsupportedPattern(ValueError):
    """A pattern that is valid for ``re`` but cannot run in linear time, or is not valid at all."""


# NFA states: (kind, a, b). kind: "char" (a = predicate, b = next), "split" (a, b = nexts),
# "at" (a = assertion name, b = next), "accept".
_State = list


def _word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _category(category, ascii_only: bool) -> Callable[[str], bool]:
    digit = (lambda c: "0" <= c <= "9") if ascii_only else str.isdecimal
    space = (lambda c: c in " \t\n\r\f\v") if ascii_only else str.isspace
    word = (lambda c: c.isascii() and _word(c)) if ascii_only else _word
    table = {
        C.CATEGORY_DIGIT: digit,
        C.CATEGORY_NOT_DIGIT: lambda c: not digit(c),
        C.CATEGORY_SPACE: space,
        C.CATEGORY_NOT_SPACE: lambda c: not space(c),
        C.CATEGORY_WORD: word,
        C.CATEGORY_NOT_WORD: lambda c: not word(c),
    }
    if category not in table:
        raise UnsupportedPattern(f"the character category {category} is not supported")
    return table[category]


def _variants(ch: str, ignore_case: bool) -> tuple[str, ...]:
    return (ch, ch.lower(), ch.upper()) if ignore_case else (ch,)


class _Compiler:
    def __init__(self, flags: int):
        self.states: list[_State] = []
        self.ascii = bool(flags & C.SRE_FLAG_ASCII)

    def add(self, kind: str, a=None, b=None) -> int:
        if len(self.states) >= MAX_STATES:
            raise UnsupportedPattern(f"the pattern expands to more than {MAX_STATES:,} states (large repeat counts)")
        self.states.append([kind, a, b])
        return len(self.states) - 1

    def sequence(self, items, follow: int, flags: int) -> int:
        """Compile ``items`` so that matching them continues at state ``follow``; returns the start."""
        for op, av in reversed(list(items)):
            follow = self.item(op, av, follow, flags)
        return follow

    def item(self, op, av, follow: int, flags: int) -> int:
        ignore_case = bool(flags & C.SRE_FLAG_IGNORECASE)
        if op in _UNSUPPORTED:
            raise UnsupportedPattern(
                f"{_UNSUPPORTED[op]} is not supported (slint runs patterns in time linear in the text, without backtracking)"
            )
        if op is C.LITERAL or op is C.NOT_LITERAL:
            wanted = set(_variants(chr(av), ignore_case))
            negate = op is C.NOT_LITERAL
            return self.add("char", lambda c: any(v in wanted for v in _variants(c, ignore_case)) != negate, follow)
        if op is C.ANY:
            dotall = bool(flags & C.SRE_FLAG_DOTALL)
            return self.add("char", (lambda c: True) if dotall else (lambda c: c != "\n"), follow)
        if op is C.IN:
            return self.add("char", self.char_class(av, ignore_case), follow)
        if op is C.BRANCH:
            starts = [self.sequence(branch, follow, flags) for branch in av[1]]
            start = starts[-1]
            for other in reversed(starts[:-1]):
                start = self.add("split", other, start)
            return start
        if op is C.SUBPATTERN:
            _group, add_flags, del_flags, items = av
            return self.sequence(items, follow, (flags | add_flags) & ~del_flags)
        if op is C.MAX_REPEAT or op is C.MIN_REPEAT:  # greedy or lazy: the same set of matches
            low, high, items = av
            if high is C.MAXREPEAT:
                loop = self.add("split", None, follow)
                self.states[loop][1] = self.sequence(items, loop, flags)
                start = loop
            else:
                start = follow
                for _ in range(high - low):
                    start = self.add("split", self.sequence(items, start, flags), follow)
                    follow = start
            for _ in range(low):
                start = self.sequence(items, start, flags)
            return start
        if op is C.AT:
            multiline = bool(flags & C.SRE_FLAG_MULTILINE)
            name = {
                C.AT_BEGINNING: "line_start" if multiline else "start",
                C.AT_END: "line_end" if multiline else "end",
            }.get(av, av)
            if name not in _ASSERTIONS:
                raise UnsupportedPattern(f"{str(av).lower()} is not supported")
            return self.add("at", name, follow)
        raise UnsupportedPattern(f"{str(op).lower()} is not supported")

    def char_class(self, items, ignore_case: bool) -> Callable[[str], bool]:
        negate = False
        tests: list[Callable[[str], bool]] = []
        literals: set[str] = set()
        for op, av in items:
            if op is C.NEGATE:
                negate = True
            elif op is C.LITERAL:
                literals.add(chr(av))
            elif op is C.RANGE:
                low, high = chr(av[0]), chr(av[1])
                tests.append(lambda c, low=low, high=high: low <= c <= high)
            elif op is C.CATEGORY:
                tests.append(_category(av, self.ascii))
            else:
                raise UnsupportedPattern(f"{str(op).lower()} in a character class is not supported")

        def member(c: str) -> bool:
            for variant in _variants(c, ignore_case):
                if variant in literals or any(test(variant) for test in tests):
                    return not negate
            return negate

        return member


class SafePattern:
    """A compiled pattern: ``search(text)`` says whether it matches anywhere, like ``re.search``."""

    def __init__(self, pattern: str):
        try:
            parsed = _parser.parse(pattern)
        except (_ReError, OverflowError, RecursionError) as exc:
            raise UnsupportedPattern(str(exc)) from None
        compiler = _Compiler(parsed.state.flags)
        accept = compiler.add("accept")
        self.pattern = pattern
        self.states = compiler.states
        self.start = compiler.sequence(parsed, accept, parsed.state.flags)
        self._start = frozenset((self.start,))
        self.accept = accept
        self._closures: dict = {}
        self._steps: dict = {}

    def _closure(self, states: frozenset, context: tuple) -> frozenset:
        key = (states, context)
        known = self._closures.get(key)
        if known is not None:
            return known
        at_start, at_end, before_final_newline, prev, nxt = context
        seen = set()
        todo = list(states)
        while todo:
            index = todo.pop()
            if index in seen:
                continue
            seen.add(index)
            kind, a, b = self.states[index]
            if kind == "split":
                todo.extend((a, b))
            elif kind == "at" and _holds(a, at_start, at_end, before_final_newline, prev, nxt):
                todo.append(b)
        closed = frozenset(i for i in seen if self.states[i][0] in ("char", "accept"))
        self._remember(self._closures, key, closed)
        return closed

    def _step(self, states: frozenset, ch: str) -> frozenset:
        """The states after reading ``ch``, plus the start state: a search may begin anywhere.
        Cached, so the same set object (and its hash) comes back for the same step."""
        key = (states, ch)
        known = self._steps.get(key)
        if known is None:
            known = (
                frozenset(self.states[i][2] for i in states if self.states[i][0] == "char" and self.states[i][1](ch))
                | self._start
            )
            self._remember(self._steps, key, known)
        return known

    @staticmethod
    def _remember(cache: dict, key, value) -> None:
        if len(cache) >= _CACHE_LIMIT:
            cache.clear()
        cache[key] = value

    def search(self, text: str) -> bool:
        current = self._start
        length = len(text)
        prev = ""
        for position in range(length + 1):
            nxt = text[position] if position < length else ""
            context = (
                position == 0,
                position == length,
                position == length - 1 and nxt == "\n",
                _kind(prev),
                _kind(nxt),
            )
            current = self._closure(current, context)
            if self.accept in current:
                return True
            if position < length:
                current = self._step(current, nxt)
            prev = nxt
        return False


def _kind(ch: str) -> str:
    """What assertions need to know of a neighbouring character: none, newline, word, other."""
    if not ch:
        return ""
    if ch == "\n":
        return "\n"
    return "w" if _word(ch) else "o"


_ASSERTIONS = {
    "start",
    "line_start",
    "end",
    "line_end",
    C.AT_BEGINNING_STRING,
    C.AT_END_STRING,
    C.AT_BOUNDARY,
    C.AT_NON_BOUNDARY,
}


def _holds(assertion, at_start: bool, at_end: bool, before_final_newline: bool, prev: str, nxt: str) -> bool:
    if assertion == "start" or assertion is C.AT_BEGINNING_STRING:
        return at_start
    if assertion == "line_start":
        return at_start or prev == "\n"
    if assertion == "end":
        return at_end or before_final_newline
    if assertion == "line_end":
        return at_end or nxt == "\n"
    if assertion is C.AT_END_STRING:
        return at_end
    if assertion is C.AT_BOUNDARY:
        return (prev == "w") != (nxt == "w")
    if assertion is C.AT_NON_BOUNDARY:
        return (prev == "w") == (nxt == "w")
    raise UnsupportedPattern(f"{assertion} is not supported")
