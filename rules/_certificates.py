"""Where an ACM certificate lives, shared by the custom-domain and CloudFront rules."""

from __future__ import annotations

from slint.aws import arn_region

CERTIFICATE_TYPE = "AWS::CertificateManager::Certificate"


def check_certificate_region(ctx, cert, *, required: str | None, reason: str, prop: str) -> None:
    """Report ``cert`` (a Value) when its certificate is not in ``required`` (None: the stack's region).

    Rules using this need the messages ``wrong_region``, ``stack_region`` and
    ``stack_region_unknown`` (an info: the region is unknown)."""
    stack_region = ctx.region
    target = ctx.graph.target(cert)
    if target is not None and target.type == CERTIFICATE_TYPE:
        # A certificate created by this stack lives in the stack's region.
        if required is None:
            return
        if stack_region is None:
            ctx.report(
                cert, "stack_region_unknown", property=prop, cert=target.logical_id, required=required, reason=reason
            )
        elif stack_region != required:
            ctx.report(
                cert,
                "stack_region",
                property=prop,
                cert=target.logical_id,
                region=stack_region,
                required=required,
                reason=reason,
            )
        return
    for option in cert.possibilities():
        region = arn_region(option.value)
        if region is None:
            continue
        expected = required or stack_region
        if expected is not None and region != expected:
            ctx.report(option, "wrong_region", property=prop, cert_region=region, required=expected, reason=reason)
