"""The lint rules, one small module each; ``cfnbridge.lint.registry`` lists them in one table."""
