from __future__ import annotations

from slint.aws import FUNCTION_TYPES
from slint.rule import Rule, Severity, entries, ref_name

from ._shared import QUOTAS


def _layer_key(item) -> str | None:
    if isinstance(item.value, str):
        return item.value
    return ref_name(item)


class LambdaLayersMax(Rule):
    """
    ## What it does
    Counts a function's layers after SAM merges `Globals` (Globals layers come first, then the
    function's own) and flags more than five, and flags a layer listed twice.
    ## Why is this bad?
    Lambda accepts at most five layers per function; the deployment fails with six. The SAM
    merge makes this easy to miss: three layers in Globals plus three in a function is six.
    ## Example
    ```yaml
    Globals:
      Function:
        Layers: [!Ref Common, !Ref Logging, !Ref Tracing]
    Resources:
      Fn:
        Type: AWS::Serverless::Function
        Properties:
          Layers: [!Ref Pandas, !Ref Numpy, !Ref Scipy]
    ```
    ## Use instead
    ```yaml
    Globals:
      Function:
        Layers: [!Ref Common]   # logging and tracing helpers combined into one layer
    Resources:
      Fn:
        Type: AWS::Serverless::Function
        Properties:
          Layers: [!Ref Pandas, !Ref Numpy, !Ref Scipy]
    ```
    Combine layers, or ship the dependencies in the function package or a container image.
    ## Fix safety
    Safe, for a layer listed twice: the fix removes the repeat where it is written (the
    function's list, or Globals when both are there); Lambda loads a layer once either way.
    Too many layers has no fix: which to combine is a design choice.
    ## References
    - https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html
    - https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-specification-template-anatomy-globals.html
    """

    id = "SL102"
    name = "lambda-too-many-layers"
    aliases = ("lambda-layers-max",)
    severity = Severity.ERROR
    resource_types = FUNCTION_TYPES
    source_url = QUOTAS
    fix_safety = "safe"
    MAX_LAYERS = 5
    messages = {
        "too_many": "Layers lists {count} layers{detail}; Lambda allows at most {limit} per function",
        "duplicate": "Layer {layer} is listed twice for this function{detail}",
    }

    def check_resource(self, function, ctx):
        for layers in function.each("Layers"):
            if not isinstance(layers.value, list):
                continue
            count = len(layers.value)
            from_globals = sum(1 for _, layer in entries(layers) if layer.from_globals)
            detail = f" ({from_globals} from Globals)" if from_globals and not layers.from_globals else ""
            if count > self.MAX_LAYERS:
                ctx.report(layers, "too_many", count=count, detail=detail, limit=self.MAX_LAYERS)
        seen: dict[str, bool] = {}  # layer -> listed in Globals
        for item in function.items("Layers") or []:
            key = _layer_key(item)
            if key is None:
                continue
            if key in seen:
                where = " (once in Globals)" if seen[key] and not item.from_globals else ""
                ctx.report(
                    item,
                    "duplicate",
                    layer=key,
                    detail=where,
                    fix=ctx.remove_item(item, f"Remove the repeated layer {key}"),
                )
            seen[key] = item.from_globals
