"""Documented defaults: what AWS uses when a template leaves a property out.

Keyed by resource type, then by property path. Sources are in the comments beside each group.
"""

from __future__ import annotations

_LAMBDA = {
    # https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-function.html
    ("Timeout",): 3,
    ("MemorySize",): 128,
    ("EphemeralStorage", "Size"): 512,
    ("PackageType",): "Zip",
    ("Architectures",): ["x86_64"],
}

DEFAULTS: dict[str, dict[tuple, object]] = {
    "AWS::Lambda::Function": _LAMBDA,
    "AWS::Serverless::Function": _LAMBDA,
    # https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sqs-queue.html
    "AWS::SQS::Queue": {
        ("VisibilityTimeout",): 30,
        ("MessageRetentionPeriod",): 345600,
        ("FifoQueue",): False,
    },
    # REST APIs are edge-optimized unless told otherwise.
    # https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigateway-restapi.html
    "AWS::ApiGateway::RestApi": {("EndpointConfiguration", "Types"): ["EDGE"]},
    "AWS::ApiGateway::DomainName": {("EndpointConfiguration", "Types"): ["EDGE"]},
    # https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-resource-api.html
    # (SAM's Domain.EndpointConfiguration defaults to REGIONAL, unlike the API itself.)
    "AWS::Serverless::Api": {
        ("EndpointConfiguration", "Type"): "EDGE",
        ("Domain", "EndpointConfiguration"): "REGIONAL",
    },
    "AWS::DynamoDB::GlobalTable": {("MultiRegionConsistency",): "EVENTUAL"},
}
