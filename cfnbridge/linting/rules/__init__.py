"""The lint rules, one small module each; ``cfnbridge.linting.registry`` lists them in one table."""
