from __future__ import annotations

from slint.rule import Rule, Severity


def _is_wildcard(action: str) -> bool:
    return action == "*" or action.endswith(":*")


class IamWildcardActions(Rule):
    """
    ## What it does
    Notes an `Allow` statement that a function's role holds with `Action: "*"` or a whole
    service (`s3:*`): statements in SAM `Policies` (Globals included), and in the policies of
    an in-template execution role (inline, or `AWS::IAM::Policy`/`ManagedPolicy` attached to it).
    One note per resource that writes such statements, at the first wildcard `Action`, naming
    every wildcard action there and the functions that hold it.
    ## Why is this bad?
    A wildcard grants every current and future action of the service; a bug or an injected
    input in the function can then delete or expose far more than the function needs.
    ## Example
    ```yaml
    Table:
      Type: AWS::DynamoDB::Table
      Properties:
        BillingMode: PAY_PER_REQUEST
        AttributeDefinitions: [{AttributeName: pk, AttributeType: S}]
        KeySchema: [{AttributeName: pk, KeyType: HASH}]
    Fn:
      Type: AWS::Serverless::Function
      Properties:
        CodeUri: src/
        Handler: app.handler
        Runtime: python3.13
        Policies:
          - Statement:
              - Effect: Allow
                Action: "dynamodb:*"
                Resource: !GetAtt Table.Arn
    ```
    ## Use instead
    ```yaml
    Table:
      Type: AWS::DynamoDB::Table
      Properties:
        BillingMode: PAY_PER_REQUEST
        AttributeDefinitions: [{AttributeName: pk, AttributeType: S}]
        KeySchema: [{AttributeName: pk, KeyType: HASH}]
    Fn:
      Type: AWS::Serverless::Function
      Properties:
        CodeUri: src/
        Handler: app.handler
        Runtime: python3.13
        Policies:
          - DynamoDBReadPolicy: {TableName: !Ref Table}
    ```
    ## References
    - https://awslabs.github.io/serverless-rules/rules (WS1003 Lambda star permissions)
    - https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html
    """

    id = "SL905"
    name = "iam-wildcard-actions"
    severity = Severity.INFO
    source_url = "https://awslabs.github.io/serverless-rules/rules"
    messages = {
        "wildcard": "Action {actions} grants every action of {scope} to {functions}; allow only the actions they need",
    }

    def check_template(self, template, ctx):
        by_owner: dict[tuple, list] = {}  # where the statement is written -> [(Action Value, actions, functions)]
        for function in ctx.graph.functions():
            for grant in ctx.graph.grants(function):
                wildcards = [action for action in grant.actions if _is_wildcard(action)]
                if grant.kind != "statement" or grant.action is None or not wildcards:
                    continue
                entries = by_owner.setdefault(grant.action.path[:2], [])  # ("Resources", id) or ("Globals", "Function")
                entry = next((e for e in entries if e[0].path == grant.action.path), None)
                if entry is None:
                    entries.append((grant.action, wildcards, [function.logical_id]))
                elif function.logical_id not in entry[2]:
                    entry[2].append(function.logical_id)
        for entries in by_owner.values():
            actions = list(dict.fromkeys(a for _, wildcards, _ in entries for a in wildcards))
            functions = list(dict.fromkeys(f for _, _, names in entries for f in names))
            scope = "every service" if "*" in actions else "the service" if len(actions) == 1 else "these services"
            ctx.report(
                entries[0][0], "wildcard", actions=", ".join(actions), scope=scope, functions=", ".join(functions)
            )
