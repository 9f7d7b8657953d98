"""cases models."""
