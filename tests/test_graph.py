from __future__ import annotations

from slint.model import Template
from slint.parser import parse_yaml

SAM = """\
Transform: AWS::Serverless-2016-10-31
Resources:
  Queue: {Type: AWS::SQS::Queue}
  Bucket: {Type: AWS::S3::Bucket}
  Table:
    Type: AWS::DynamoDB::Table
    Properties: {StreamSpecification: {StreamViewType: NEW_IMAGE}}
  Worker:
    Type: AWS::Serverless::Function
    Properties:
      AutoPublishAlias: live
      Events:
        FromQueue: {Type: SQS, Properties: {Queue: !GetAtt Queue.Arn, BatchSize: 5}}
        FromBucket: {Type: S3, Properties: {Bucket: !Ref Bucket, Events: s3:ObjectCreated:*}}
        FromTable: {Type: DynamoDB, Properties: {Stream: !GetAtt Table.StreamArn, StartingPosition: LATEST}}
        Get: {Type: Api, Properties: {Path: /, Method: get}}
        Nightly: {Type: Schedule, Properties: {Schedule: rate(1 day)}}
      Policies:
        - S3CrudPolicy: {BucketName: !Ref Bucket}
  Distribution:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        DefaultCacheBehavior:
          LambdaFunctionAssociations:
            - EventType: viewer-request
              LambdaFunctionARN: !Ref Worker.Version
"""


def graph_of(text: str):
    template = Template(parse_yaml(text).root, text=text)
    return template, template.graph


def test_sam_events_are_typed_triggers_with_sources():
    template, graph = graph_of(SAM)
    worker = template.resources["Worker"]
    kinds = {t.kind: t for t in graph.triggers(worker)}
    assert set(kinds) == {"SQS", "S3", "DynamoDB", "Api", "Schedule", "CloudFront"}
    assert kinds["SQS"].source is template.resources["Queue"] and kinds["SQS"].is_poller
    assert kinds["SQS"].get("BatchSize").value == 5 and kinds["SQS"].get("BatchSize").span[0] == 13
    assert kinds["S3"].is_async and kinds["Api"].is_sync
    assert kinds["Api"].source.logical_id == "ServerlessRestApi" and kinds["Api"].source.implicit
    assert graph.consumers(template.resources["Queue"]) == [worker]


def test_implicit_sam_resources_and_version_references():
    template, graph = graph_of(SAM)
    assert {"WorkerRole", "WorkerVersion", "WorkerAliaslive", "ServerlessRestApi"} <= set(graph.implicit)
    (association,) = graph.edge_associations()
    assert association.function is template.resources["Worker"]
    assert association.event_type == "viewer-request"


def test_edge_associations_of_one_distribution():
    second = (
        SAM
        + """\
  Other:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        DefaultCacheBehavior:
          LambdaFunctionAssociations:
            - {EventType: origin-response, LambdaFunctionARN: arn:aws:lambda:us-east-1:123456789012:function:edge:3}
            - {EventType: viewer-response, LambdaFunctionARN: !Ref Worker.Version}
"""
    )
    template, graph = graph_of(second)
    worker, first, other = (template.resources[name] for name in ("Worker", "Distribution", "Other"))
    assert [a.event_type for a in graph.edge_associations(distribution=first)] == ["viewer-request"]
    assert [(a.event_type, a.function) for a in graph.edge_associations(distribution=other)] == [
        ("origin-response", None),
        ("viewer-response", worker),
    ]
    assert [a.event_type for a in graph.edge_associations(worker, distribution=other)] == ["viewer-response"]
    assert graph.edge_associations(distribution=worker) == []


def test_reference_edges_from_ref_getatt_sub_and_depends_on():
    text = """\
Resources:
  Role: {Type: AWS::IAM::Role}
  Queue: {Type: AWS::SQS::Queue}
  Fn:
    Type: AWS::Lambda::Function
    DependsOn: Queue
    Properties:
      Role: !GetAtt Role.Arn
      Environment: {Variables: {URL: !Sub "https://${Queue}/x", ARN: !GetAtt Queue.Arn}}
"""
    template, graph = graph_of(text)
    fn = template.resources["Fn"]
    edges = {(e.kind, e.target.logical_id, e.attribute) for e in graph.references(fn)}
    assert edges == {
        ("depends_on", "Queue", None),
        ("getatt", "Role", "Arn"),
        ("sub", "Queue", None),
        ("getatt", "Queue", "Arn"),
        ("role", "Role", None),
    }
    assert [(e.source.logical_id, e.kind) for e in graph.referrers(template.resources["Role"])] == [
        ("Fn", "getatt"),
        ("Fn", "role"),
    ]


