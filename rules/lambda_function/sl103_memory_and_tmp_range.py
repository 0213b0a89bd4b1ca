from __future__ import annotations

from slint.aws import FUNCTION_TYPES
from slint.rule import Message, Rule, Severity

from ._shared import QUOTAS


class LambdaMemoryAndTmpRange(Rule):
    """
    ## What it does
    Checks `MemorySize` (128–10,240 MB, whole megabytes) and `EphemeralStorage.Size` (the
    /tmp size, 512–10,240 MB) wherever they are written: the function, SAM `Globals`, a
    parameter default, either branch of an `Fn::If`. A `MemorySize` above 3,008 MB is
    reported as info: new accounts can have a lower memory quota, which the template cannot
    tell. Functions on Lambda Managed Instances (`CapacityProviderConfig`) have other memory
    limits, so their upper bound is not checked.
    ## Why is this bad?
    Lambda rejects a value outside the range and the deployment fails. Accounts with the
    reduced quota fail with "'MemorySize' value failed to satisfy constraint: Member must have
    value less than or equal to 3008".
    ## Example
    ```yaml
    Fn:
      Type: AWS::Serverless::Function
      Properties:
        MemorySize: 16384
        EphemeralStorage:
          Size: 256
    ```
    ## Use instead
    ```yaml
    Fn:
      Type: AWS::Serverless::Function
      Properties:
        MemorySize: 2048
        EphemeralStorage:
          Size: 512
    ```
    ## Fix safety
    Unsafe: the fix sets the nearest allowed value (the range's bound, or the nearest whole
    megabyte) where the value is written. Less memory also means less CPU, so the function
    may run slower or run out of memory. The reduced-quota note has no fix.
    ## References
    - https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html
    - https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-function.html
    """

    id = "SL103"
    name = "lambda-memory-and-tmp-range"
    severity = Severity.ERROR
    resource_types = FUNCTION_TYPES
    source_url = QUOTAS
    fix_safety = "unsafe"
    MIN_MEMORY_MB = 128
    MAX_MEMORY_MB = 10_240
    REDUCED_QUOTA_MEMORY_MB = 3_008  # the cap some new accounts start with
    MIN_TMP_MB = 512
    MAX_TMP_MB = 10_240
    messages = {
        "memory_out_of_range": "MemorySize {value} MB is outside Lambda's range of {low} to {high} MB",
        "memory_not_whole": "MemorySize {value} must be a whole number of megabytes ({low} to {high})",
        "memory_above_reduced_quota": Message(
            "MemorySize {value} MB is above {limit} MB, the memory maximum of accounts with a reduced quota (new "
            "accounts); the deployment fails there unless the quota was raised",
            Severity.INFO,
        ),
        "tmp_out_of_range": "EphemeralStorage.Size {value} MB is outside Lambda's range of {low} to {high} MB",
        "tmp_not_whole": "EphemeralStorage.Size {value} must be a whole number of megabytes ({low} to {high})",
    }

    def check_resource(self, function, ctx):
        managed_instances = function.has("CapacityProviderConfig")
        for memory in function.each("MemorySize"):
            megabytes = memory.number
            if megabytes is None or memory.is_default:
                continue
            limits = {"value": memory.describe(), "low": self.MIN_MEMORY_MB, "high": self.MAX_MEMORY_MB}
            high = megabytes if managed_instances else self.MAX_MEMORY_MB
            if megabytes != int(megabytes):
                ctx.report(
                    memory, "memory_not_whole", **limits, fix=self._nearest(memory, self.MIN_MEMORY_MB, high, ctx)
                )
            elif megabytes < self.MIN_MEMORY_MB or (megabytes > self.MAX_MEMORY_MB and not managed_instances):
                ctx.report(
                    memory, "memory_out_of_range", **limits, fix=self._nearest(memory, self.MIN_MEMORY_MB, high, ctx)
                )
            elif megabytes > self.REDUCED_QUOTA_MEMORY_MB and not managed_instances:
                ctx.report(
                    memory, "memory_above_reduced_quota", value=memory.describe(), limit=self.REDUCED_QUOTA_MEMORY_MB
                )
        for size in function.each("EphemeralStorage", "Size"):
            megabytes = size.number
            if megabytes is None or size.is_default:
                continue
            limits = {"value": size.describe(), "low": self.MIN_TMP_MB, "high": self.MAX_TMP_MB}
            if megabytes != int(megabytes):
                ctx.report(
                    size, "tmp_not_whole", **limits, fix=self._nearest(size, self.MIN_TMP_MB, self.MAX_TMP_MB, ctx)
                )
            elif not self.MIN_TMP_MB <= megabytes <= self.MAX_TMP_MB:
                ctx.report(
                    size, "tmp_out_of_range", **limits, fix=self._nearest(size, self.MIN_TMP_MB, self.MAX_TMP_MB, ctx)
                )

    @staticmethod
    def _nearest(value, low, high, ctx):
        return ctx.replace(value, min(max(round(value.number), low), max(high, low)))
