from __future__ import annotations

from slint.rule import Message, Rule, Severity

from .._apis import setting, stage_path, stage_settings
from ._shared import STAGE_TYPES, _options

_CACHE_URL = "https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-caching.html"


class ApiCacheConfig(Rule):
    """
    ## What it does
    Checks REST API stage caching: `CacheClusterSize` must be one of the sizes API Gateway
    offers (0.5, 1.6, 6.1, 13.5, 28.4, 58.2, 118 or 237 GB); `CacheTtlInSeconds` must be
    0–3,600; `CachingEnabled: true` in `MethodSettings` needs `CacheClusterEnabled: true` on the
    stage; cached data should be encrypted (`CacheDataEncrypted: true`). It reads SAM
    `AWS::Serverless::Api` (`CacheClusterEnabled`, `CacheClusterSize`, `MethodSettings`, also from
    `Globals.Api` and on SAM's implicit API), `AWS::ApiGateway::Stage` and the `StageDescription`
    of an `AWS::ApiGateway::Deployment`, with parameter defaults and both branches of an `Fn::If`.
    The list of sizes comes from the API Gateway API reference (`CacheClusterSize` enumeration);
    the TTL range from the caching guide.
    ## Why is this bad?
    API Gateway rejects an unknown cache size or an out-of-range TTL and the deployment fails. A
    method that enables caching on a stage without a cache cluster caches nothing, and an
    unencrypted cache stores responses (which may hold personal data) in clear.
    ## Example
    ```yaml
    Api:
      Type: AWS::Serverless::Api
      Properties:
        StageName: prod
        CacheClusterSize: "2"
        MethodSettings:
          - {ResourcePath: "/*", HttpMethod: "*", CachingEnabled: true, CacheTtlInSeconds: 7200}
    ```
    ## Use instead
    ```yaml
    Api:
      Type: AWS::Serverless::Api
      Properties:
        StageName: prod
        CacheClusterEnabled: true
        CacheClusterSize: "1.6"
        MethodSettings:
          - ResourcePath: "/*"
            HttpMethod: "*"
            CachingEnabled: true
            CacheTtlInSeconds: 3600
            CacheDataEncrypted: true
    ```
    ## References
    - https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-caching.html
    - https://docs.aws.amazon.com/apigateway/latest/api/API_CreateStage.html
    """

    id = "SL606"
    name = "apigw-cache-config-invalid"
    aliases = ("apigw-cache-config",)
    severity = Severity.ERROR
    resource_types = STAGE_TYPES
    include_implicit = True  # SAM's ServerlessRestApi takes Globals.Api cache settings
    source_url = _CACHE_URL
    CACHE_SIZES_GB = ("0.5", "1.6", "6.1", "13.5", "28.4", "58.2", "118", "237")
    MAX_TTL_SECONDS = 3_600
    messages = {
        "bad_size": "{property} {value} is not a cache size API Gateway offers ({allowed} GB)",
        "ttl_range": "CacheTtlInSeconds {value} is outside API Gateway's range of 0 to {limit} seconds",
        "no_cluster": Message(
            "CachingEnabled is true but {cluster} is not true, so the stage has no cache cluster and nothing is cached",
            Severity.WARNING,
        ),
        "not_encrypted": Message(
            "Caching is enabled without CacheDataEncrypted: true; cached responses are stored unencrypted",
            Severity.INFO,
        ),
    }

    def check_resource(self, stage, ctx):
        size_path = stage_path(stage, "CacheClusterSize")
        for size in stage.each(*size_path):
            text = size.text if size.text is not None else size.describe()
            if text not in self.CACHE_SIZES_GB:
                ctx.report(
                    size,
                    "bad_size",
                    property=".".join(size_path),
                    value=size.describe(),
                    allowed=", ".join(self.CACHE_SIZES_GB),
                )
        cluster_path = stage_path(stage, "CacheClusterEnabled")
        cluster = stage.get(*cluster_path)
        cluster_options = [option.boolean for option in cluster.possibilities()] if cluster is not None else [False]
        for entry in stage_settings(stage):
            for ttl in _options(setting(stage, entry, "CacheTtlInSeconds")):
                if ttl.number is not None and not 0 <= ttl.number <= self.MAX_TTL_SECONDS:
                    ctx.report(ttl, "ttl_range", value=ttl.describe(), limit=self.MAX_TTL_SECONDS)
            caching = next(
                (option for option in _options(setting(stage, entry, "CachingEnabled")) if option.boolean), None
            )
            if caching is None:
                continue
            if cluster_options and not any(cluster_options):
                ctx.report(caching, "no_cluster", cluster=".".join(cluster_path))
            encrypted = setting(stage, entry, "CacheDataEncrypted")
            if encrypted is None:
                ctx.report(caching, "not_encrypted")
            for option in _options(encrypted):
                if option.boolean is False:
                    ctx.report(option, "not_encrypted")