def test_cloudformation_event_sources_resolve_functions_through_aliases():
    text = """\
Resources:
  Queue: {Type: AWS::SQS::Queue}
  Fn: {Type: AWS::Lambda::Function}
  Version: {Type: AWS::Lambda::Version, Properties: {FunctionName: !Ref Fn}}
  Alias: {Type: AWS::Lambda::Alias, Properties: {FunctionName: !Ref Fn, FunctionVersion: !GetAtt Version.Version}}
  Mapping:
    Type: AWS::Lambda::EventSourceMapping
    Properties: {EventSourceArn: !GetAtt Queue.Arn, FunctionName: !Ref Alias, BatchSize: 10}
  Topic:
    Type: AWS::SNS::Topic
    Properties: {Subscription: [{Protocol: lambda, Endpoint: !GetAtt Fn.Arn}]}
  Rule:
    Type: AWS::Events::Rule
    Properties: {ScheduleExpression: rate(5 minutes), Targets: [{Id: t, Arn: !GetAtt Fn.Arn}]}
  Method:
    Type: AWS::ApiGateway::Method
    Properties:
      Integration:
        Type: AWS_PROXY
        Uri: !Sub "arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Fn.Arn}/invocations"
"""
    template, graph = graph_of(text)
    fn = template.resources["Fn"]
    kinds = sorted((t.kind, t.declared_by.logical_id) for t in graph.triggers(fn))
    assert kinds == [("Api", "Method"), ("SNS", "Topic"), ("SQS", "Mapping"), ("Schedule", "Rule")]
    (sqs,) = graph.triggers(fn, kind="SQS")
    assert sqs.source is template.resources["Queue"] and sqs.get("BatchSize").value == 10


def test_layers_and_artifacts():
    text = """\
Transform: AWS::Serverless-2016-10-31
Globals:
  Function: {Layers: [!Ref Shared]}
Resources:
  Shared: {Type: AWS::Serverless::LayerVersion, Properties: {ContentUri: layer/}}
  Fn:
    Type: AWS::Serverless::Function
    Properties: {CodeUri: src/, Layers: [arn:aws:lambda:us-east-1:1:layer:x:1]}
  Remote:
    Type: AWS::Serverless::Function
    Properties: {CodeUri: s3://bucket/key.zip}
"""
    template, graph = graph_of(text)
    fn = template.resources["Fn"]
    layers = graph.layers(fn)
    assert [(v.value if isinstance(v.value, str) else v.raw, r.logical_id if r else None) for v, r in layers] == [
        ({"Ref": "Shared"}, "Shared"),
        ("arn:aws:lambda:us-east-1:1:layer:x:1", None),
    ]
    assert [a.path for a in graph.artifacts(fn)] == ["src/"]
    assert graph.artifacts(template.resources["Remote"]) == []


def test_graph_export_formats():
    from slint.graph_export import export_graph

    template, _ = graph_of(SAM)
    mermaid = export_graph(template, "mermaid")
    assert mermaid.startswith("graph LR") and "-->|event|" in mermaid
    dot = export_graph(template, "dot")
    assert '"Queue" -> "Worker" [label="event"];' in dot
    import json

    document = json.loads(export_graph(template, "json"))
    assert {"function": "Worker", "kind": "SQS", "name": "FromQueue", "source": "Queue"} in document["triggers"]
    assert document["artifacts"] == []  # every code location in SAM is remote here


