"""The schema layer: resource properties checked against the resource provider schemas that
cfn-lint ships (CloudFormation types per region, SAM types), one rule per kind of constraint.
A hand-written rule that reports the same resource and property path wins."""
