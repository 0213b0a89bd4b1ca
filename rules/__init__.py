"""slint's built-in rule pack, registered through the ``slint.rules`` entry point like any plugin.

Layout: one sub-package per area, one module per rule named after its id and what it checks
(``apigateway/sl607_throttle_above_quota.py``); helpers shared inside an area live in its
``_shared.py``, helpers shared across areas in ``rules/_<topic>.py``. The registry imports every
module whose name does not start with ``_``.

Rule ids: ``SL`` + three digits, the hundreds digit naming the area. Ids are never reused
(nor are retired message ids: SL108 ``too_long``, the 4,096-character inline-code limit that
CloudFormation removed).

| ids   | area |
|-------|------|
| SL0xx | template, parsing, CloudFormation quotas; SL020-SL029 the schema layer (provider schemas) |
| SL1xx | Lambda function configuration |
| SL2xx | packaging, local files, runtimes |
| SL3xx | concurrency, VPC, asynchronous invocation |
| SL4xx | event sources: event source mappings, SQS, streams, S3, SNS, EventBridge, schedules |
| SL5xx | SAM-specific |
| SL6xx | API Gateway and function URLs |
| SL7xx | CloudFront, Lambda@Edge, CloudFront Functions |
| SL8xx | DynamoDB, Step Functions, Cognito |
| SL9xx | observability, hygiene, containers |
"""