def test_typed_role_and_layer_edges_and_implicit_custom_domain():
    text = """\
Transform: AWS::Serverless-2016-10-31
Resources:
  Role: {Type: AWS::IAM::Role}
  Shared: {Type: AWS::Serverless::LayerVersion, Properties: {ContentUri: layer/}}
  WithRole:
    Type: AWS::Serverless::Function
    Properties: {Role: !GetAtt Role.Arn, Layers: [!Ref Shared]}
  Generated:
    Type: AWS::Serverless::Function
  Api:
    Type: AWS::Serverless::Api
    Properties: {StageName: prod, Domain: {DomainName: api.example.com, CertificateArn: arn}}
"""
    template, graph = graph_of(text)
    with_role = template.resources["WithRole"]
    assert [(e.target.logical_id, e.value.span[0]) for e in graph.references(with_role, "role")] == [("Role", 7)]
    assert [e.target.logical_id for e in graph.references(with_role, "layer")] == ["Shared"]
    (generated_role,) = graph.references(template.resources["Generated"], "role")
    assert generated_role.target.logical_id == "GeneratedRole" and generated_role.target.implicit
    domain = graph.resource("ApiGatewayDomainNameApi")
    assert domain.type == "AWS::ApiGateway::DomainName" and domain.origin is template.resources["Api"]


STATE_MACHINE = """\
Transform: AWS::Serverless-2016-10-31
Resources:
  Bus: {Type: AWS::Events::EventBus, Properties: {Name: orders}}
  Flow:
    Type: AWS::Serverless::StateMachine
    Properties:
      Definition: {StartAt: Done, States: {Done: {Type: Succeed}}}
      Events:
        Nightly: {Type: Schedule, Properties: {Schedule: rate(1 day)}}
        Hourly: {Type: ScheduleV2, Properties: {ScheduleExpression: rate(1 hour)}}
        Orders: {Type: EventBridgeRule, Properties: {EventBusName: !Ref Bus, Pattern: {source: [shop]}}}
        Start: {Type: Api, Properties: {Path: /start, Method: post}}
  Plan:
    Type: AWS::ApiGateway::UsagePlan
    Properties: {ApiStages: [{ApiId: !Ref ServerlessRestApi, Stage: Prod}]}
"""


def test_state_machine_events_are_triggers_of_the_state_machine():
    template, graph = graph_of(STATE_MACHINE)
    flow, bus = template.resources["Flow"], template.resources["Bus"]
    triggers = {t.name: t for t in graph.triggers(flow)}
    assert {name: t.kind for name, t in triggers.items()} == {
        "Nightly": "Schedule",
        "Hourly": "ScheduleV2",
        "Orders": "EventBridgeRule",
        "Start": "Api",
    }
    assert all(t.function is flow and t.declared_by is flow for t in triggers.values())
    assert (
        triggers["Nightly"].get("Schedule").value == "rate(1 day)" and triggers["Nightly"].get("Schedule").span[0] == 9
    )
    assert triggers["Nightly"].source is None and triggers["Hourly"].is_async
    assert triggers["Orders"].source is bus and graph.triggers_from(bus) == [triggers["Orders"]]
    assert triggers["Start"].source is graph.resource("ServerlessRestApi") and triggers["Start"].is_sync
    assert flow not in graph.functions()


def test_state_machine_api_event_creates_the_implicit_rest_api():
    template, graph = graph_of(STATE_MACHINE)
    api = graph.resource("ServerlessRestApi")
    assert api.type == "AWS::Serverless::Api" and api.implicit and api.origin is None
    assert api.span[0] == 12  # located at the event that makes SAM create it
    assert [(e.target.logical_id, e.kind) for e in graph.references(api)] == [("Flow", "event")]
    plan = template.resources["Plan"]
    assert graph.target(plan.get("ApiStages", 0, "ApiId")) is api
    assert [e.source for e in graph.referrers(api, "ref")] == [plan]


def test_lambda_rules_do_not_report_on_a_scheduled_state_machine():
    from tests.conftest import lint

    function = """\
  Job:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      CodeUri: s3://bucket/key.zip
      Events:
        Nightly: {Type: Schedule, Properties: {Schedule: rate(1 day)}}
"""
    report = lint(STATE_MACHINE + function, select=["SL312", "SL313", "SL602"])
    assert [(f.rule, f.resource, f.message_id) for f in report.findings] == [("SL312", "Job", "uncaptured")]


