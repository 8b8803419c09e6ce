"""Data package: the AWS -> OpenStack resource maps (YAML) and their JSON schema."""
