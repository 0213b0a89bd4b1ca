from __future__ import annotations

from slint.aws import FUNCTION_TYPES
from slint.rule import Rule, Severity

_DATABASE_TYPES = ("AWS::RDS::DBInstance", "AWS::RDS::DBCluster")
_ENDPOINT_ATTRIBUTES = ("Endpoint", "ReadEndpoint")


class LambdaRdsWithoutProxy(Rule):
    """
    ## What it does
    Notes a function whose environment variables name the endpoint of an in-template RDS
    instance or Aurora cluster (`!GetAtt Db.Endpoint.Address`, `ReadEndpoint.Address`, or the
    same inside `!Sub`) instead of an `AWS::RDS::DBProxy` endpoint.
    ## Why is this bad?
    Each concurrent execution environment opens its own database connections; a burst of
    invocations can exhaust the database's connection limit. RDS Proxy pools and shares
    connections. A design recommendation, hence info.
    ## Example
    ```yaml
    Database:
      Type: AWS::RDS::DBInstance
      Properties:
        Engine: postgres
        DBInstanceClass: db.t4g.micro
        AllocatedStorage: "20"
        MasterUsername: app
        ManageMasterUserPassword: true
    Fn:
      Type: AWS::Serverless::Function
      Properties:
        CodeUri: src/
        Handler: app.handler
        Runtime: python3.13
        Environment:
          Variables:
            DB_HOST: !GetAtt Database.Endpoint.Address
    ```
    ## Use instead
    ```yaml
    Database:
      Type: AWS::RDS::DBInstance
      Properties:
        Engine: postgres
        DBInstanceClass: db.t4g.micro
        AllocatedStorage: "20"
        MasterUsername: app
        ManageMasterUserPassword: true
    DatabaseProxy:
      Type: AWS::RDS::DBProxy
      Properties:
        DBProxyName: app-proxy
        EngineFamily: POSTGRESQL
        RoleArn: !GetAtt ProxyRole.Arn
        VpcSubnetIds: [!Ref PrivateSubnetA, !Ref PrivateSubnetB]
        Auth:
          - AuthScheme: SECRETS
            SecretArn: !GetAtt Database.MasterUserSecret.SecretArn
    Fn:
      Type: AWS::Serverless::Function
      Properties:
        CodeUri: src/
        Handler: app.handler
        Runtime: python3.13
        Environment:
          Variables:
            DB_HOST: !GetAtt DatabaseProxy.Endpoint
    ```
    The proxy also needs a target group (`AWS::RDS::DBProxyTargetGroup`) naming the instance.
    ## References
    - https://docs.aws.amazon.com/lambda/latest/dg/configuration-database.html
    - https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy.html
    """

    id = "SL306"
    name = "lambda-rds-without-proxy"
    severity = Severity.INFO
    resource_types = FUNCTION_TYPES
    source_url = "https://docs.aws.amazon.com/lambda/latest/dg/configuration-database.html"
    messages = {
        "direct": (
            "Environment variable {variable} points at {database} ({attribute}) directly; consider an RDS Proxy so "
            "that concurrent executions share connections"
        ),
    }

    def check_resource(self, function, ctx):
        for edge in ctx.graph.references(function):
            if edge.kind not in ("getatt", "sub") or edge.target.type not in _DATABASE_TYPES or edge.value is None:
                continue
            path = edge.value.path
            if not (edge.attribute or "").startswith(_ENDPOINT_ATTRIBUTES) or "Environment" not in path:
                continue
            variable = path[path.index("Environment") + 2] if len(path) > path.index("Environment") + 2 else "?"
            ctx.report(
                edge.value, "direct", variable=variable, database=edge.target.logical_id, attribute=edge.attribute
            )
