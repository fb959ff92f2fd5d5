# terraform apply -var-file=environments/prod.tfvars
environment            = "prod"
deployment_config_name = "CodeDeployDefault.ECSLinear10PercentEvery3Minutes"

vpc_id             = "vpc-0fedcba9876543210"
public_subnet_ids  = ["subnet-0f1e2d3c4b5a60011", "subnet-0f1e2d3c4b5a60012"]
private_subnet_ids = ["subnet-0f1e2d3c4b5a60001", "subnet-0f1e2d3c4b5a60002"]
certificate_arn    = "arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000"

image             = "123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.4.2"
github_repository = "org/web"
# prod runs the release (wait-for: ready); prod-approval, with required reviewers, runs mode: continue.
github_environments = ["prod", "prod-approval"]

desired_count            = 2
termination_wait_minutes = 30
approval_gate            = true
# One OIDC provider per account: dev's stack created it (same account here).
create_oidc_provider = false
