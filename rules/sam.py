"""SAM-specific checks: Globals, AutoPublishAlias and gradual deployments (DeploymentPreference)."""

from __future__ import annotations

import difflib
import json
import re
from functools import lru_cache
from pathlib import Path

from slint.model import GLOBALS_SECTIONS
from slint.nodes import intrinsic_name, key_span, sub_template
from slint.rule import Rule, Severity
from slint.values import Value, contains_unknown

_GLOBALS_URL = "https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-specification-template-anatomy-globals.html"
_DEPLOY_URL = "https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-function-deploymentpreference.html"
_GRADUAL_URL = "https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/automating-updates-to-serverless-apps.html"
_CODEDEPLOY_POLICY_URL = "https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSCodeDeployRoleForLambda.html"

# The traffic-shifting types SAM expands to CodeDeploy's predefined Lambda configurations.
PREDEFINED_DEPLOYMENT_TYPES = (
    "Canary10Percent5Minutes",
    "Canary10Percent10Minutes",
    "Canary10Percent15Minutes",
    "Canary10Percent30Minutes",
    "Linear10PercentEvery1Minute",
    "Linear10PercentEvery2Minutes",
    "Linear10PercentEvery3Minutes",
    "Linear10PercentEvery10Minutes",
    "AllAtOnce",
)
_CODEDEPLOY_DEFAULT_PREFIX = "CodeDeployDefault.Lambda"


@lru_cache(maxsize=1)
def globals_allow_lists() -> dict[str, tuple[str, ...]]:
    """Globals section -> the properties SAM accepts in it (rules/data/sam_globals.json)."""
    data = json.loads((Path(__file__).parent / "data" / "sam_globals.json").read_text(encoding="utf-8"))
    return {section: tuple(props) for section, props in data["sections"].items()}


def deployment_preference(function) -> Value | None:
    """The function's DeploymentPreference (Globals merged) when it is enabled, else None."""
    preference = function.get("DeploymentPreference")
    if preference is None or not isinstance(preference.value, dict):
        return None
    enabled = function.get("DeploymentPreference", "Enabled")
    if enabled is not None and enabled.boolean is False:
        return None
    return preference


class SamGlobalsUnsupported(Rule):
    """
    ## What it does
    Checks every section of a SAM template's `Globals` against what SAM accepts: the section name
    must be one of SAM's resource kinds (`Function`, `Api`, `HttpApi`, `SimpleTable`,
    `StateMachine`, `LayerVersion`, `CapacityProvider`, `WebSocketApi`) and each property in it
    must be on SAM's allow-list for that kind. Notably `Role`, `Policies`, `FunctionName`,
    `Events`, `InlineCode`, `PackageType` and `ImageUri` cannot be global, nor `StageName` or
    `DefinitionBody` for APIs.
    ## Why is this bad?
    The SAM transform rejects the template ("'X' is not a supported property of 'Function'") and
    nothing is deployed.
    ## Example
    ```yaml
    Globals:
      Function:
        Runtime: python3.12
        Policies: [AWSLambdaBasicExecutionRole]
    ```
    ## Use instead
    ```yaml
    Globals:
      Function:
        Runtime: python3.12
    Resources:
      Fn:
        Type: AWS::Serverless::Function
        Properties:
          Policies: [AWSLambdaBasicExecutionRole]
    ```
    ## References
    - https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-specification-template-anatomy-globals.html
    """

    id = "SL501"
    name = "sam-globals-unsupported"
    severity = Severity.ERROR
    source_url = _GLOBALS_URL
    messages = {
        "unknown_section": "Globals section '{section}' is not supported by SAM; supported sections: {supported}",
        "unsupported_property": "'{prop}' cannot be set in Globals.{section}; SAM supports it only on each {type} resource",
    }

    def check_template(self, template, ctx):
        if not template.is_sam:
            return
        allowed = globals_allow_lists()
        globals_node = template.globals
        for section, props in globals_node.items():
            if section not in allowed:
                where = Value(section, section, key_span(globals_node, section), ("Globals", section))
                ctx.report(where, "unknown_section", section=section, supported=", ".join(allowed))
                continue
            if not isinstance(props, dict) or intrinsic_name(props):
                continue
            for prop in props:
                if prop not in allowed[section]:
                    where = Value(prop, prop, key_span(props, prop), ("Globals", section, prop))
                    ctx.report(where, "unsupported_property", prop=prop, section=section, type=GLOBALS_SECTIONS.get(section, section))


