from __future__ import annotations

from slint.rule import SAM_EVENT_OWNER_TYPES, Rule, Severity, checks

from ._shared import SCHEDULE, sam_events, values


class SchedulerFlexibleWindow(Rule):
    """
    ## What it does
    Checks `FlexibleTimeWindow` of `AWS::Scheduler::Schedule` (required there) and of SAM
    `ScheduleV2` events of functions and state machines (optional; SAM uses `OFF` when absent):
    `Mode` is `OFF` or `FLEXIBLE`, and `FLEXIBLE` needs `MaximumWindowInMinutes` from 1 to 1,440.
    ## Why is this bad?
    EventBridge Scheduler rejects the schedule and the deployment fails.
    ## Example
    ```yaml
    Fn:
      Type: AWS::Serverless::Function
      Properties:
        CodeUri: src/
        Handler: app.handler
        Runtime: python3.13
        Events:
          Nightly:
            Type: ScheduleV2
            Properties:
              ScheduleExpression: cron(0 2 * * ? *)
              FlexibleTimeWindow:
                Mode: FLEXIBLE
    ```
    ## Use instead
    ```yaml
    Fn:
      Type: AWS::Serverless::Function
      Properties:
        CodeUri: src/
        Handler: app.handler
        Runtime: python3.13
        Events:
          Nightly:
            Type: ScheduleV2
            Properties:
              ScheduleExpression: cron(0 2 * * ? *)
              FlexibleTimeWindow:
                Mode: FLEXIBLE
                MaximumWindowInMinutes: 15
    ```
    ## Fix safety
    Unsafe: `MaximumWindowInMinutes` out of range becomes the nearest allowed value (1 or 1,440),
    so the schedule runs with a different window. An unquoted YAML `Mode: OFF` (read as the
    boolean false) becomes `"OFF"`, which is what was meant; `ON` has no fix.
    ## References
    - https://docs.aws.amazon.com/scheduler/latest/UserGuide/managing-schedule-flexible-time-windows.html
    - https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-scheduler-schedule-flexibletimewindow.html
    - https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-statemachine-statemachineschedulev2.html
    """

    id = "SL442"
    name = "scheduler-flexible-window-invalid"
    aliases = ("scheduler-flexible-window",)
    severity = Severity.ERROR
    resource_types = (*SAM_EVENT_OWNER_TYPES, SCHEDULE)
    source_url = "https://docs.aws.amazon.com/scheduler/latest/UserGuide/managing-schedule-flexible-time-windows.html"
    MODES = ("OFF", "FLEXIBLE")
    MIN_WINDOW_MINUTES = 1
    MAX_WINDOW_MINUTES = 1_440
    fix_safety = "unsafe"
    messages = {
        "missing": "AWS::Scheduler::Schedule requires FlexibleTimeWindow (Mode OFF or FLEXIBLE)",
        "bad_mode": "FlexibleTimeWindow Mode {value} is not one of {modes}{hint}",
        "window_required": "FlexibleTimeWindow Mode FLEXIBLE requires MaximumWindowInMinutes ({minimum}–{maximum})",
        "window_range": "FlexibleTimeWindow MaximumWindowInMinutes {value} is outside {minimum}–{maximum}",
    }

    @checks(SCHEDULE)
    def check_schedule(self, resource, ctx):
        if resource.get("FlexibleTimeWindow") is None:
            ctx.report(resource, "missing")
            return
        self._check(resource.get, ctx)

    @checks(*SAM_EVENT_OWNER_TYPES)
    def check_sam_events(self, resource, ctx):
        for event in sam_events(resource, ctx, ("ScheduleV2",)):
            self._check(event.get, ctx)

    def _check(self, get, ctx):
        limits = dict(minimum=self.MIN_WINDOW_MINUTES, maximum=self.MAX_WINDOW_MINUTES)
        for mode in values(get("FlexibleTimeWindow", "Mode")):
            if mode.value not in self.MODES:
                hint = ' (unquoted OFF/ON are YAML booleans: write "OFF")' if isinstance(mode.value, bool) else ""
                fix = (
                    ctx.replace(mode, "OFF", 'Write Mode as "OFF"') if mode.value is False else None
                )  # YAML read OFF as false
                ctx.report(mode, "bad_mode", value=mode.describe(), modes=", ".join(self.MODES), hint=hint, fix=fix)
            elif mode.value == "FLEXIBLE" and get("FlexibleTimeWindow", "MaximumWindowInMinutes") is None:
                ctx.report(mode, "window_required", **limits)
        for window in values(get("FlexibleTimeWindow", "MaximumWindowInMinutes")):
            if window.number is not None and not self.MIN_WINDOW_MINUTES <= window.number <= self.MAX_WINDOW_MINUTES:
                nearest = min(max(round(window.number), self.MIN_WINDOW_MINUTES), self.MAX_WINDOW_MINUTES)
                ctx.report(window, "window_range", value=window.describe(), **limits, fix=ctx.replace(window, nearest))
