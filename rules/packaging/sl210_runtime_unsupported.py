from __future__ import annotations

import difflib
from datetime import date
from functools import cache

from slint.aws import FUNCTION_TYPES
from slint.rule import Message, Rule, Severity, checks

from .._runtimes import RuntimeLifecycle, runtime_data, runtime_version

LAYER_TYPES = ("AWS::Serverless::LayerVersion", "AWS::Lambda::LayerVersion")


def _supported(runtime: RuntimeLifecycle, today: date) -> bool:
    return runtime.deprecated is None or runtime.deprecated > today


@cache  # a template names the same few runtimes many times
def upgrade_for(runtime: RuntimeLifecycle, today: date) -> str | None:
    """The family's supported runtime that stays supported longest."""
    runtimes, _ = runtime_data()
    candidates = [r for r in runtimes.values() if r.family == runtime.family and r.deprecated and _supported(r, today)]
    if not candidates:
        return None
    return max(candidates, key=lambda r: (r.deprecated, runtime_version(r.name) or ("", ()))).name


def _newer_than_known(name: str, runtimes: dict) -> bool:
    """A well-formed identifier above the newest known version of its language: likely released after the data."""
    parsed = runtime_version(name)
    if parsed is None:
        return False
    prefix, version = parsed
    known = [v for v in (runtime_version(other) for other in runtimes) if v and v[0] == prefix]
    return bool(known) and version > max(v for _, v in known)


def _suggestion(name: str, runtimes: dict) -> str:
    by_lower = {known.lower(): known for known in runtimes}
    if name.lower() in by_lower:
        return f" (identifiers are lower case: {by_lower[name.lower()]})"
    if len(name) * 3 > max(map(len, runtimes), default=0) * 7:  # difflib's ratio stays under 0.6: skip its work
        return ""
    close = difflib.get_close_matches(name.lower(), list(runtimes), n=1, cutoff=0.6)
    return f" (did you mean {close[0]}?)" if close else ""


def _days(count: int) -> str:
    return "1 day" if count == 1 else f"{count} days"


def _blocks(runtime: RuntimeLifecycle) -> str:
    if runtime.block_create and runtime.block_update:
        return (
            f"; Lambda blocks creating functions on it from {runtime.block_create}"
            f" and updating them from {runtime.block_update}"
        )
    return ""