def test_state_machine_without_role_gets_the_role_sam_generates():
    text = """\
Transform: AWS::Serverless-2016-10-31
Resources:
  Flow:
    Type: AWS::Serverless::StateMachine
    Properties:
      Definition: {StartAt: Done, States: {Done: {Type: Succeed}}}
  Given:
    Type: AWS::Serverless::StateMachine
    Properties:
      Role: arn:aws:iam::123456789012:role/flow
      Definition: {StartAt: Done, States: {Done: {Type: Succeed}}}
Outputs:
  RoleArn: {Value: !GetAtt FlowRole.Arn}
  RoleName: {Value: !Ref FlowRole}
"""
    template, graph = graph_of(text)
    flow = template.resources["Flow"]
    role = graph.resource("FlowRole")
    assert role.type == "AWS::IAM::Role" and role.implicit and role.origin is flow
    assert role.span[0] == 3  # located at the state machine that makes SAM create it
    outputs = template.root["Outputs"]
    assert graph.target(outputs["RoleArn"]["Value"]) is role and graph.target(outputs["RoleName"]["Value"]) is role
    assert graph.function_of(outputs["RoleArn"]["Value"]) is None  # a state machine's role leads to no function
    assert graph.resource("GivenRole") is None


def test_no_rule_reports_on_a_state_machine_generated_role():
    from tests.conftest import lint

    text = """\
Transform: AWS::Serverless-2016-10-31
Resources:
  Flow:
    Type: AWS::Serverless::StateMachine
    Properties:
      Definition: {StartAt: Done, States: {Done: {Type: Succeed}}}
  Extra:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: extra
      Roles: [!Ref FlowRole]
      PolicyDocument: {Statement: [{Effect: Allow, Action: states:StartExecution, Resource: "*"}]}
"""
    report = lint(text, select=["SL"])
    # A finding on an implicit resource is attributed to its origin, so only Flow's own finding may show.
    assert [(f.rule, f.message_id, f.line) for f in report.findings if f.resource in ("Flow", "FlowRole")] == [
        ("SL904", "unobserved", 3)
    ]


def test_slint_graph_reads_a_template_as_lint_does(tmp_path, monkeypatch):
    """samconfig's region and parameters apply, and so does the size limit."""
    import pytest

    from slint import engine
    from slint.errors import ConfigError
    from slint.graph_export import load_template

    monkeypatch.delenv("AWS_REGION", raising=False)
    monkeypatch.delenv("AWS_DEFAULT_REGION", raising=False)
    (tmp_path / "template.yaml").write_text(
        "Transform: AWS::Serverless-2016-10-31\nParameters:\n  Stage: {Type: String, Default: dev}\n"
        "Resources:\n  Fn: {Type: AWS::Serverless::Function, Properties: {Runtime: python3.13, Handler: a.b, InlineCode: x}}\n"
    )
    (tmp_path / "samconfig.toml").write_text(
        'version = 0.1\n[default.deploy.parameters]\nregion = "eu-west-1"\nparameter_overrides = "Stage=prod"\n'
    )
    template = load_template(str(tmp_path / "template.yaml"))
    assert (template.region, template.parameter_values) == ("eu-west-1", {"Stage": "prod"})
    monkeypatch.setattr(engine, "MAX_TEMPLATE_BYTES", 10)
    with pytest.raises(ConfigError, match="file is larger than 10 bytes"):
        load_template(str(tmp_path / "template.yaml"))


PERMISSIONS = """\
Parameters:
  Target: {Type: String}
Resources:
  Fn: {Type: AWS::Lambda::Function, Properties: {FunctionName: orders, Runtime: python3.13, Handler: a.b, Code: {ZipFile: x}}}
  Other: {Type: AWS::Lambda::Function, Properties: {Runtime: python3.13, Handler: a.b, Code: {ZipFile: x}}}
  Alias: {Type: AWS::Lambda::Alias, Properties: {FunctionName: !Ref Fn, FunctionVersion: "1", Name: live}}
  ByRef: {Type: AWS::Lambda::Permission, Properties: {FunctionName: !Ref Alias, Action: "lambda:*", Principal: s3.amazonaws.com}}
  ByArn:
    Type: AWS::Lambda::Permission
    Properties: {FunctionName: "arn:aws:lambda:us-east-1:123456789012:function:orders:live", Action: lambda:InvokeFunction, Principal: "*"}
  Elsewhere: {Type: AWS::Lambda::Permission, Properties: {FunctionName: billing, Action: lambda:InvokeFunction, Principal: sns.amazonaws.com}}
"""


