"""Rules the engine itself reports: a template that cannot be read, a rule that failed.

They are ordinary rules in every other respect (listed, selectable, documented), so users can
see, filter and suppress them like any other finding."""

from __future__ import annotations

from .findings import Severity
from .rule import Message, Rule


class EngineRule(Rule):
    """Base for rules whose findings come from the engine rather than a check."""

    @classmethod
    def has_template_check(cls) -> bool:
        return True


class InternalError(EngineRule):
    """
    ## What it does
    Reports a rule that raised an exception on a template, naming the rule and the exception.
    ## Why is this bad?
    The rule could not check this template, so a real problem may go unreported; every other
    rule still ran. Please report it with the template that caused it.
    ## Example
    (any template that makes a rule fail)
    ## Use instead
    Nothing to change in the template; upgrade slint or disable the failing rule meanwhile.
    ## References
    - none: this is slint's own failure, not a fact about AWS
    """

    id = "SL000"
    name = "internal-error"
    severity = Severity.ERROR
    messages = {"failed": "rule {rule} failed: {error}", "template_failed": "slint failed on this template: {error}"}
    source_url = ""


class ParseFailure(EngineRule):
    """
    ## What it does
    Reports a template that cannot be read: invalid YAML or JSON, an encoding other than UTF-8
    (or UTF-16/32 with a byte-order mark), binary data, nesting too deep, or a file too large.
    ## Why is this bad?
    CloudFormation rejects a template it cannot parse; nothing else in the file can be checked.
    ## Example
    ```yaml
    Resources:
      Fn: {Type: AWS::Lambda::Function
    ```
    ## Use instead
    ```yaml
    Resources:
      Fn: {Type: AWS::Lambda::Function}
    ```
    ## References
    - https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-formats.html
    """

    id = "SL001"
    name = "parse-error"
    severity = Severity.ERROR
    messages = {"parse": "cannot parse template: {error}", "unreadable": "cannot read file: {error}"}
    source_url = "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-formats.html"



class UnusedSuppression(EngineRule):
    """
    ## What it does
    With `--report-unused-suppressions`, lists suppressions (inline comments, resource Metadata,
    per-file configuration) that matched no finding.
    ## Why is this bad?
    A stale suppression hides nothing today but will silently hide a real problem tomorrow.
    ## Example
    ```yaml
    Timeout: 30  # slint: ignore[SL101]
    ```
    ## Use instead
    ```yaml
    Timeout: 30
    ```
    ## References
    - none: this is about slint's own configuration
    """

    id = "SL009"
    name = "unused-suppression"
    severity = Severity.INFO
    messages = {"unused": "unused {what}"}
    source_url = ""


class InvalidSuppression(EngineRule):
    """
    ## What it does
    Flags a suppression that cannot mean what it says: an inline `# slint: ignore[...]` or a
    `Metadata: {slint: {ignore: [...]}}` (resource or template) naming no known rule, and an
    unknown key under `Metadata.slint`. The message suggests the closest rule id, name or key.
    With `require_suppression_reason: true` in the configuration, a suppression without a
    reason (`# slint: ignore[SL101] reason: ...`, or `Metadata.slint.reason`) is an error.
    ## Why is this bad?
    A typo such as `SL1O3` suppresses nothing, so the finding it was meant to silence fails the
    run while the comment looks as if it were handled.
    ## Example
    ```yaml
    Resources:
      Fn:
        Type: AWS::Lambda::Function
        Properties:
          Timeout: 30  # slint: ignore[SL1O1]
    ```
    ## Use instead
    ```yaml
    Resources:
      Fn:
        Type: AWS::Lambda::Function
        Properties:
          Timeout: 30  # slint: ignore[SL101]
    ```
    ## References
    - none: this is about slint's own suppressions
    """

    id = "SL005"
    name = "invalid-suppression"
    severity = Severity.WARNING
    messages = {
        "unknown_rule": "{where}: {problem}",
        "unknown_key": "unknown key '{key}' under Metadata.slint{hint}",
        "no_reason": Message("{where} gives no reason, and require_suppression_reason is set; add one ({example})", Severity.ERROR),
    }
    source_url = ""


ENGINE_RULES = (InternalError, ParseFailure, UnusedSuppression, InvalidSuppression)
