# terraform apply -var-file=environments/dev.tfvars
environment            = "dev"
deployment_config_name = "CodeDeployDefault.ECSCanary10Percent5Minutes"

vpc_id             = "vpc-0123456789abcdef0"
public_subnet_ids  = ["subnet-0a1b2c3d4e5f60011", "subnet-0a1b2c3d4e5f60012"]
private_subnet_ids = ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"]

image             = "123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.4.2"
github_repository = "org/web"

desired_count            = 1
termination_wait_minutes = 5
