"""Mutation fuzzing of real templates: odd values, intrinsics and nesting never make slint fail.

Each example takes a template from the corpus (or the rule fixtures), changes a few of its
values by type (infinities, NaN, huge numbers, long path components, lists and maps where
scalars belong), by intrinsic (Split, Select, Join, Sub, If, FindInMap, Base64, Ref) and by
nesting (a value wrapped in many intrinsics, a subtree copied into itself), writes it back as
YAML or JSON and lints it. Nothing may fail internally (SL000), raise, or produce output out of
proportion to the input. The number of examples and the seed are fixed, so a CI run does the
same bounded work every time (about 5 s); set SLINT_FUZZ_EXAMPLES to search longer locally
(3,000 examples found nothing more). A hang guard (SIGALRM) turns a runaway into a failure.
"""

from __future__ import annotations

import json
import math
import os
import signal
from contextlib import contextmanager

import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from slint.core_rules import MAX_FINDINGS_PER_RULE

from .test_properties import ENGINE, PARSED_SEEDS, _paths, _replace

EXAMPLES = int(os.environ.get("SLINT_FUZZ_EXAMPLES", "300"))
# No shrinking: a regression that hangs would be retried for every shrink step; the failing
# example is in the assertion message instead.
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
    phases=[Phase.explicit, Phase.generate],
)
HANG_GUARD_SECONDS = int(
    os.environ.get("SLINT_FUZZ_HANG_GUARD", "60")
)  # a guard, not a measurement: a hang fails instead of freezing CI
MAX_OUTPUT_PER_INPUT_BYTE = 40  # messages quote values; nothing should multiply them beyond this

ODD_SCALARS = st.sampled_from([
    math.inf, -math.inf, math.nan, 10**4000, -(10**300), 2**63, -1, 0, 1.5, 1e308, True, False, None, "",
    "9" * 5000, "a" * 300, "src/" + "b" * 300 + "/app", "../" * 50, "\u0000", "é" * 10,
    "${x}${x}", "${AWS::Region}${AWS::NoSuch}", "*", ",,,", "arn:aws:lambda:us-east-1:123456789012:function:f",
])  # fmt: skip
NAMES = st.sampled_from(["Fn", "Queue", "Bucket", "AWS::Region", "AWS::NoValue", "AWS::AccountId", "Missing", "Env"])


def _intrinsic(child):
    return st.one_of(
        st.builds(
            lambda sep, text: {"Fn::Split": [sep, text]},
            st.sampled_from([",", "", "/", 1]),
            st.sampled_from(["us-east-1,eu-west-1", "", "a/b", 5]),
        ),
        st.builds(
            lambda index, items: {"Fn::Select": [index, items]},
            ODD_SCALARS,
            st.one_of(child, st.lists(child, max_size=3)),
        ),
        st.builds(
            lambda sep, items: {"Fn::Join": [sep, items]},
            st.sampled_from(["", ",", None]),
            st.one_of(child, st.lists(child, max_size=3)),
        ),
        st.builds(
            lambda text, variable: {"Fn::Sub": [text, {"x": variable}]},
            st.sampled_from(["${x}", "${x}${x}", "${!x}", "${x.Arn}"]),
            child,
        ),
        st.builds(lambda a, b: {"Fn::If": ["Cond", a, b]}, child, child),
        st.builds(
            lambda keys: {"Fn::FindInMap": keys},
            st.lists(st.one_of(child, st.sampled_from(["M", "K", "V"])), max_size=4),
        ),
        st.builds(lambda value: {"Fn::Base64": value}, child),
        st.builds(lambda name: {"Ref": name}, NAMES),
        st.builds(
            lambda name, attribute: {"Fn::GetAtt": [name, attribute]}, NAMES, st.sampled_from(["Arn", "StreamArn", 7])
        ),
    )


