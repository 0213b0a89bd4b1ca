from __future__ import annotations

from slint.rule import Rule, Severity


class EcsTaskDefinitionContainers(Rule):
    """
    ## What it does
    Flags an `AWS::ECS::TaskDefinition` whose `ContainerDefinitions` lists more than ten
    containers.
    ## Why is this bad?
    A task definition holds at most ten containers; ECS rejects a larger one and the stack
    fails.
    ## Example
    A task definition with eleven entries under `ContainerDefinitions`.
    ## Use instead
    Split the containers across task definitions (services) that scale independently.
    ## References
    - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/welcome-features.html
    """

    id = "SL901"
    name = "ecs-too-many-containers"
    aliases = ("ecs-taskdef-containers",)
    severity = Severity.ERROR
    resource_types = ("AWS::ECS::TaskDefinition",)
    source_url = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/welcome-features.html"
    MAX_CONTAINERS = 10
    messages = {"too_many": "ContainerDefinitions lists {count} containers; a task definition holds at most {limit}"}

    def check_resource(self, task, ctx):
        containers = task.items("ContainerDefinitions")
        if containers is not None and len(containers) > self.MAX_CONTAINERS:
            ctx.report(containers[self.MAX_CONTAINERS], "too_many", count=len(containers), limit=self.MAX_CONTAINERS)
