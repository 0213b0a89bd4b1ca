from __future__ import annotations

from slint.rule import Message, Rule, Severity

from ._shared import USER_POOL


class CognitoPasswordPolicy(Rule):
    """
    ## What it does
    Checks `Policies.PasswordPolicy` of an `AWS::Cognito::UserPool`: `MinimumLength` outside
    6–99 is an error; a `MinimumLength` below 8, or any of `RequireLowercase`,
    `RequireNumbers`, `RequireSymbols` and `RequireUppercase` set to false, is a warning (one
    finding naming every relaxed requirement). Values from parameter defaults and both branches
    of an `Fn::If` are checked; a requirement left out is not judged.
    ## Why is this bad?
    Cognito rejects a minimum length outside 6–99 and the stack fails. Cognito's own default
    policy asks for 8 characters with all four character classes; a weaker policy makes
    guessed and reused passwords easier to use against the pool.
    ## Example
    ```yaml
    Pool:
      Type: AWS::Cognito::UserPool
      Properties:
        Policies:
          PasswordPolicy: {MinimumLength: 4, RequireSymbols: false}
    ```
    ## Use instead
    ```yaml
          PasswordPolicy:
            MinimumLength: 12
            RequireLowercase: true
            RequireNumbers: true
            RequireSymbols: true
            RequireUppercase: true
    ```
    ## References
    - https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-cognito-userpool-passwordpolicy.html
    """

    id = "SL872"
    name = "cognito-password-policy-weak"
    aliases = ("cognito-password-policy",)
    severity = Severity.ERROR
    resource_types = (USER_POOL,)
    source_url = "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-cognito-userpool-passwordpolicy.html"
    MIN_LENGTH = 6
    MAX_LENGTH = 99
    RECOMMENDED_LENGTH = 8  # Cognito's default policy
    REQUIREMENTS = ("RequireLowercase", "RequireNumbers", "RequireSymbols", "RequireUppercase")
    messages = {
        "length_out_of_range": (
            "PasswordPolicy.MinimumLength {value} is outside the {minimum}-{maximum} Cognito accepts"
        ),
        "short_length": Message(
            "PasswordPolicy.MinimumLength {value} is below {recommended}, the length of Cognito's default policy",
            Severity.WARNING,
        ),
        "relaxed": Message(
            "PasswordPolicy sets {requirements} to false; Cognito's default policy requires all four character classes",
            Severity.WARNING,
        ),
    }

    def check_resource(self, pool, ctx):
        policy = ("Policies", "PasswordPolicy")
        for length in pool.each(*policy, "MinimumLength"):
            number = length.number
            if number is None:
                continue
            if not self.MIN_LENGTH <= number <= self.MAX_LENGTH:
                ctx.report(
                    length,
                    "length_out_of_range",
                    value=length.describe(),
                    minimum=self.MIN_LENGTH,
                    maximum=self.MAX_LENGTH,
                )
            elif number < self.RECOMMENDED_LENGTH:
                ctx.report(length, "short_length", value=length.describe(), recommended=self.RECOMMENDED_LENGTH)
        relaxed = [
            (name, value) for name in self.REQUIREMENTS for value in pool.each(*policy, name) if value.boolean is False
        ]
        if relaxed:
            names = ", ".join(dict.fromkeys(name for name, _ in relaxed))
            ctx.report(relaxed[0][1], "relaxed", requirements=names)