def test_invoke_permissions_are_read_once_with_one_policy_for_what_is_unknown():
    _, graph = graph_of(PERMISSIONS)
    fn, other = graph.resource("Fn"), graph.resource("Other")
    found = graph.invoke_permissions(fn)
    assert [p.resource.logical_id for p in found] == ["ByRef", "ByArn"]  # through the alias; by the name in an ARN
    by_ref, by_arn = found
    assert by_ref.allows("s3.amazonaws.com") and not by_ref.allows("apigateway.amazonaws.com")
    assert by_ref.grants("lambda:InvokeFunctionUrl")  # lambda:* grants every action
    assert by_arn.allows("apigateway.amazonaws.com")  # "*": everyone
    assert not by_arn.grants("lambda:InvokeFunctionUrl")
    assert graph.invoke_permissions(other) == []  # "billing" is a function outside the template
    unknown = (
        PERMISSIONS
        + "  Unknown: {Type: AWS::Lambda::Permission, Properties: {FunctionName: !Ref Target, Action: lambda:InvokeFunction, Principal: s3.amazonaws.com}}\n"
    )
    _, graph = graph_of(unknown)
    assert graph.invoke_permissions(graph.resource("Other")) is None  # it may be any function


def test_policy_documents_are_read_one_way():
    from slint.graph.iam import allow_statements
    from slint.values import UNKNOWN

    document = {
        "Statement": [
            {
                "Effect": "Allow",
                "Action": "sts:AssumeRole",
                "Principal": {"Service": ["lambda.amazonaws.com", "edgelambda.amazonaws.com"]},
            },
            {"Effect": "Deny", "Action": "*", "Principal": "*"},
            {"Effect": "Allow", "NotAction": "iam:*"},
            {"Effect": "Allow", "Action": ["ec2:CreateNetworkInterface", UNKNOWN]},
        ]
    }
    trust, not_action, partly = allow_statements(document)
    assert (trust.actions, trust.actions_known, trust.services()) == (
        ("sts:AssumeRole",),
        True,
        ["lambda.amazonaws.com", "edgelambda.amazonaws.com"],
    )
    assert trust.allows_any("sts:*", "sts:AssumeRole") and not trust.allows_any("s3:*")
    assert (not_action.actions, not_action.actions_known) == ((), False)
    assert (partly.actions, partly.actions_known) == (("ec2:CreateNetworkInterface",), False)
    assert allow_statements({"Statement": [{"Effect": UNKNOWN, "Action": "*"}]}) is None
    assert allow_statements("arn:aws:iam::aws:policy/ReadOnlyAccess") is None


def test_creation_order_follows_references_and_depends_on():
    text = (
        "Resources:\n"
        "  Key: {Type: AWS::KMS::Key}\n"
        "  Queue: {Type: AWS::SQS::Queue, Properties: {KmsMasterKeyId: !Ref Key}}\n"
        "  Topic: {Type: AWS::SNS::Topic, DependsOn: Queue}\n"
        "  Other: {Type: AWS::SNS::Topic}\n"
    )
    _, graph = graph_of(text)
    assert graph.created_before(graph.resource("Topic")) == {"Queue", "Key"}
    assert graph.created_before(graph.resource("Other")) == set()


def test_what_is_attached_to_a_function_by_name():
    text = PERMISSIONS + (
        "  Config: {Type: AWS::Lambda::EventInvokeConfig, Properties: {FunctionName: !Ref Alias, Qualifier: live}}\n"
        "  ByName: {Type: AWS::Lambda::EventInvokeConfig, Properties: {FunctionName: orders, Qualifier: $LATEST}}\n"
        "  Outside: {Type: AWS::Lambda::EventInvokeConfig, Properties: {FunctionName: billing, Qualifier: $LATEST}}\n"
    )
    _, graph = graph_of(text)
    configs = graph.attached(graph.resource("Fn"), "AWS::Lambda::EventInvokeConfig")
    assert [c.logical_id for c in configs] == ["Config", "ByName"]
    assert graph.attached(graph.resource("Other"), "AWS::Lambda::EventInvokeConfig") == []
    assert not graph.unidentified_functions("AWS::Lambda::EventInvokeConfig")  # "billing" is known: not in the template
    unknown = (
        text
        + "  Unknown: {Type: AWS::Lambda::EventInvokeConfig, Properties: {FunctionName: !Ref Target, Qualifier: $LATEST}}\n"
    )
    _, graph = graph_of(unknown)
    assert graph.unidentified_functions("AWS::Lambda::EventInvokeConfig")
