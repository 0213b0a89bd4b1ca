from __future__ import annotations

import re

from slint.rule import SAM_EVENT_OWNER_TYPES, Message, Rule, Severity, checks

from ._shared import EVENTS_RULE, SCHEDULE, sam_events, values

_EB_SCHEDULE = "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html"

_RATE = re.compile(r"^rate\((.*)\)$", re.S)
_CRON = re.compile(r"^cron\((.*)\)$", re.S)
_AT = re.compile(r"^at\((.*)\)$", re.S)
_AT_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$")
_UNITS = {"minute": "minutes", "hour": "hours", "day": "days"}


class ScheduleExpression(Rule):
    """
    ## What it does
    Checks schedule expressions in SAM `Schedule` and `ScheduleV2` events (of functions and of
    state machines), `AWS::Events::Rule` and `AWS::Scheduler::Schedule`: `rate(N unit)` with a
    positive whole N and a unit of minutes, hours or days (singular when N is 1 and plural
    otherwise, for EventBridge rules); `cron(...)` with exactly six fields and `?` in the
    day-of-month or the day-of-week field; `at(...)` (EventBridge Scheduler only) as
    `yyyy-mm-ddThh:mm:ss`. Notes (info) that scheduled EventBridge rules are legacy and
    EventBridge Scheduler is recommended.
    ## Why is this bad?
    EventBridge rejects an invalid expression and the deployment fails. There are no sub-minute
    rates.
    ## Example
    ```yaml
    Events:
      Nightly:
        Type: ScheduleV2
        Properties: {ScheduleExpression: "cron(0 3 * * * *)"}
    ```
    ## Use instead
    ```yaml
    Events:
      Nightly:
        Type: ScheduleV2
        Properties: {ScheduleExpression: "cron(0 3 * * ? *)"}
    ```
    ## References
    - https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html
    - https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html
    - https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-statemachine-statemachineschedule.html
    """

    id = "SL441"
    name = "schedule-expression-invalid"
    aliases = ("schedule-expression",)
    severity = Severity.ERROR
    resource_types = (*SAM_EVENT_OWNER_TYPES, EVENTS_RULE, SCHEDULE)
    source_url = _EB_SCHEDULE
    CRON_FIELDS = 6
    messages = {
        "bad_form": "Schedule expression {value} is not {forms}",
        "rate_value": (
            "Schedule expression {value}: the rate must be a positive whole number followed by minutes, hours or days"
        ),
        "rate_unit_number": "Schedule expression {value}: use '{expected}' (singular for 1, plural otherwise)",
        "cron_fields": (
            "Schedule expression {value} has {count} cron fields; EventBridge expects {expected} (minutes hours "
            "day-of-month month day-of-week year)"
        ),
        "cron_question": "Schedule expression {value} sets both day-of-month and day-of-week; one of them must be '?'",
        "at_format": "Schedule expression {value}: a one-time schedule is at(yyyy-mm-ddThh:mm:ss)",
        "legacy": Message(
            "Scheduled EventBridge rules are legacy; EventBridge Scheduler (SAM ScheduleV2, AWS::Scheduler::Schedule) "
            "is recommended",
            Severity.INFO,
        ),
    }

    @checks(*SAM_EVENT_OWNER_TYPES)
    def check_sam_events(self, resource, ctx):
        for event in sam_events(resource, ctx, ("Schedule", "ScheduleV2")):
            scheduler = event.kind == "ScheduleV2"
            self._check(event.get("ScheduleExpression" if scheduler else "Schedule"), scheduler, ctx)

    @checks(EVENTS_RULE, SCHEDULE)
    def check_schedule(self, resource, ctx):
        self._check(resource.get("ScheduleExpression"), resource.type == SCHEDULE, ctx)

    def _check(self, expression, scheduler: bool, ctx):
        if expression is None:
            return
        for value in values(expression):
            if isinstance(value.text, str):
                self._check_text(value, value.text.strip(), scheduler, ctx)
        if not scheduler:
            ctx.report(expression, "legacy")

    def _check_text(self, value, text, scheduler, ctx):
        shown = value.describe()
        if match := _RATE.match(text):
            parts = match.group(1).split()
            amount = parts[0] if parts else ""
            unit = parts[1] if len(parts) == 2 else ""
            singular = unit if unit in _UNITS else next((s for s, p in _UNITS.items() if p == unit), None)
            if not amount.isdigit() or int(amount) < 1 or singular is None:
                ctx.report(value, "rate_value", value=shown)
            elif not scheduler:
                expected = singular if int(amount) == 1 else _UNITS[singular]
                if unit != expected:
                    ctx.report(value, "rate_unit_number", value=shown, expected=f"rate({amount} {expected})")
        elif match := _CRON.match(text):
            fields = match.group(1).split()
            if len(fields) != self.CRON_FIELDS:
                ctx.report(value, "cron_fields", value=shown, count=len(fields), expected=self.CRON_FIELDS)
            elif "?" not in (fields[2], fields[4]):
                ctx.report(value, "cron_question", value=shown)
        elif scheduler and (match := _AT.match(text)):
            if not _AT_TIME.match(match.group(1).strip()):
                ctx.report(value, "at_format", value=shown)
        else:
            ctx.report(
                value,
                "bad_form",
                value=shown,
                forms="rate(...), cron(...) or at(...)" if scheduler else "rate(...) or cron(...)",
            )
