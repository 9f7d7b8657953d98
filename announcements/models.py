"""announcements models."""
