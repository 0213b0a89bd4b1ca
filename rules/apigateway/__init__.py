"""API Gateway: REST (v1) and HTTP/WebSocket (v2) APIs, SAM and CloudFormation."""
