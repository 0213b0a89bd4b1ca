from __future__ import annotations

from slint.rule import Message, Rule, Severity, contains_unknown, entry

from .._apis import REST_API_TYPES, endpoint_types


class ApiPrivatePolicy(Rule):
    """
    ## What it does
    Flags a private REST API without a resource policy: SAM `AWS::Serverless::Api` whose
    `EndpointConfiguration` (a string or `{Type: …}`, also from `Globals.Api` and on SAM's implicit
    API) is PRIVATE without `Policy`, `Auth.ResourcePolicy` or an `x-amazon-apigateway-policy` in
    `DefinitionBody`; `AWS::ApiGateway::RestApi` with `EndpointConfiguration.Types: [PRIVATE]`
    without `Policy` (or one in `Body`). An API defined in an external file (`DefinitionUri`,
    `BodyS3Location`) is skipped. A policy that never names `aws:SourceVpce`/`aws:SourceVpc` (nor
    SAM's VPC allow-lists) is reported for information.
    ## Why is this bad?
    API Gateway refuses to deploy a private API without a resource policy ("Private REST API
    doesn't have a resource policy attached to it"), so the stack fails; a policy that does not
    restrict the VPC endpoint lets any VPC endpoint in any account reach the API.
    ## Example
    ```yaml
    Api:
      Type: AWS::Serverless::Api
      Properties:
        StageName: prod
        EndpointConfiguration: PRIVATE
    ```
    ## Use instead
    ```yaml
    Api:
      Type: AWS::Serverless::Api
      Properties:
        StageName: prod
        EndpointConfiguration:
          Type: PRIVATE
          VPCEndpointIds: [!Ref ApiEndpoint]
        Auth:
          ResourcePolicy:
            IntrinsicVpceWhitelist: [!Ref ApiEndpoint]
    ```
    ## References
    - https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-private-api-create.html
    - https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html
    """

    id = "SL604"
    name = "apigw-private-policy-missing"
    aliases = ("apigw-private-policy",)
    severity = Severity.ERROR
    resource_types = REST_API_TYPES
    include_implicit = True  # SAM's ServerlessRestApi/ServerlessHttpApi carry Globals too
    source_url = "https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-private-api-create.html"
    OPENAPI_POLICY = "x-amazon-apigateway-policy"
    SAM_VPC_KEYS = ("SourceVpcWhitelist", "IntrinsicVpcWhitelist", "IntrinsicVpceWhitelist")
    messages = {
        "no_policy": (
            "EndpointConfiguration is PRIVATE but the API has no resource policy ({where}); API Gateway refuses to "
            "deploy a private API without one"
        ),
        "no_vpc_condition": Message(
            "The private API's resource policy never names aws:SourceVpce or aws:SourceVpc, so it does not restrict "
            "which VPC endpoints can call it",
            Severity.INFO,
        ),
    }

    def check_resource(self, api, ctx):
        private = next((value for kind, value in endpoint_types(api) if kind == "PRIVATE"), None)
        if private is None:
            return
        sam = api.type == "AWS::Serverless::Api"
        if api.has("DefinitionUri" if sam else "BodyS3Location"):
            return
        written = [api.get("Policy"), api.get("Auth", "ResourcePolicy") if sam else None]
        policies = [(policy, policy) for policy in written if policy is not None]  # (where to report, the policy)
        body = api.get("DefinitionBody" if sam else "Body")
        if body is not None:
            resolved = body.resolved()
            if not isinstance(resolved, dict):
                return
            if self.OPENAPI_POLICY in resolved:
                policy = entry(body, self.OPENAPI_POLICY)
                if policy is None:
                    return  # the body is built by an intrinsic: its policy cannot be read
                policies.append((body, policy))
        if not policies:
            where = "Policy, Auth.ResourcePolicy or x-amazon-apigateway-policy" if sam else "Policy"
            ctx.report(private, "no_policy", where=where)
            return
        resolved = [policy.resolved() for _, policy in policies]
        if contains_unknown(resolved):
            return  # a part we cannot read may name the VPC
        text = " ".join(str(policy) for policy in resolved)
        if "aws:SourceVpc" not in text and not any(key in text for key in self.SAM_VPC_KEYS):
            ctx.report(policies[0][0], "no_vpc_condition")
