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
    ```yaml
    App:
      Type: AWS::ECS::TaskDefinition
      Properties:
        ContainerDefinitions:
          - {Name: web, Image: 'registry.example.com/web:1.0'}
          - {Name: api, Image: 'registry.example.com/api:1.0'}
          - {Name: worker, Image: 'registry.example.com/worker:1.0'}
          - {Name: cron, Image: 'registry.example.com/cron:1.0'}
          - {Name: mailer, Image: 'registry.example.com/mailer:1.0'}
          - {Name: search, Image: 'registry.example.com/search:1.0'}
          - {Name: cache, Image: 'registry.example.com/cache:1.0'}
          - {Name: metrics, Image: 'registry.example.com/metrics:1.0'}
          - {Name: logs, Image: 'registry.example.com/logs:1.0'}
          - {Name: proxy, Image: 'registry.example.com/proxy:1.0'}
          - {Name: auth, Image: 'registry.example.com/auth:1.0'}
    ```
    ## Use instead
    ```yaml
    Frontend:
      Type: AWS::ECS::TaskDefinition
      Properties:
        ContainerDefinitions:
          - {Name: web, Image: 'registry.example.com/web:1.0'}
          - {Name: api, Image: 'registry.example.com/api:1.0'}
          - {Name: worker, Image: 'registry.example.com/worker:1.0'}
          - {Name: cron, Image: 'registry.example.com/cron:1.0'}
          - {Name: mailer, Image: 'registry.example.com/mailer:1.0'}
    Backend:
      Type: AWS::ECS::TaskDefinition
      Properties:
        ContainerDefinitions:
          - {Name: search, Image: 'registry.example.com/search:1.0'}
          - {Name: cache, Image: 'registry.example.com/cache:1.0'}
          - {Name: metrics, Image: 'registry.example.com/metrics:1.0'}
          - {Name: logs, Image: 'registry.example.com/logs:1.0'}
          - {Name: proxy, Image: 'registry.example.com/proxy:1.0'}
          - {Name: auth, Image: 'registry.example.com/auth:1.0'}
    ```
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