class LambdaRuntime(Rule):
    """
    ## What it does
    Checks each function's `Runtime` (in the function, in SAM `Globals`, from a parameter
    default, in either branch of an `Fn::If`) and each runtime a layer lists in
    `CompatibleRuntimes` (SAM and CloudFormation layers) against the Lambda runtime
    lifecycle, as of today (`--today`, or `today:` in the configuration, to lint as of
    another date):

    - **error**: an identifier Lambda does not know (a typo; the closest identifier is
      suggested), or a runtime past its *block update* date (creating and updating functions
      fail);
    - **error**: a runtime past its *block create* date (new functions fail; existing ones can
      still be updated until the block-update date);
    - **warning**: a deprecated runtime (no more security patches or support);
    - **info**: a runtime deprecated within the next 180 days.

    For layers the lifecycle findings are at most warnings: the blocks apply to functions.
    Lifecycle dates live in `rules/data/runtimes.json` (source and "as of" date inside); dates
    AWS has not announced yet are never guessed.
    ## Why is this bad?
    Lambda stops patching deprecated runtimes, then blocks creating functions on them, then
    blocks updating them: a deployment that worked last month fails. An unknown identifier
    is rejected outright.
    ## Example
    ```yaml
    Fn:
      Type: AWS::Serverless::Function
      Properties:
        CodeUri: src/
        Handler: app.handler
        Runtime: python3.8
    ```
    ## Use instead
    ```yaml
    Fn:
      Type: AWS::Serverless::Function
      Properties:
        CodeUri: src/
        Handler: app.handler
        Runtime: python3.13
    ```
    ## Fix safety
    Unsafe: for a function's runtime past its deprecation date, the fix writes the runtime of
    the same family that stays supported longest (the upgrade the message names) where the
    value is written. Code and dependencies may need changes for the new version. Layers'
    `CompatibleRuntimes` and unknown identifiers get no fix.
    ## References
    - https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html
    - https://docs.aws.amazon.com/lambda/latest/dg/runtime-support-policy.html
    """

    id = "SL210"
    name = "lambda-runtime-unsupported"
    aliases = ("lambda-runtime",)
    severity = Severity.ERROR
    resource_types = FUNCTION_TYPES + LAYER_TYPES
    source_url = "https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html"
    SOON_DAYS = 180
    fix_safety = "unsafe"
    messages = {
        "unknown": "{property} {value} is not a Lambda runtime identifier{suggestion}",
        "not_in_data": Message(
            "{property} {value} is newer than every runtime slint knows (runtime data as of {as_of}); check that "
            "Lambda offers it, and update slint",
            Severity.WARNING,
        ),
        "update_blocked": (
            "{property} {value} reached end of support: Lambda blocks creating and updating functions on it since "
            "{block_update}{upgrade}"
        ),
        "create_blocked": (
            "{property} {value} is deprecated: Lambda blocks creating functions on it since {block_create}; existing "
            "functions can be updated until {block_update}{upgrade}"
        ),
        "deprecated": Message("{property} {value} is deprecated since {deprecated}{blocks}{upgrade}", Severity.WARNING),
        "deprecation_soon": Message(
            "{property} {value} is deprecated on {deprecated}, in {days}{upgrade}", Severity.INFO
        ),
    }

    @checks(*FUNCTION_TYPES)
    def check_function(self, resource, ctx):
        for runtime in resource.each("Runtime"):
            self._check(runtime, "Runtime", ctx, is_layer=False)

    @checks(*LAYER_TYPES)
    def check_layer(self, resource, ctx):
        for item in resource.items("CompatibleRuntimes") or []:
            for runtime in item.possibilities():
                self._check(runtime, "CompatibleRuntimes", ctx, is_layer=True)

    def _check(self, value, property_name, ctx, *, is_layer):
        name = value.text
        if name is None:
            return
        runtimes, as_of = runtime_data()
        runtime = runtimes.get(name)
        if runtime is None:
            if _newer_than_known(name, runtimes):
                ctx.report(value, "not_in_data", property=property_name, value=name, as_of=as_of)
            else:
                ctx.report(value, "unknown", property=property_name, value=name, suggestion=_suggestion(name, runtimes))
            return
        today = ctx.today
        dates = [d for d in (runtime.deprecated, runtime.block_create, runtime.block_update) if d]
        if not dates or (min(dates) - today).days > self.SOON_DAYS:
            return  # supported, with no lifecycle date near: nothing to say
        upgrade = upgrade_for(runtime, today)
        upgrade_text = f"; upgrade to {upgrade}" if upgrade and upgrade != name else ""
        lifecycle_cap = Severity.WARNING if is_layer else None
        common = {"property": property_name, "value": name, "upgrade": upgrade_text}
        if upgrade_text and not is_layer:
            common["fix"] = ctx.replace(value, upgrade, f"Upgrade {property_name} to {upgrade}")
        if runtime.block_update and today >= runtime.block_update:
            ctx.report(value, "update_blocked", severity=lifecycle_cap, block_update=runtime.block_update, **common)
        elif runtime.block_create and today >= runtime.block_create:
            ctx.report(
                value,
                "create_blocked",
                severity=lifecycle_cap,
                block_create=runtime.block_create,
                block_update=runtime.block_update or "a date not yet announced",
                **common,
            )
        elif runtime.deprecated and today >= runtime.deprecated:
            ctx.report(value, "deprecated", deprecated=runtime.deprecated, blocks=_blocks(runtime), **common)
        elif runtime.deprecated and (runtime.deprecated - today).days <= self.SOON_DAYS:
            common.pop("fix", None)  # not deprecated yet: the fix is for runtimes past it
            ctx.report(
                value,
                "deprecation_soon",
                deprecated=runtime.deprecated,
                days=_days((runtime.deprecated - today).days),
                **common,
            )
