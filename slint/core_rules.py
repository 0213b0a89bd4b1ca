"""Rules the engine itself reports: a template that cannot be read, a rule that failed.

They are ordinary rules in every other respect (listed, selectable, documented), so users can
see, filter and suppress them like any other finding."""

from __future__ import annotations

from dataclasses import replace

from .findings import Finding, Severity
from .rule import Message, Rule

# Findings kept per rule and message per file: enough for any real template (the corpus peaks
# far below it), small enough that a file of a million YAML aliases makes a report of kilobytes.
MAX_FINDINGS_PER_RULE = 1_000


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
    Also a folder that cannot be listed (no permission, a path longer than the system allows),
    and a `samconfig.toml`/`.yaml` beside a template that cannot be read or parsed: the
    template is then linted without its region and parameter overrides.
    ## Why is this bad?
    CloudFormation rejects a template it cannot parse; nothing else in the file can be checked.
    Without its samconfig, a template is checked without the region and parameter values a
    deployment would use, so findings that depend on them may be missing or wrong.
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
    messages = {
        "parse": "cannot parse template: {error}",
        "unreadable": "cannot read file: {error}",
        "unreadable_folder": "cannot read folder, so no template in it is linted: {error}",
        "samconfig": "samconfig not used, so neither its region nor its parameters: {where}",
    }
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
        "no_reason": Message(
            "{where} gives no reason, and require_suppression_reason is set; add one ({example})", Severity.ERROR
        ),
    }
    source_url = ""


class AnalysisCutShort(EngineRule):
    """
    ## What it does
    Reports a template whose intrinsic functions take more work to resolve than slint allows
    one template (500,000 steps), or build a string longer than 1,048,576 characters: a
    mapping that looks itself up, `Fn::Sub` or `Fn::Join` that doubles its text at every level.
    Past that point values are unknown, so rules stay silent on them.
    ## Why is this bad?
    Some checks could not look at every value, so a real problem may go unreported. Such a
    template is almost always a mistake: CloudFormation rejects templates over 1 MB and
    mappings that hold intrinsic functions.
    ## Example
    ```yaml
    Mappings:
      Sizes:
        Fn:
          Timeout: !Join ["", [!FindInMap [Sizes, Fn, Timeout], !FindInMap [Sizes, Fn, Timeout]]]
    ```
    ## Use instead
    ```yaml
    Mappings:
      Sizes:
        Fn:
          Timeout: 30
    ```
    ## References
    - https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/mappings-section-structure.html
    """

    id = "SL007"
    name = "analysis-cut-short"
    severity = Severity.WARNING
    messages = {"cut_short": "analysis cut short: {reason}; later values are treated as unknown"}
    source_url = (
        "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/mappings-section-structure.html"
    )


def cap_findings(findings: list[Finding]) -> list[Finding]:
    """At most MAX_FINDINGS_PER_RULE findings per rule and message id, in the order given; the
    rest are counted in one finding of the same rule at the first one left out."""
    counts: dict[tuple, int] = {}
    for finding in findings:
        key = (finding.rule, finding.message_id)
        counts[key] = counts.get(key, 0) + 1
    if all(count <= MAX_FINDINGS_PER_RULE for count in counts.values()):
        return findings
    kept: list[Finding] = []
    seen: dict[tuple, int] = {}
    for finding in findings:
        key = (finding.rule, finding.message_id)
        number = seen[key] = seen.get(key, 0) + 1
        if number <= MAX_FINDINGS_PER_RULE:
            kept.append(finding)
        elif number == MAX_FINDINGS_PER_RULE + 1:
            omitted = counts[key] - MAX_FINDINGS_PER_RULE
            message = f"{omitted:,} more {finding.rule} finding{'s' if omitted > 1 else ''} like the above not listed, from here on (slint lists {MAX_FINDINGS_PER_RULE:,} per rule and file)"
            kept.append(replace(finding, message=message, message_id="more"))
    return kept


ENGINE_RULES = (InternalError, ParseFailure, AnalysisCutShort, UnusedSuppression, InvalidSuppression)
