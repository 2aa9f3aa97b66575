"""Scoring: versioned methodologies (YAML data) turn findings into points."""
