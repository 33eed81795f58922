"""Rule modules; each registers its rules with checks.registry.rule."""