ODD_VALUES = st.recursive(
    ODD_SCALARS,
    lambda child: st.one_of(
        _intrinsic(child),
        st.lists(child, max_size=3),
        st.dictionaries(st.sampled_from(["Type", "Properties", "Ref", "x"]), child, max_size=2),
    ),
    max_leaves=8,
)


@st.composite
def nested(draw, value):
    """``value`` wrapped in up to 60 intrinsics: deeper than any template, shallower than the parser's limit."""
    for _ in range(draw(st.integers(1, 60))):
        kind = draw(st.sampled_from(["Fn::Base64", "Fn::Sub", "Fn::Join", "Fn::Select", "Fn::If"]))
        if kind == "Fn::Base64":
            value = {kind: value}
        elif kind == "Fn::Sub":
            value = {kind: ["${x}${x}", {"x": value}]}
        elif kind == "Fn::Join":
            value = {kind: ["", [value, "-"]]}
        elif kind == "Fn::Select":
            value = {kind: [0, [value]]}
        else:
            value = {kind: ["Cond", value, "-"]}
    return value


@st.composite
def mutants(draw):
    tree = draw(st.sampled_from(PARSED_SEEDS))
    for _ in range(draw(st.integers(1, 4))):
        paths = list(_paths(tree))
        path = draw(st.sampled_from(paths))
        how = draw(st.sampled_from(["type", "intrinsic", "nesting", "self-copy", "mapping"]))
        if how == "type":
            new = draw(ODD_SCALARS)
        elif how == "intrinsic":
            new = draw(_intrinsic(ODD_VALUES))
        elif how == "nesting":
            new = draw(nested(draw(ODD_SCALARS)))
        elif how == "self-copy":
            new = draw(nested(_at(tree, draw(st.sampled_from(paths)))))
        else:  # a mapping that looks itself up, read where the value was
            new = {"Fn::FindInMap": ["M", "K", "V"]}
        tree = _replace(tree, path, new) if path else tree
        if how == "mapping" and isinstance(tree, dict):
            tree = {
                **tree,
                "Mappings": {"M": {"K": {"V": {"Fn::Join": ["", [{"Fn::FindInMap": ["M", "K", "V"]}] * 2]}}}},
            }
    return tree


def _at(tree, path):
    for key in path:
        tree = tree[key]
    return tree


class _PlainDumper(yaml.SafeDumper):
    """Writes a subtree used twice twice, as a template author would, not as an anchor and alias."""

    def ignore_aliases(self, data) -> bool:
        return True


def _as_text(tree, as_json: bool) -> bytes:
    if as_json:  # JSON has no infinities or NaN: numbers too large for a float, a string for NaN
        return (
            json.dumps(tree, default=str)
            .replace("NaN", '"NaN"')
            .replace("-Infinity", "-1e999")
            .replace("Infinity", "1e999")
            .encode()
        )
    return yaml.dump(tree, Dumper=_PlainDumper, sort_keys=False, allow_unicode=True, width=1_000_000).encode()


class Hang(Exception):
    pass


@contextmanager
def hang_guard():
    def expire(signum, frame):
        raise Hang(f"linting one mutant took more than {HANG_GUARD_SECONDS} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(HANG_GUARD_SECONDS)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@FUZZ
@given(tree=mutants(), as_json=st.booleans())
def test_mutated_templates_never_fail_and_stay_bounded(tree, as_json):
    data = _as_text(tree, as_json)
    with hang_guard():
        result = ENGINE.lint_bytes(data, "mutant.json" if as_json else "mutant.yaml", None)
    failures = [f.message for f in result.findings if f.rule == "SL000"]
    assert failures == [], data[:3000]
    per_rule: dict[tuple, int] = {}
    for finding in result.findings:
        key = (finding.rule, finding.message_id)
        per_rule[key] = per_rule.get(key, 0) + 1
    assert max(per_rule.values(), default=0) <= MAX_FINDINGS_PER_RULE + 1
    output = sum(len(f.message) for f in result.findings)
    assert output <= MAX_OUTPUT_PER_INPUT_BYTE * len(data) + 100_000, (output, len(data))
