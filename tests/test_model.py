from __future__ import annotations

from slint.model import Template
from slint.parser import parse_yaml
from slint.values import UNKNOWN


def template(text: str, **kwargs) -> Template:
    return Template(parse_yaml(text).root, text=text, **kwargs)


GLOBALS = """\
Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Timeout: 10
    Environment:
      Variables: {A: global-a, B: global-b}
    Layers: [g1, g2]
    VpcConfig:
      SubnetIds: [s-global]
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Timeout: 20
      Environment:
        Variables: {B: local-b, C: local-c}
      Layers: [l1]
      VpcConfig:
        SubnetIds: [s-local]
  Plain:
    Type: AWS::Serverless::Function
  NotSam:
    Type: AWS::Lambda::Function
    Properties: {}
"""


def test_globals_scalars_replace_maps_merge_lists_prepend():
    fn = template(GLOBALS).resources["Fn"]
    assert fn.get("Timeout").value == 20
    assert fn.get("Environment", "Variables").value == {"A": "global-a", "B": "local-b", "C": "local-c"}
    assert [v.value for v in fn.items("Layers")] == ["g1", "g2", "l1"]
    assert [v.value for v in fn.items("VpcConfig", "SubnetIds")] == ["s-global", "s-local"]


def test_merged_values_remember_where_they_were_written():
    fn = template(GLOBALS).resources["Fn"]
    a = fn.get("Environment", "Variables", "A")
    b = fn.get("Environment", "Variables", "B")
    assert a.path == ("Globals", "Function", "Environment", "Variables", "A") and a.from_globals
    assert a.span[0] == 6
    assert b.path == ("Resources", "Fn", "Properties", "Environment", "Variables", "B") and not b.from_globals
    layers = fn.items("Layers")
    assert [layer.path[0] for layer in layers] == ["Globals", "Globals", "Resources"]
    assert [layer.span[0] for layer in layers] == [7, 7, 17]


def test_globals_apply_only_to_sam_resources_and_defaults_fill_gaps():
    t = template(GLOBALS)
    plain = t.resources["Plain"]
    assert plain.get("Timeout").value == 10 and plain.get("Timeout").from_globals
    not_sam = t.resources["NotSam"]
    timeout = not_sam.get("Timeout")
    assert timeout.value == 3 and timeout.is_default and timeout.span == not_sam.span
    assert not_sam.get("MemorySize").value == 128
    assert not_sam.get("Nonexistent") is None


def test_parameters_defaults_overrides_and_types():
    text = """\
Parameters:
  T: {Type: Number, Default: "30"}
  L: {Type: CommaDelimitedList, Default: "a, b"}
  NoDefault: {Type: String}
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Timeout: !Ref T
      Layers: !Ref L
      Role: !Ref NoDefault
"""
    fn = template(text).resources["Fn"]
    assert fn.get("Timeout").value == 30 and fn.get("Timeout").via == "parameter T default"
    assert [v.value for v in fn.items("Layers")] == ["a", "b"]
    assert fn.get("Role").value is UNKNOWN
    overridden = template(text, parameter_values={"T": "60"}).resources["Fn"]
    assert overridden.get("Timeout").value == 60 and "override" in overridden.get("Timeout").via


def test_conditions_decide_if_and_undecided_if_yields_both_branches():
    text = """\
Parameters:
  Env: {Type: String, Default: prod}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  InUsEast1: !Equals [!Ref "AWS::Region", us-east-1]
  Both: !And [!Condition IsProd, !Condition InUsEast1]
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Timeout: !If [IsProd, 60, 5]
      MemorySize: !If [InUsEast1, 1024, 512]
      Description: !If [Both, yes-both, !Ref "AWS::NoValue"]
"""
    fn = template(text).resources["Fn"]
    assert fn.get("Timeout").value == 60
    memory = fn.get("MemorySize")
    assert memory.value is UNKNOWN and [v.value for v in memory.possibilities()] == [1024, 512]
    assert [v.value for v in fn.each("MemorySize")] == [1024, 512]
    decided = template(text, region="us-east-1").resources["Fn"]
    assert decided.get("MemorySize").value == 1024
    assert decided.get("Description").value == "yes-both"
    assert template(text, region="eu-west-1").resources["Fn"].get("Description") is None


def test_sub_join_select_split_findinmap_and_pseudo_parameters():
    text = """\
Parameters:
  Name: {Type: String, Default: app}
Mappings:
  Sizes: {prod: {memory: 2048}}
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      FunctionName: !Sub "${Name}-${AWS::Region}"
      Description: !Join ["-", [!Ref Name, x, !Select [1, !Split [",", "a,b,c"]]]]
      MemorySize: !FindInMap [Sizes, prod, memory]
      Handler: !FindInMap [Sizes, dev, memory, {DefaultValue: 128}]
      Role: !Sub "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/r"
"""
    fn = template(text, region="cn-north-1").resources["Fn"]
    assert fn.get("FunctionName").value == "app-cn-north-1"
    assert fn.get("Description").value == "app-x-b"
    assert fn.get("MemorySize").value == 2048
    assert fn.get("Handler").value == 128
    assert fn.get("Role").value is UNKNOWN  # the account id is never known
    assert template(text).resources["Fn"].get("FunctionName").value is UNKNOWN


def test_non_templates_are_recognised():
    from slint.model import is_template

    assert is_template(parse_yaml("AWSTemplateFormatVersion: '2010-09-09'\n").root)
    assert is_template(parse_yaml("Resources: {A: {Type: Custom::Thing}}\n").root)
    assert not is_template(parse_yaml("name: ci\non: push\njobs: {}\n").root)
    assert not is_template(parse_yaml("- a\n- b\n").root)
    assert not is_template(parse_yaml("Resources: {A: {Type: NotAws}}\n").root)


def test_without_the_sam_transform_globals_are_not_merged():
    """CloudFormation rejects such a template (SL506) and nothing would apply the Globals."""
    text = GLOBALS.replace("Transform: AWS::Serverless-2016-10-31\n", "")
    t = template(text)
    assert t.is_sam and not t.has_sam_transform and t.globals == {}
    fn = t.resources["Plain"]
    assert fn.get("Timeout").is_default and fn.get("Timeout").value == 3
    assert (
        template("Transform: [AWS::LanguageExtensions, AWS::Serverless-2016-10-31]\n" + text)
        .resources["Plain"]
        .get("Timeout")
        .from_globals
    )


def test_ignore_globals_opts_a_resource_out_of_all_or_some_globals():
    t = template(
        """
Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: python3.13
    Handler: app.handler
    MemorySize: 256
Resources:
  Inherits:
    Type: AWS::Serverless::Function
  IgnoresAll:
    Type: AWS::Serverless::Function
    IgnoreGlobals: "*"
  IgnoresSome:
    Type: AWS::Serverless::Function
    IgnoreGlobals: [Runtime, Handler]
"""
    )
    assert t.resources["Inherits"].get("Runtime").value == "python3.13"
    assert not t.resources["IgnoresAll"].has("Runtime")
    assert t.resources["IgnoresAll"].get("MemorySize").is_default
    ignores_some = t.resources["IgnoresSome"]
    assert not ignores_some.has("Runtime") and not ignores_some.has("Handler")
    memory = ignores_some.get("MemorySize")
    assert memory.value == 256 and memory.path == ("Globals", "Function", "MemorySize") and memory.span[0] == 7
