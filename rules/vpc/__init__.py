"""Lambda in a VPC: subnets and security groups, Availability Zones, the execution role, databases."""