class SamAutoPublishAlias(Rule):
    """
    ## What it does
    Checks `AutoPublishAlias` on SAM functions (Globals merged): an enabled `DeploymentPreference`
    or a `ProvisionedConcurrencyConfig` requires it, and its name must contain only letters,
    digits, `-` and `_` and must not be all digits (so not `$LATEST` nor `1`).
    ## Why is this bad?
    The SAM transform rejects the function ("'DeploymentPreference' requires AutoPublishAlias
    property to be specified", "To set ProvisionedConcurrencyConfig AutoPublishAlias must be
    defined") or the alias name, and nothing is deployed.
    ## Example
    ```yaml
    Fn:
      Type: AWS::Serverless::Function
      Properties:
        DeploymentPreference:
          Type: Canary10Percent5Minutes
    ```
    ## Use instead
    ```yaml
    Fn:
      Type: AWS::Serverless::Function
      Properties:
        AutoPublishAlias: live
        DeploymentPreference:
          Type: Canary10Percent5Minutes
    ```
    ## References
    - https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-function-deploymentpreference.html
    - https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-resource-function.html
    """

    id = "SL502"
    name = "sam-autopublishalias"
    severity = Severity.ERROR
    resource_types = ("AWS::Serverless::Function",)
    source_url = _DEPLOY_URL
    ALIAS_NAME = re.compile(r"(?!^[0-9]+$)[a-zA-Z0-9_-]+$")
    messages = {
        "missing_for_deployment": "DeploymentPreference requires AutoPublishAlias on the function; SAM rejects the template without it",
        "missing_for_provisioned": "ProvisionedConcurrencyConfig requires AutoPublishAlias on the function; SAM rejects the template without it",
        "bad_name": "AutoPublishAlias '{value}' must contain only letters, digits, '-' or '_' and not be all digits",
    }

    def check_resource(self, function, ctx):
        alias = function.get("AutoPublishAlias")
        if alias is None or alias.value is None:
            preference = deployment_preference(function)
            if preference is not None:
                ctx.report(preference, "missing_for_deployment")
            provisioned = function.get("ProvisionedConcurrencyConfig")
            if provisioned is not None and provisioned.value is not None:
                ctx.report(provisioned, "missing_for_provisioned")
            return
        for name in function.each("AutoPublishAlias"):
            if isinstance(name.value, str) and not self.ALIAS_NAME.match(name.value):
                ctx.report(name, "bad_name", value=name.describe())


class SamDeploymentPreferenceType(Rule):
    """
    ## What it does
    Checks `DeploymentPreference.Type` of SAM functions (Globals merged). SAM knows nine
    predefined types (`Canary10Percent5Minutes`, `Canary10Percent10Minutes`,
    `Canary10Percent15Minutes`, `Canary10Percent30Minutes`, `Linear10PercentEvery1Minute`,
    `Linear10PercentEvery2Minutes`, `Linear10PercentEvery3Minutes`,
    `Linear10PercentEvery10Minutes`, `AllAtOnce`); anything else is passed to CodeDeploy as the
    name of a custom deployment configuration. A value that differs from a predefined type only
    by case or a typo is an error; any other name is reported for information, since it may be a
    custom configuration that exists in the account. An enabled preference without `Type` is an
    error. References to an in-template `AWS::CodeDeploy::DeploymentConfig` are fine.
    ## Why is this bad?
    SAM rejects a preference without `Type`; CodeDeploy fails the deployment when the named
    configuration does not exist.
    ## Example
    ```yaml
    DeploymentPreference:
      Type: Canary10Percent5Minute
    ```
    ## Use instead
    ```yaml
    DeploymentPreference:
      Type: Canary10Percent5Minutes
    ```
    ## References
    - https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-function-deploymentpreference.html
    - https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/automating-updates-to-serverless-apps.html
    """

    id = "SL503"
    name = "sam-deploymentpreference-type"
    severity = Severity.ERROR
    resource_types = ("AWS::Serverless::Function",)
    source_url = _DEPLOY_URL
    messages = {
        "missing_type": "DeploymentPreference has no Type; SAM requires one of: {types}",
        "misspelled": "DeploymentPreference.Type '{value}' is not a predefined type; did you mean '{suggestion}'?",
        "custom": "DeploymentPreference.Type '{value}' is not one of SAM's predefined types; it must name a CodeDeploy deployment configuration that exists in the account",
    }

    def check_resource(self, function, ctx):
        preference = deployment_preference(function)
        if preference is None:
            return
        if not function.has("DeploymentPreference", "Type"):
            ctx.report(preference, "missing_type", types=", ".join(PREDEFINED_DEPLOYMENT_TYPES))
            return
        for kind in function.each("DeploymentPreference", "Type"):
            text = kind.text
            if text is None or text in PREDEFINED_DEPLOYMENT_TYPES or _is_default_config(text):
                continue
            suggestion = _closest_type(text)
            if suggestion is not None:
                ctx.report(kind, "misspelled", value=text, suggestion=suggestion)
            else:
                ctx.report(kind, "custom", severity=Severity.INFO, value=text)


