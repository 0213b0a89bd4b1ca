from __future__ import annotations

from slint.rule import Message, Rule, Severity, contains_unknown, sub_text

from ._shared import deployment_preference

_CODEDEPLOY_POLICY_URL = (
    "https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSCodeDeployRoleForLambda.html"
)


def _sub_prefix(value) -> str | None:
    """The literal text before the first ${...} of a Fn::Sub, or None."""
    text = sub_text(value)
    return text.split("${", 1)[0] if text is not None else None


def _could_start_with(text: str, prefix: str, *, exact: bool) -> bool:
    if exact or len(text) >= len(prefix):
        return text.startswith(prefix)
    return prefix.startswith(text)


def _as_list(value) -> list:
    return value if isinstance(value, list) else [value]


class SamDeploymentHooks(Rule):
    """
    ## What it does
    Checks the `Hooks.PreTraffic` / `Hooks.PostTraffic` functions of a SAM `DeploymentPreference`
    (Globals merged). Without `DeploymentPreference.Role`, SAM gives CodeDeploy a role with the
    `AWSCodeDeployRoleForLambda` managed policy, which may invoke only functions named
    `CodeDeployHook_*`: a hook without such a `FunctionName` is an error. The hook must also be
    allowed to call `codedeploy:PutLifecycleEventHookExecutionStatus` (warning when its
    `Policies` are all known and none grants it), and a hook should not itself have a
    `DeploymentPreference` (warning).
    ## Why is this bad?
    CodeDeploy cannot invoke the hook, or the hook cannot report its result, so the deployment
    fails and CloudFormation rolls back. A hook that is itself deployed gradually creates a
    circular update.
    ## Example
    ```yaml
    Fn:
      Type: AWS::Serverless::Function
      Properties:
        AutoPublishAlias: live
        DeploymentPreference:
          Type: Canary10Percent5Minutes
          Hooks:
            PreTraffic: !Ref PreTrafficHook
    PreTrafficHook:
      Type: AWS::Serverless::Function
      Properties:
        Handler: hook.handler
    ```
    ## Use instead
    ```yaml
    PreTrafficHook:
      Type: AWS::Serverless::Function
      Properties:
        FunctionName: CodeDeployHook_preTraffic
        Handler: hook.handler
        Policies:
          - Statement:
              - Effect: Allow
                Action: codedeploy:PutLifecycleEventHookExecutionStatus
                Resource: "*"
    ```
    ## References
    - https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSCodeDeployRoleForLambda.html
    - https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/automating-updates-to-serverless-apps.html
    """

    id = "SL504"
    name = "sam-deployment-hooks-invalid"
    aliases = ("sam-deployment-hooks",)
    severity = Severity.ERROR
    resource_types = ("AWS::Serverless::Function",)
    source_url = _CODEDEPLOY_POLICY_URL
    HOOK_PREFIX = "CodeDeployHook_"
    STATUS_ACTION = "codedeploy:PutLifecycleEventHookExecutionStatus"
    messages = {
        "unnamed_hook": (
            "{hook} hook {function} has no FunctionName; without DeploymentPreference.Role, CodeDeploy may invoke only "
            "functions named {prefix}*"
        ),
        "wrong_name": (
            "{hook} hook FunctionName '{name}' does not start with {prefix}; without DeploymentPreference.Role, "
            "CodeDeploy cannot invoke it"
        ),
        "no_status_permission": Message(
            "{hook} hook {function} is not granted {action}, so it cannot report the hook result to CodeDeploy",
            Severity.WARNING,
        ),
        "hook_deploys_gradually": Message(
            "{hook} hook {function} has its own DeploymentPreference; hooks should deploy all at once", Severity.WARNING
        ),
    }

    def check_resource(self, function, ctx):
        preference = deployment_preference(function)
        if preference is None:
            return
        custom_role = function.has("DeploymentPreference", "Role")
        for hook in ("PreTraffic", "PostTraffic"):
            reference = function.get("DeploymentPreference", "Hooks", hook)
            if reference is None:
                continue
            target = ctx.graph.function_of(reference)
            if target is None:
                if not custom_role:
                    self._check_arn(reference, hook, ctx)
                continue
            if not custom_role:
                self._check_name(target, reference, hook, ctx)
            self._check_permission(target, reference, hook, ctx)
            if target.type == "AWS::Serverless::Function" and deployment_preference(target) is not None:
                ctx.report(reference, "hook_deploys_gradually", hook=hook, function=target.logical_id)

    def _check_name(self, target, reference, hook, ctx):
        name = target.get("FunctionName")
        if name is None:
            ctx.report(reference, "unnamed_hook", hook=hook, function=target.logical_id, prefix=self.HOOK_PREFIX)
            return
        prefix = name.text if name.known else _sub_prefix(name)
        if prefix is not None and not _could_start_with(prefix, self.HOOK_PREFIX, exact=name.known):
            ctx.report(reference, "wrong_name", hook=hook, name=name.text or prefix + "…", prefix=self.HOOK_PREFIX)

    def _check_arn(self, reference, hook, ctx):
        text = reference.text
        if text is None or ":function:" not in text:
            return
        name = text.split(":function:", 1)[1].split(":")[0]
        if not name.startswith(self.HOOK_PREFIX):
            ctx.report(reference, "wrong_name", hook=hook, name=name, prefix=self.HOOK_PREFIX)

    def _check_permission(self, target, reference, hook, ctx):
        if target.type != "AWS::Serverless::Function" or target.has("Role"):
            return
        policies = target.get("Policies")
        if policies is None:
            granted = False
        else:
            resolved = policies.resolved()
            if contains_unknown(resolved) or any(
                isinstance(p, str) and ("CodeDeploy" in p or p.startswith("arn:")) for p in _as_list(resolved)
            ):
                return  # a managed policy we cannot read may grant it
            wildcards = (self.STATUS_ACTION, self.STATUS_ACTION.split(":")[0] + ":*", "*")
            granted = any(
                grant.kind == "statement" and any(a in wildcards for a in grant.actions)
                for grant in ctx.graph.grants(target)
            )
        if not granted:
            ctx.report(
                reference, "no_status_permission", hook=hook, function=target.logical_id, action=self.STATUS_ACTION
            )
