from __future__ import annotations

import pytest

from slint.parser import ParseError, decode, parse_json, parse_text, parse_yaml

SHORT_AND_LONG = [
    ("!Ref X", {"Ref": "X"}),
    ("!GetAtt Fn.Arn", {"Fn::GetAtt": ["Fn", "Arn"]}),
    ("!GetAtt [Fn, Arn]", {"Fn::GetAtt": ["Fn", "Arn"]}),
    ("!GetAtt Stack.Outputs.Name", {"Fn::GetAtt": ["Stack", "Outputs.Name"]}),
    ("!Sub 'a-${X}'", {"Fn::Sub": "a-${X}"}),
    ("!Sub ['${A}', {A: 1}]", {"Fn::Sub": ["${A}", {"A": 1}]}),
    ("!If [C, 1, 2]", {"Fn::If": ["C", 1, 2]}),
    ("!Join ['', [a, b]]", {"Fn::Join": ["", ["a", "b"]]}),
    ("!Select [0, !GetAZs '']", {"Fn::Select": [0, {"Fn::GetAZs": ""}]}),
    ("!Split [',', 'a,b']", {"Fn::Split": [",", "a,b"]}),
    ("!FindInMap [M, K, V]", {"Fn::FindInMap": ["M", "K", "V"]}),
    ("!Base64 text", {"Fn::Base64": "text"}),
    ("!Cidr [10.0.0.0/16, 4, 8]", {"Fn::Cidr": ["10.0.0.0/16", 4, 8]}),
    ("!ImportValue Shared", {"Fn::ImportValue": "Shared"}),
    ("!Condition IsProd", {"Condition": "IsProd"}),
    (
        "!And [!Condition A, !Not [!Equals [a, b]]]",
        {"Fn::And": [{"Condition": "A"}, {"Fn::Not": [{"Fn::Equals": ["a", "b"]}]}]},
    ),
    ("!Or [!Condition A, !Condition B]", {"Fn::Or": [{"Condition": "A"}, {"Condition": "B"}]}),
    ("!Transform {Name: AWS::Include}", {"Fn::Transform": {"Name": "AWS::Include"}}),
]


@pytest.mark.parametrize("short, long_form", SHORT_AND_LONG)
def test_short_form_tags_become_their_long_form(short, long_form):
    assert parse_yaml(f"v: {short}\n").root["v"] == long_form
    assert parse_yaml(f"v: {short}\n").diagnostics == []


def test_spans_are_exact_and_one_based():
    root = parse_yaml("Resources:\n  Fn:\n    Timeout: 900\n    Layers: [a, b]\n").root
    props = root["Resources"]["Fn"]
    assert props.value_spans["Timeout"] == (3, 14, 3, 17)
    assert props.key_spans["Timeout"] == (3, 5, 3, 12)
    assert props["Layers"].item_spans == [(4, 14, 4, 15), (4, 17, 4, 18)]
    assert props["Layers"].path == ("Resources", "Fn", "Layers")


def test_intrinsic_wrapped_containers_keep_correct_paths():
    root = parse_yaml("A:\n  B: !If\n    - C\n    - {x: 1}\n    - [y]\n").root
    args = root["A"]["B"]["Fn::If"]
    assert args.path == ("A", "B", "Fn::If")
    assert args[1].path == ("A", "B", "Fn::If", 1)


def test_plain_scalars_resolve_like_yaml_1_1_but_account_ids_stay_strings():
    root = parse_yaml("a: 1\nb: 1.5\nc: yes\nd: ~\ne: '2'\nf: 012345678901\ng: 0x1F\n").root
    assert root == {"a": 1, "b": 1.5, "c": True, "d": None, "e": "2", "f": "012345678901", "g": 31}


def test_duplicate_key_reported_at_the_duplicate_and_first_value_kept():
    parsed = parse_yaml("a: 1\nb: 2\na: 3\n")
    assert parsed.root["a"] == 1
    (diagnostic,) = parsed.diagnostics
    assert diagnostic.kind == "duplicate-key" and diagnostic.span[:2] == (3, 1)
    assert "first at line 1" in diagnostic.message


def test_alias_bomb_is_never_expanded():
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 30):
        lines.append(
            f"{chr(97 + i % 26)}{i}: &{chr(97 + i % 26)}{i} [*{lines[-1].split('&')[1].split()[0]}, *{lines[-1].split('&')[1].split()[0]}]"
        )
    parsed = parse_yaml("\n".join(lines) + "\n")
    kinds = {d.kind for d in parsed.diagnostics}
    assert kinds == {"yaml-anchor", "yaml-alias"}
    assert all(item is None for item in parsed.root["b1"])


def test_yaml_syntax_error_has_line_and_column():
    with pytest.raises(ParseError) as info:
        parse_yaml("Resources:\n  Fn: {Type: x\n")
    assert info.value.line == 3


def test_json_positions_duplicates_and_errors():
    parsed = parse_json('{\n  "Resources": {\n    "A": {"Type": "AWS::SQS::Queue"},\n    "A": {}\n  }\n}')
    assert parsed.root["Resources"].value_spans["A"] == (3, 10, 3, 37)
    (diagnostic,) = parsed.diagnostics
    assert diagnostic.kind == "duplicate-key" and diagnostic.span[:2] == (4, 5)
    with pytest.raises(ParseError) as info:
        parse_json('{\n  "a": [1, 2,]\n}')
    assert info.value.line == 2


def test_json_is_detected_by_extension_or_first_character():
    assert parse_text('{"a": 1}', "x.template").format == "json"
    assert parse_text("a: 1", "x.template").format == "yaml"


def test_decode_accepts_utf8_bom_and_utf16_and_rejects_latin1_with_location():
    assert decode("\ufeffa: 1".encode("utf-8")) == "a: 1"
    assert decode("a: é".encode("utf-16")) == "a: é"
    with pytest.raises(ParseError) as info:
        decode(b"a: 1\nb: caf\xe9\n")
    assert (info.value.line, info.value.column) == (2, 7)
    with pytest.raises(ParseError):
        decode(b"\x00\x01\x02binary")


def test_nesting_beyond_the_limit_is_a_parse_error_not_a_crash():
    with pytest.raises(ParseError, match="nesting"):
        parse_yaml("a: " + "[" * 5000 + "]" * 5000 + "\n")
    with pytest.raises(ParseError, match="nesting"):
        parse_json("[" * 5000 + "]" * 5000)


@pytest.mark.parametrize("depth", [300, 1_500, 20_000], ids=["below-libyaml-limit", "past-libyaml-limit", "far-past"])
def test_flow_nesting_stops_where_level_201_opens(depth):
    # libyaml rejects 1,000 flow levels itself, before any event; slint's message and place win
    text = 'AWSTemplateFormatVersion: "2010-09-09"\n\nX: {a: ' + "[" * depth + "]" * depth + "}\n"
    with pytest.raises(ParseError) as raised:
        parse_yaml(text)
    # the root mapping is level 1, "{" level 2, so the 199th "[" (column 8 + 198) opens level 201
    assert (raised.value.message, raised.value.line, raised.value.column) == ("nesting deeper than 200 levels", 3, 206)