def _is_default_config(text: str) -> bool:
    return text.startswith(_CODEDEPLOY_DEFAULT_PREFIX) and text[len(_CODEDEPLOY_DEFAULT_PREFIX) :] in PREDEFINED_DEPLOYMENT_TYPES


def _closest_type(text: str) -> str | None:
    lowered = {name.lower(): name for name in PREDEFINED_DEPLOYMENT_TYPES}
    if text.lower() in lowered:
        return lowered[text.lower()]
    matches = difflib.get_close_matches(text.lower(), list(lowered), n=1, cutoff=0.85)
    return lowered[matches[0]] if matches else None


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
    name = "sam-deployment-hooks"
    severity = Severity.ERROR
    resource_types = ("AWS::Serverless::Function",)
    source_url = _CODEDEPLOY_POLICY_URL
    HOOK_PREFIX = "CodeDeployHook_"
    STATUS_ACTION = "codedeploy:PutLifecycleEventHookExecutionStatus"
    messages = {
        "unnamed_hook": "{hook} hook {function} has no FunctionName; without DeploymentPreference.Role, CodeDeploy may invoke only functions named {prefix}*",
        "wrong_name": "{hook} hook FunctionName '{name}' does not start with {prefix}; without DeploymentPreference.Role, CodeDeploy cannot invoke it",
        "no_status_permission": "{hook} hook {function} is not granted {action}, so it cannot report the hook result to CodeDeploy",
        "hook_deploys_gradually": "{hook} hook {function} has its own DeploymentPreference; hooks should deploy all at once",
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
                ctx.report(reference, "hook_deploys_gradually", severity=Severity.WARNING, hook=hook, function=target.logical_id)

    def _check_name(self, target, reference, hook, ctx):
        name = target.get("FunctionName")
        if name is None:
            ctx.report(reference, "unnamed_hook", hook=hook, function=target.logical_id, prefix=self.HOOK_PREFIX)
            return
        prefix = name.text if name.known else _sub_prefix(name.raw)
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
            if contains_unknown(resolved) or any(isinstance(p, str) and ("CodeDeploy" in p or p.startswith("arn:")) for p in _as_list(resolved)):
                return  # a managed policy we cannot read may grant it
            wildcards = (self.STATUS_ACTION, self.STATUS_ACTION.split(":")[0] + ":*", "*")
            granted = any(grant.kind == "statement" and any(a in wildcards for a in grant.actions) for grant in ctx.graph.grants(target))
        if not granted:
            ctx.report(reference, "no_status_permission", severity=Severity.WARNING, hook=hook, function=target.logical_id, action=self.STATUS_ACTION)


def _sub_prefix(raw) -> str | None:
    """The literal text before the first ${...} of a Fn::Sub, or None."""
    text = sub_template(raw)
    return text.split("${", 1)[0] if text is not None else None


def _could_start_with(text: str, prefix: str, *, exact: bool) -> bool:
    if exact or len(text) >= len(prefix):
        return text.startswith(prefix)
    return prefix.startswith(text)


def _as_list(value) -> list:
    return value if isinstance(value, list) else [value]


class SamDeploymentAlarms(Rule):
    """
    ## What it does
    Flags a gradual SAM `DeploymentPreference` (any `Type` other than `AllAtOnce`, Globals
    merged) without `Alarms`.
    ## Why is this bad?
    CodeDeploy rolls a canary or linear deployment back automatically only when one of the
    listed CloudWatch alarms fires (or a hook fails); without alarms a faulty version shifts to
    100 % of traffic unless someone stops it.
    ## Example
    ```yaml
    DeploymentPreference:
      Type: Canary10Percent5Minutes
    ```
    ## Use instead
    ```yaml
    DeploymentPreference:
      Type: Canary10Percent5Minutes
      Alarms:
        - !Ref ErrorsAlarm
    ```
    ## References
    - https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-function-deploymentpreference.html
    - https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/automating-updates-to-serverless-apps.html
    """

    id = "SL505"
    name = "sam-deployment-alarms"
    severity = Severity.INFO
    resource_types = ("AWS::Serverless::Function",)
    source_url = _GRADUAL_URL
    messages = {"no_alarms": "DeploymentPreference.Type {value} shifts traffic gradually but lists no Alarms, so CodeDeploy cannot roll back automatically"}

    def check_resource(self, function, ctx):
        if deployment_preference(function) is None or function.items("DeploymentPreference", "Alarms") != []:
            return  # alarms listed, or not knowable
        for kind in function.each("DeploymentPreference", "Type"):
            if kind.text is not None and kind.text != "AllAtOnce" and not kind.text.endswith(".LambdaAllAtOnce"):
                ctx.report(kind, "no_alarms", value=kind.text)
