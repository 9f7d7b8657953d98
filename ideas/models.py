"""ideas models."""
